package web

import (
	"html/template"
	"net/http"
	"strconv"
	"time"

	"github.com/copse-dev/copse"
)

// resourcePage is one resource: its rendered body, its metadata, who maintains
// it, what is related and, for its editors, what it may duplicate.
type resourcePage struct {
	layout
	R         *copse.Resource
	Body      template.HTML
	Related   []*copse.Resource
	Similar   []similarRow
	CanEdit   bool
	CanReview bool
	Archived  bool
	ReviewBy  string // in words
	Overdue   bool
	Checked   time.Time
	Metadata  []metaRow
}

type metaRow struct{ Key, Value string }

// resourceIDOf reads {id}; anything but a number names no resource.
func resourceIDOf(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id < 1 {
		return 0, copse.Errorf(copse.ENOTFOUND, "There is no such resource.")
	}
	return id, nil
}

// handleResource shows a resource. A merged duplicate's address leads, for good,
// to the resource it was merged into.
func (w *Web) handleResource() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		id, err := resourceIDOf(r)
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		res, v, err := w.db.FindResource(ctx, id)
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		if res.MergedInto != 0 {
			http.Redirect(rw, r, "/library/"+strconv.FormatInt(res.MergedInto, 10), http.StatusMovedPermanently)
			return
		}
		p := &resourcePage{R: res, Body: w.md.HTML(res.Body), CanEdit: v.CanEditResource(res), CanReview: v.CanReviewResource(res),
			Checked: res.Checked()}
		if res.Community != nil {
			c, _, err := w.db.FindCommunity(ctx, res.Community.Slug)
			if err != nil {
				w.fail(rw, r, err)
				return
			}
			p.Archived = c.Status == copse.StatusArchived
		}
		if res.ReviewBy != "" {
			p.ReviewBy = humanDate(res.ReviewBy)
			p.Overdue = res.ReviewBy < w.db.Now().UTC().Format(time.DateOnly)
		}
		if p.Related, err = w.db.RelatedResources(ctx, res, 5); err != nil {
			w.fail(rw, r, err)
			return
		}
		if p.CanEdit {
			sim, err := w.db.Similar(ctx, id)
			if err != nil {
				w.fail(rw, r, err)
				return
			}
			p.Similar = similarRows(sim)
		}
		p.Metadata = metadataRows(res.Metadata)
		w.render(rw, r, http.StatusOK, "resource", p)
	})
}

// metadataRows lists the front matter keys copse does not know, as text.
func metadataRows(m map[string]any) []metaRow {
	var rows []metaRow
	for k, v := range m {
		rows = append(rows, metaRow{Key: k, Value: metaText(v)})
	}
	sortRows(rows)
	return rows
}
