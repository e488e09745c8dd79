package web

import (
	"net/http"
	"strconv"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/store"
)

// duplicatesPage lists groups of near-duplicate resources for stewards to merge.
type duplicatesPage struct {
	layout
	Clusters []clusterView
	Next     string
	First    string
}

type clusterView struct {
	store.Cluster
	N       int
	Percent string
}

// handleDuplicates shows the groups of near-duplicates the steward may read.
func (w *Web) handleDuplicates() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		cursor := r.URL.Query().Get("cursor")
		page, err := w.db.DuplicateClusters(r.Context(), cursor, 20)
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		p := &duplicatesPage{}
		for i, c := range page.Items {
			p.Clusters = append(p.Clusters, clusterView{Cluster: c, N: i + 1, Percent: strconv.Itoa(int(100*c.Score+0.5)) + "%"})
		}
		if page.Next != "" {
			p.Next = "/library/duplicates?cursor=" + page.Next
		}
		if cursor != "" {
			p.First = "/library/duplicates"
		}
		w.render(rw, r, http.StatusOK, "duplicates", p)
	})
}

// handleMerge folds one resource of a group into another.
func (w *Web) handleMerge() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if err := parseForm(rw, r); err != nil {
			w.fail(rw, r, err)
			return
		}
		keep, err := strconv.ParseInt(r.PostForm.Get("keep"), 10, 64)
		if err != nil {
			w.fail(rw, r, &copse.Error{Code: copse.EINVALID, Message: "Choose which resource to keep.",
				Fields: map[string]string{"keep": "must name a resource of the group"}})
			return
		}
		// Each merge is its own transaction: one that is refused leaves the
		// earlier ones done, which is what a steward merging by hand would get.
		for _, s := range r.PostForm["drop"] {
			drop, err := strconv.ParseInt(s, 10, 64)
			if err != nil || drop == keep {
				continue
			}
			if _, err := w.db.MergeResource(r.Context(), keep, drop); err != nil {
				w.fail(rw, r, err)
				return
			}
		}
		redirect(rw, r, withNotice("/library/"+itoa64(keep), "merged"))
	})
}
