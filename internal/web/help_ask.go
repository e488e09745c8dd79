package web

import (
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"github.com/copse-dev/copse"
)

// askPage is the ask flow (seed 001's support model): first "what is happening?",
// then, for a suspected outage, what the status page already says, and the
// question form with the similar questions and resources found for its title.
type askPage struct {
	layout
	Urgency   copse.Urgency // "" on the first step
	Urgencies []option
	Route     copse.Route
	Settings  copse.HelpSettings
	Status    *copse.StatusPage // what the platform team knows already, for an outage
	Form      askForm
	Choices   []option // the communities to ask in
	Visible   []option
	Similar   []searchRow
	Checked   bool // the asker looked for similar questions
}

// askForm is the question as the person typed it.
type askForm struct {
	Title, Body, Community, Tags, Visibility, Confirm string
}

var askFields = []field{{"urgency", "What is happening"}, {"confirm", "Confirmation"}, {"title", "Title"}, {"body", "Details"},
	{"community", "Community"}, {"tags", "Tags"}, {"visibility", "Who can read it"}}

// urgencyOptions explain each urgency as seed 001 does.
var urgencyOptions = []option{
	{string(copse.UrgencyHowTo), "I have a question or a problem that is not urgent", "How do I…? Why does…? The community answers, usually quickly."},
	{string(copse.UrgencySOS), "Something in production is broken and it is urgent", "An urgent production issue: it is marked urgent, raised in the urgent channel and, if nobody answers in time, escalated to the platform team."},
	{string(copse.UrgencyOutage), "I think the platform itself is down", "A suspected platform outage: check the status page first, then report it to the platform team."},
}

var questionVisibilities = []option{
	{string(copse.VisibilityPublic), "Everyone", "Best for most questions: the next person with the same problem finds the answer."},
	{string(copse.VisibilitySignedIn), "Signed-in people", "Only people with an account here."},
	{string(copse.VisibilityMembers), "Members of its community", "Only the community’s members and admins; choose a community above."},
}

// handleAsk shows the step the query asks for: ?urgency= moves past the first.
func (w *Web) handleAsk() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		f := askForm{Community: q.Get("community"), Visibility: string(copse.VisibilityPublic), Title: q.Get("title")}
		p, err := w.askPage(r, copse.Urgency(q.Get("urgency")), f)
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		status := http.StatusOK
		if q.Has("urgency") && !p.Urgency.Valid() {
			p.Urgency, status = "", http.StatusUnprocessableEntity
			p.Errors = newErrs(&copse.Error{Code: copse.EINVALID, Fields: map[string]string{"urgency": "choose one: a question, an urgent production issue or a suspected outage"}}, askFields, nil)
		}
		w.render(rw, r, status, "ask", p)
	})
}

// askPage fills the page for an urgency ("" for the first step).
func (w *Web) askPage(r *http.Request, u copse.Urgency, f askForm) (*askPage, error) {
	ctx := r.Context()
	s, err := w.db.HelpSettings(ctx)
	if err != nil {
		return nil, err
	}
	p := &askPage{Urgency: u, Urgencies: urgencyOptions, Settings: s, Form: f, Visible: questionVisibilities}
	p.Path = "/ask"
	if !u.Valid() {
		return p, nil
	}
	if p.Route, err = s.Route(u); err != nil {
		return nil, err
	}
	if u == copse.UrgencyOutage {
		if p.Status, err = w.db.Status(ctx); err != nil {
			return nil, err
		}
	}
	communities, err := w.db.ListCommunities(ctx, copse.CommunityFilter{Limit: copse.MaxLimit})
	if err != nil {
		return nil, err
	}
	p.Choices = []option{{Value: "", Label: "Site-wide: no particular community"}}
	for _, c := range communities.Items {
		if c.Status != copse.StatusSuggested {
			p.Choices = append(p.Choices, option{Value: c.Slug, Label: c.Name})
		}
	}
	return p, nil
}

