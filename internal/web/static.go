package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"time"
)

//go:embed static
var staticFS embed.FS

// assets are the static files, each addressed by a hash of its content:
// /static/{hash}/{name}. A new release changes the hash of what changed, so browsers
// may keep each URL forever.
type assets struct {
	files map[string]asset
}

type asset struct {
	body []byte
	hash string
	mime string
}

func loadAssets() (*assets, error) {
	a := &assets{files: map[string]asset{}}
	entries, err := fs.ReadDir(staticFS, "static")
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		body, err := staticFS.ReadFile("static/" + e.Name())
		if err != nil {
			return nil, err
		}
		sum := sha256.Sum256(body)
		a.files[e.Name()] = asset{body: body, hash: hex.EncodeToString(sum[:6]), mime: mime.TypeByExtension(path.Ext(e.Name()))}
	}
	return a, nil
}

// url returns the address of a static file with its current hash. A template that
// names a file that does not exist fails when it first renders, in the tests.
func (a *assets) url(name string) (string, error) {
	f, ok := a.files[name]
	if !ok {
		return "", &missingAsset{name}
	}
	return "/static/" + f.hash + "/" + name, nil
}

type missingAsset struct{ name string }

func (e *missingAsset) Error() string { return "web: no static file " + e.name }

// serve answers GET /static/{hash}/{name}. With the current hash the file is cached
// for a year as immutable. With a stale hash (a page cached from an earlier release)
// the current file is still served, so that page keeps its style, but it must be
// revalidated: it is not what that URL will mean forever. Unknown names are 404.
func (a *assets) serve() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		f, ok := a.files[r.PathValue("name")]
		if !ok {
			http.NotFound(rw, r)
			return
		}
		h := rw.Header()
		h.Set("Content-Type", f.mime)
		h.Set("ETag", `"`+f.hash+`"`)
		if r.PathValue("hash") == f.hash {
			h.Set("Cache-Control", "public, max-age=31536000, immutable")
		} else {
			h.Set("Cache-Control", "no-cache")
		}
		http.ServeContent(rw, r, "", time.Time{}, bytes.NewReader(f.body))
	})
}
