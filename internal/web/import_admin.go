package web

import (
	"errors"
	"io"
	"net/http"
	"path"
	"strings"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/importer"
)

// importPage is the admin's import form and, after an import, its summary.
type importPage struct {
	layout
	Community   string
	Visibility  string
	Communities []option
	Visibles    []option
	Summary     *importer.Summary
}

func (w *Web) newImportPage(r *http.Request) (*importPage, error) {
	page, err := w.db.ListCommunities(r.Context(), copse.CommunityFilter{Limit: copse.MaxLimit})
	if err != nil {
		return nil, err
	}
	p := &importPage{Visibility: string(copse.VisibilityPublic), Visibles: resourceVisibilities,
		Communities: []option{{Value: "", Label: "Site-wide, unless a file names its community"}}}
	for _, c := range page.Items {
		p.Communities = append(p.Communities, option{Value: c.Slug, Label: c.Name})
	}
	p.Path = "/admin/import"
	return p, nil
}

// handleImportForm shows the upload form (admins only).
func (w *Web) handleImportForm() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if !w.admin(rw, r) {
			return
		}
		p, err := w.newImportPage(r)
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		w.render(rw, r, http.StatusOK, "import", p)
	})
}

// handleImport imports uploaded Markdown files and zips and shows the summary
// on the same page: the list of failures is what the admin acts on next.
func (w *Web) handleImport() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if !w.admin(rw, r) {
			return
		}
		p, err := w.newImportPage(r)
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		r.Body = http.MaxBytesReader(rw, r.Body, importer.MaxUpload)
		if err := r.ParseMultipartForm(8 << 20); err != nil {
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) {
				p.Errors.add("files", "The upload is larger than 32 MiB; upload the files in several parts")
			} else {
				p.Errors.add("files", "Choose the Markdown files or zip archives to import")
			}
			w.render(rw, r, http.StatusUnprocessableEntity, "import", p)
			return
		}
		defer r.MultipartForm.RemoveAll()
		p.Community, p.Visibility = r.FormValue("community"), r.FormValue("visibility")
		var (
			files   []importer.File
			skipped int
		)
		for _, fh := range r.MultipartForm.File["files"] {
			f, err := fh.Open()
			if err != nil {
				w.fail(rw, r, err)
				return
			}
			data, err := io.ReadAll(f)
			f.Close()
			if err != nil {
				w.fail(rw, r, err)
				return
			}
			name := path.Clean("/" + strings.ReplaceAll(fh.Filename, "\\", "/"))[1:]
			switch {
			case strings.EqualFold(path.Ext(name), ".zip"):
				more, n, err := importer.Unzip(data)
				if err != nil {
					p.Errors.add("files", name+": "+err.Error())
					continue
				}
				files, skipped = append(files, more...), skipped+n
			case importer.Markdown(name):
				files = append(files, importer.File{Key: name, Name: name, Data: data})
			default:
				skipped++
			}
		}
		if len(files) == 0 && !p.Errors.Any() {
			p.Errors.add("files", "Choose at least one Markdown file (.md) or a zip archive of them")
		}
		if p.Errors.Any() {
			w.render(rw, r, http.StatusUnprocessableEntity, "import", p)
			return
		}
		p.Summary = importer.Run(r.Context(), w.db, files, importer.Options{Community: p.Community, Visibility: copse.Visibility(p.Visibility)}, nil)
		p.Summary.Skipped = skipped
		w.render(rw, r, http.StatusOK, "import", p)
	})
}