// handleAskPost looks for similar questions ("Check for similar questions") or
// asks. A suspected outage is only reported once the asker says they checked the
// status page: "always be sure that it's a Platform issue before posting".
func (w *Web) handleAskPost() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		if err := parseForm(rw, r); err != nil {
			w.fail(rw, r, err)
			return
		}
		v := r.PostForm
		f := askForm{Title: v.Get("title"), Body: v.Get("body"), Community: v.Get("community"), Tags: v.Get("tags"),
			Visibility: v.Get("visibility"), Confirm: v.Get("confirm")}
		u := copse.Urgency(v.Get("urgency"))
		p, err := w.askPage(r, u, f)
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		if v.Get("action") == "similar" {
			p.Checked = true
			if p.Similar, err = w.similarTo(r, f.Title); err != nil {
				w.fail(rw, r, err)
				return
			}
			w.render(rw, r, http.StatusOK, "ask", p)
			return
		}
		if copse.UserFromContext(ctx) == nil {
			w.fail(rw, r, copse.Errorf(copse.EUNAUTHORIZED, "Sign in to ask."))
			return
		}
		if u == copse.UrgencyOutage && f.Confirm != "yes" {
			p.Errors = newErrs(&copse.Error{Code: copse.EINVALID, Fields: map[string]string{
				"confirm": "is needed: check the status page above, and report an outage only when your problem is not there"}}, askFields, nil)
			w.render(rw, r, http.StatusUnprocessableEntity, "ask", p)
			return
		}
		q, err := w.db.AskQuestion(ctx, copse.NewQuestion{Title: f.Title, Body: f.Body, Urgency: u, Community: f.Community,
			Tags: splitTags(f.Tags), Visibility: copse.Visibility(f.Visibility)})
		if copse.ErrorCode(err) == copse.EINVALID {
			if !u.Valid() {
				p.Urgency = ""
			}
			p.Errors = newErrs(err, askFields, nil)
			w.render(rw, r, http.StatusUnprocessableEntity, "ask", p)
			return
		}
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		notice := map[copse.Destination]string{copse.ToCommunity: "asked", copse.ToUrgent: "sos", copse.ToPlatform: "outage"}[p.Route.To]
		redirect(rw, r, withNotice("/questions/"+strconv.FormatInt(q.ID, 10), notice))
	})
}

// similarTo finds the questions and resources a title's words match, best first:
// "many questions never need asking". Search matches every word it is given, so
// when the whole title finds little, its first words are tried alone.
func (w *Web) similarTo(r *http.Request, title string) ([]searchRow, error) {
	words := significant(title)
	var out []searchRow
	seen := map[string]bool{}
	for n := len(words); n > 0 && len(out) < 3; n-- {
		page, err := w.db.Search(r.Context(), strings.Join(words[:n], " "), copse.SearchFilter{Limit: 20})
		if err != nil {
			return nil, err
		}
		for _, it := range page.Items {
			key := it.Kind + it.ID
			if (it.Kind == "question" || it.Kind == "resource") && !seen[key] && len(out) < 6 {
				seen[key] = true
				out = append(out, searchRow{SearchResult: it, TitleHTML: template.HTML(it.TitleHTML), Snippet: template.HTML(it.Snippet), KindName: kindNames[it.Kind]})
			}
		}
	}
	return out, nil
}

// significant keeps the words of a title that say something: "how do I" would
// match every question.
func significant(s string) []string {
	var keep []string
	for _, word := range strings.Fields(strings.ToLower(s)) {
		word = strings.Trim(word, `?!.,:;"'()[]`)
		if len([]rune(word)) > 2 && !stopWords[word] && len(keep) < 5 {
			keep = append(keep, word)
		}
	}
	return keep
}

var stopWords = map[string]bool{"how": true, "the": true, "and": true, "for": true, "with": true, "can": true, "does": true,
	"what": true, "why": true, "when": true, "where": true, "which": true, "our": true, "you": true, "this": true, "that": true,
	"from": true, "into": true, "not": true, "are": true, "was": true, "get": true, "use": true, "there": true, "any": true}
