package importer

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// File is one file to import: its key (the source path that identifies it across
// imports), how messages name it, and its content or where to read it.
type File struct {
	Key  string
	Name string
	Data []byte // nil: read Path
	Path string
	Err  string // why the file could not be read, when it could not
}

// Markdown reports whether a name is a Markdown file.
func Markdown(name string) bool {
	ext := strings.ToLower(path.Ext(name))
	return ext == ".md" || ext == ".markdown"
}

// skipDir reports folders never imported: version control and dependencies.
func skipDir(name string) bool {
	return name != "." && strings.HasPrefix(name, ".") || name == "node_modules" || name == "vendor"
}

// Collect lists the Markdown files under the paths (files, or folders walked
// recursively), in a stable order. A path that cannot be read is a problem of
// its own; the others are still collected. skipped counts files that are not
// Markdown.
func Collect(paths []string) (files []File, problems []Problem, skipped int) {
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			problems = append(problems, Problem{File: p, Message: "cannot be read: " + pathError(err)})
			continue
		}
		if !info.IsDir() {
			if !Markdown(p) {
				problems = append(problems, Problem{File: p, Message: "is not a Markdown file (.md or .markdown)"})
				continue
			}
			files = append(files, File{Key: key(p, filepath.Dir(p)), Name: p, Path: p})
			continue
		}
		err = filepath.WalkDir(p, func(f string, d fs.DirEntry, err error) error {
			switch {
			case err != nil:
				problems = append(problems, Problem{File: f, Message: "cannot be read: " + pathError(err)})
				return nil
			case d.IsDir() && skipDir(d.Name()):
				return filepath.SkipDir
			case d.IsDir():
				return nil
			case !Markdown(f) || !d.Type().IsRegular():
				skipped++
				return nil
			}
			files = append(files, File{Key: key(f, p), Name: f, Path: f})
			return nil
		})
		if err != nil {
			problems = append(problems, Problem{File: p, Message: err.Error()})
		}
	}
	return files, problems, skipped
}

func pathError(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// key is a file's source key: its path inside the Git repository that holds it,
// after the repository's folder name ("devhub-resources/resources/aro/x.md"), so
// that importing the repository, a folder of it or one file gives the same key.
// Outside a repository it is its path below root (the folder named on the command
// line), after root's own name.
func key(file, root string) string {
	abs, err := filepath.Abs(file)
	if err != nil {
		return filepath.ToSlash(file)
	}
	for dir := filepath.Dir(abs); ; dir = filepath.Dir(dir) {
		if _, err := os.Stat(filepath.Join(dir, ".git")); err == nil {
			return joinKey(dir, abs)
		}
		if parent := filepath.Dir(dir); parent == dir {
			break
		}
	}
	if r, err := filepath.Abs(root); err == nil {
		return joinKey(r, abs)
	}
	return filepath.ToSlash(file)
}

func joinKey(root, abs string) string {
	rel, err := filepath.Rel(root, abs)
	if err != nil {
		rel = filepath.Base(abs)
	}
	return filepath.ToSlash(filepath.Join(filepath.Base(root), rel))
}

// Upload limits: what one request may bring.
const (
	MaxUpload     = 32 << 20  // the request body
	MaxUnpacked   = 128 << 20 // all files of a zip, unpacked
	MaxUploadFile = 2000      // files in one upload
)

// Unzip lists the Markdown files of a zip archive, refusing archives that unpack
// to more than MaxUnpacked bytes or hold more than MaxUploadFile files, whatever
// their headers claim. Entries that are not Markdown are skipped; one too large
// is read only as far as needed to say so.
func Unzip(data []byte) (files []File, skipped int, err error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, 0, fmt.Errorf("the upload is not a zip archive: %w", err)
	}
	total := 0
	for _, f := range zr.File {
		name := path.Clean(strings.ReplaceAll(f.Name, "\\", "/"))
		if f.FileInfo().IsDir() {
			continue
		}
		if !Markdown(name) || strings.HasPrefix(name, "../") || hiddenPath(name) {
			skipped++
			continue
		}
		if len(files) >= MaxUploadFile {
			return nil, 0, fmt.Errorf("the zip holds more than %d Markdown files; split it", MaxUploadFile)
		}
		rc, err := f.Open()
		if err != nil {
			files = append(files, File{Key: name, Name: name, Err: "the zip entry cannot be opened: " + err.Error()})
			continue
		}
		b, err := io.ReadAll(io.LimitReader(rc, MaxFile+1))
		rc.Close()
		if err != nil {
			files = append(files, File{Key: name, Name: name, Err: "the zip entry is damaged: " + err.Error()})
			continue
		}
		if total += len(b); total > MaxUnpacked {
			return nil, 0, fmt.Errorf("the zip unpacks to more than %d MiB; split it", MaxUnpacked>>20)
		}
		files = append(files, File{Key: name, Name: name, Data: b})
	}
	return files, skipped, nil
}

func hiddenPath(name string) bool {
	for part := range strings.SplitSeq(name, "/") {
		if skipDir(part) {
			return true
		}
	}
	return false
}
