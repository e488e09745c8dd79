package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/copse-dev/copse"
)

// expertsPage is the expert finder: "who knows about X?"
type expertsPage struct {
	layout
	Subject string
	Experts []copse.Expert
	Claims  []copse.Expert // say they know, have done nothing on it yet
	Next    string
	Asked   bool
}

// handleExperts answers "who knows about X?" by what people did on X.
func (w *Web) handleExperts() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		p := &expertsPage{Subject: q.Get("subject")}
		if p.Subject == "" {
			w.render(rw, r, http.StatusOK, "experts", p)
			return
		}
		p.Asked = true
		f := copse.ExpertFilter{Subject: p.Subject, Limit: 25, Cursor: q.Get("cursor")}
		page, err := w.db.Experts(r.Context(), f)
		if len(copse.ErrorFields(err)) > 0 {
			p.Errors = newErrs(err, []field{{"subject", "Subject"}}, nil)
			w.render(rw, r, http.StatusUnprocessableEntity, "experts", p)
			return
		}
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		p.Experts, p.Next = page.Items, page.Next
		if f.Cursor == "" {
			found := make([]string, len(page.Items))
			for i, e := range page.Items {
				found[i] = e.Handle
			}
			if p.Claims, err = w.db.ClaimedBy(r.Context(), f.Subject, found, 12); err != nil {
				w.fail(rw, r, err)
				return
			}
		}
		w.render(rw, r, http.StatusOK, "experts", p)
	})
}

// recognitionPage publishes the rule table, the ranks and the ladder; admins tune
// the thresholds on it.
type recognitionPage struct {
	layout
	Rules      []copse.PointRule
	Ranks      []copse.RankStep
	Thresholds copse.RankThresholds
	Form       map[string]string // the thresholds as typed, for the admin's form
	Admin      bool
}

var thresholdFields = []field{{"contributor", "Contributor"}, {"rising_star", "Rising Star"}, {"community_leader", "Community Leader"},
	{"influencer", "Influencer"}, {"steward", "Steward"}}

func (w *Web) recognition(r *http.Request) (*recognitionPage, error) {
	t, err := w.db.RankThresholds(r.Context())
	if err != nil {
		return nil, err
	}
	me := copse.UserFromContext(r.Context())
	p := &recognitionPage{Rules: copse.PointRules, Ranks: t.Ranks(), Thresholds: t, Admin: me != nil && me.Admin, Form: map[string]string{}}
	for i, f := range []int{t.Contributor, t.RisingStar, t.CommunityLeader, t.Influencer, t.Steward} {
		p.Form[thresholdFields[i].Name] = strconv.Itoa(f)
	}
	return p, nil
}

// handleRecognition shows the published rules.
func (w *Web) handleRecognition() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		p, err := w.recognition(r)
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		w.render(rw, r, http.StatusOK, "recognition", p)
	})
}

// handleThresholds saves the thresholds an admin typed; nonsense comes back with a
// message beside the field.
func (w *Web) handleThresholds() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if err := parseForm(rw, r); err != nil {
			w.fail(rw, r, err)
			return
		}
		p, err := w.recognition(r)
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		var t copse.RankThresholds
		problems := copse.Problems{}
		for i, dst := range []*int{&t.Contributor, &t.RisingStar, &t.CommunityLeader, &t.Influencer, &t.Steward} {
			name := thresholdFields[i].Name
			p.Form[name] = r.PostForm.Get(name)
			if *dst, err = strconv.Atoi(strings.TrimSpace(p.Form[name])); err != nil {
				problems.Add(name, "must be a whole number of points, such as 50")
			}
		}
		if me := copse.UserFromContext(r.Context()); len(problems) > 0 && me != nil && me.Admin {
			// Say everything at once: what does not parse, and what makes no sense of the rest.
			for k, v := range copse.ErrorFields(t.Validate()) {
				if _, unparsed := problems[k]; !unparsed && !strings.HasPrefix(v, "must be a whole number") {
					problems.Add(k, v)
				}
			}
			err = problems.Err()
		} else {
			err = w.db.SetRankThresholds(r.Context(), t)
		}
		if len(copse.ErrorFields(err)) > 0 {
			p.Errors = newErrs(err, thresholdFields, nil)
			w.render(rw, r, http.StatusUnprocessableEntity, "recognition", p)
			return
		}
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		redirect(rw, r, "/recognition?notice=thresholds#thresholds-title")
	})
}
