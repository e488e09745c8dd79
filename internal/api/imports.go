package api

import (
	"errors"
	"io"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/httpx"
	"github.com/copse-dev/copse/internal/importer"
	"github.com/copse-dev/copse/internal/store"
)

// importBody is the JSON form of POST /api/v1/imports, for scripts.
type importBody struct {
	Files []struct {
		Path    string `json:"path"`
		Content string `json:"content"`
	} `json:"files"`
	Community  string           `json:"community"`
	Visibility copse.Visibility `json:"visibility"`
}

// handleImport imports Markdown files (admins only): a JSON list of files, a zip
// (application/zip), or a multipart form whose "files" are Markdown files or zips.
// It answers with the summary; files that fail do not stop the others.
func handleImport(db *store.DB) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch me := copse.UserFromContext(r.Context()); {
		case me == nil:
			httpx.Error(w, r, copse.Errorf(copse.EUNAUTHORIZED, "Sign in as an admin, or send an admin's Authorization: Bearer TOKEN."))
			return
		case !me.Admin:
			httpx.Error(w, r, copse.Errorf(copse.EFORBIDDEN, "Only an admin can import resources."))
			return
		}
		files, opt, skipped, err := readImport(w, r)
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		if len(files) == 0 {
			httpx.Error(w, r, &copse.Error{Code: copse.EINVALID, Message: "Some fields need attention.",
				Fields: map[string]string{"files": "holds no Markdown file (.md or .markdown)"}})
			return
		}
		s := importer.Run(r.Context(), db, files, opt, nil)
		s.Skipped = skipped
		httpx.JSON(w, http.StatusOK, s)
	})
}

// readImport reads the files of an import request in whichever form it came.
func readImport(w http.ResponseWriter, r *http.Request) ([]importer.File, importer.Options, int, error) {
	var opt importer.Options
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch mt {
	case "application/zip", "application/x-zip-compressed":
		data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, importer.MaxUpload))
		if err != nil {
			return nil, opt, 0, uploadError(err)
		}
		q := r.URL.Query()
		opt = importer.Options{Community: q.Get("community"), Visibility: copse.Visibility(q.Get("visibility"))}
		files, skipped, err := importer.Unzip(data)
		if err != nil {
			return nil, opt, 0, invalidFiles(err.Error())
		}
		return files, opt, skipped, nil
	case "multipart/form-data":
		r.Body = http.MaxBytesReader(w, r.Body, importer.MaxUpload)
		if err := r.ParseMultipartForm(8 << 20); err != nil {
			return nil, opt, 0, uploadError(err)
		}
		defer r.MultipartForm.RemoveAll()
		opt = importer.Options{Community: r.FormValue("community"), Visibility: copse.Visibility(r.FormValue("visibility"))}
		var (
			files   []importer.File
			skipped int
		)
		for _, fh := range r.MultipartForm.File["files"] {
			f, err := fh.Open()
			if err != nil {
				return nil, opt, 0, err
			}
			data, err := io.ReadAll(f)
			f.Close()
			if err != nil {
				return nil, opt, 0, err
			}
			name := path.Clean("/" + strings.ReplaceAll(fh.Filename, "\\", "/"))[1:]
			switch {
			case strings.EqualFold(path.Ext(name), ".zip"):
				more, n, err := importer.Unzip(data)
				if err != nil {
					return nil, opt, 0, invalidFiles(name + ": " + err.Error())
				}
				files, skipped = append(files, more...), skipped+n
			case importer.Markdown(name):
				files = append(files, importer.File{Key: name, Name: name, Data: data})
			default:
				skipped++
			}
		}
		return files, opt, skipped, nil
	}
	var b importBody
	if err := httpx.DecodeJSON(w, r, &b); err != nil {
		return nil, opt, 0, err
	}
	files := make([]importer.File, 0, len(b.Files))
	for i, f := range b.Files {
		name := path.Clean("/" + f.Path)[1:]
		if name == "" || !importer.Markdown(name) {
			return nil, opt, 0, &copse.Error{Code: copse.EINVALID, Message: "Some fields need attention.",
				Fields: map[string]string{"files[" + strconv.Itoa(i) + "].path": "must name a Markdown file, such as resources/guide.md"}}
		}
		files = append(files, importer.File{Key: name, Name: name, Data: []byte(f.Content)})
	}
	return files, importer.Options{Community: b.Community, Visibility: b.Visibility}, 0, nil
}

func invalidFiles(msg string) error {
	return &copse.Error{Code: copse.EINVALID, Message: "Some fields need attention.", Fields: map[string]string{"files": msg}}
}

func uploadError(err error) error {
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return copse.Errorf(httpx.ETOOLARGE, "The upload is larger than %d MiB; split it into several.", importer.MaxUpload>>20)
	}
	return copse.Errorf(httpx.EMALFORMED, "The upload could not be read: %v.", err)
}
