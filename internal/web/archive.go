package web

import (
	"net/http"

	"github.com/copse-dev/copse"
)

type archivePage struct {
	layout
	C *copse.Community
}

// handleArchiveConfirm asks before archiving: a page of its own, so the confirmation
// works without JavaScript.
func (w *Web) handleArchiveConfirm() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		c, ok := w.editable(rw, r)
		if !ok {
			return
		}
		w.render(rw, r, http.StatusOK, "archive", &archivePage{C: c})
	})
}

// handleArchive archives a community (archive is true) or restores an archived one.
func (w *Web) handleArchive(archive bool) http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		status, notice := copse.StatusActive, "restored" // the store works out active or forming
		if archive {
			status, notice = copse.StatusArchived, "archived"
		}
		slug := r.PathValue("slug")
		if _, err := w.db.UpdateCommunity(r.Context(), slug, copse.CommunityUpdate{Status: &status}); err != nil {
			w.fail(rw, r, err)
			return
		}
		redirect(rw, r, withNotice("/communities/"+slug, notice))
	})
}
