package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/copse-dev/copse"
)

// handleReviewPeriod saves how long resources may go untouched before they need
// review (admins only), and shows the needs-review list by the new rule.
func (w *Web) handleReviewPeriod() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if !w.admin(rw, r) {
			return
		}
		if err := parseForm(rw, r); err != nil {
			w.fail(rw, r, err)
			return
		}
		typed := strings.TrimSpace(r.PostForm.Get("review_after_days"))
		days, convErr := strconv.Atoi(typed)
		var err error
		if convErr == nil {
			err = w.db.SetReviewAfter(r.Context(), days)
		}
		if convErr != nil || copse.ErrorFields(err)["review_after_days"] != "" {
			e := errs{}
			e.add("review_after_days", "Days must be a whole number from 7 to 3650")
			r.URL.RawQuery = ""
			w.library(rw, r, true, http.StatusUnprocessableEntity, &reviewInfo{Form: typed}, e)
			return
		}
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		redirect(rw, r, withNotice("/library/review", "reviewdays"))
	})
}
