package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/copse-dev/copse"
)

// perColumn is how many topics each column of the board shows before it links to the
// whole stage.
const perColumn = 20

type boardPage struct {
	layout
	C          *copse.Community
	Viewer     copse.Viewer
	Columns    []boardColumn
	Categories []copse.Category
	CatOptions []option
	Stages     []option
	Form       topicForm
	Stage      copse.Stage // when the page lists one stage in full
	Next       string      // that list's next page
	Empty      bool        // no topics at all
	Archived   bool
	CanPropose bool
	CanMove    bool
	CanDefine  bool // facilitators define the categories
}

type boardColumn struct {
	Stage  copse.Stage
	Name   string
	Hint   string
	Topics []topicCard
	Total  int
	More   string // the whole stage, when the column shows only its first topics
}

// topicCard is a topic as a card on the board, with what the viewer may do with it.
type topicCard struct {
	T        *copse.Topic
	URL      string
	CanVote  bool
	CanEdit  bool
	Previous copse.Stage // the column before and after, for the move buttons
	Next     copse.Stage
}

type topicForm struct {
	Title, Body, Category string
}

var topicFields = []field{{"title", "Title"}, {"body", "Details"}, {"category", "Category"}}

// handleBoard shows a community's board: a column per stage, most voted first.
func (w *Web) handleBoard() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		p, err := w.boardPage(r, topicForm{}, true)
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		w.render(rw, r, http.StatusOK, "board", p)
	})
}

// boardPage loads the community, its categories and what the viewer may do there;
// with columns, the board itself.
func (w *Web) boardPage(r *http.Request, form topicForm, columns bool) (*boardPage, error) {
	ctx := r.Context()
	c, v, err := w.db.FindCommunity(ctx, r.PathValue("slug"))
	if err != nil {
		return nil, err
	}
	cats, err := w.db.Categories(ctx, c.Slug)
	if err != nil {
		return nil, err
	}
	p := &boardPage{C: c, Viewer: v, Categories: cats, Form: form, Stages: stageOptions(), Archived: c.Status == copse.StatusArchived}
	p.CanPropose = v.CanPropose() && !p.Archived
	p.CanMove = v.CanMoveTopics() && !p.Archived
	p.CanDefine = v.CanEdit() && !p.Archived
	p.CatOptions = []option{{Value: "", Label: "No category"}}
	for _, cat := range cats {
		p.CatOptions = append(p.CatOptions, option{Value: cat.Name, Label: cat.Name})
	}
	if !columns {
		return p, nil
	}
	if s := copse.Stage(r.URL.Query().Get("stage")); s != "" {
		return p, w.fillStage(r, p, s)
	}
	cols, err := w.db.Board(ctx, c.Slug, perColumn)
	if err != nil {
		return nil, err
	}
	p.Empty = true
	for _, col := range cols {
		bc := boardColumn{Stage: col.Stage, Name: stageNames[col.Stage], Hint: stageHints[col.Stage], Total: col.Total}
		for _, t := range col.Topics {
			bc.Topics = append(bc.Topics, p.card(t))
		}
		if col.Total > len(col.Topics) {
			bc.More = "/communities/" + c.Slug + "/board?stage=" + string(col.Stage)
		}
		p.Empty = p.Empty && col.Total == 0
		p.Columns = append(p.Columns, bc)
	}
	return p, nil
}

// fillStage lists one stage in full, a page at a time.
func (w *Web) fillStage(r *http.Request, p *boardPage, s copse.Stage) error {
	page, err := w.db.ListTopics(r.Context(), p.C.Slug, copse.TopicFilter{Stage: s, Cursor: r.URL.Query().Get("cursor")})
	if err != nil {
		return err
	}
	p.Stage = s
	col := boardColumn{Stage: s, Name: stageNames[s], Hint: stageHints[s], Total: len(page.Items)}
	for _, t := range page.Items {
		col.Topics = append(col.Topics, p.card(t))
	}
	p.Columns = []boardColumn{col}
	if page.Next != "" {
		p.Next = "/communities/" + p.C.Slug + "/board?stage=" + string(s) + "&cursor=" + url.QueryEscape(page.Next)
	}
	return nil
}

func (p *boardPage) card(t *copse.Topic) topicCard {
	tc := topicCard{T: t, URL: topicURL(p.C.Slug, t.ID), CanVote: p.CanPropose && t.Stage.Open(), CanEdit: p.Viewer.CanEditTopic(t) && !p.Archived}
	for i, s := range copse.Stages {
		if s == t.Stage {
			if i > 0 {
				tc.Previous = copse.Stages[i-1]
			}
			if i+1 < len(copse.Stages) {
				tc.Next = copse.Stages[i+1]
			}
		}
	}
	return tc
}

func topicURL(slug string, id int64) string {
	return "/communities/" + slug + "/topics/" + strconv.FormatInt(id, 10)
}

// handleTopicCreate proposes a topic from the board's form.
func (w *Web) handleTopicCreate() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if err := parseForm(rw, r); err != nil {
			w.fail(rw, r, err)
			return
		}
		f := topicForm{Title: r.PostForm.Get("title"), Body: r.PostForm.Get("body"), Category: r.PostForm.Get("category")}
		t, err := w.db.CreateTopic(r.Context(), r.PathValue("slug"), copse.NewTopic{Title: f.Title, Body: f.Body, Category: f.Category})
		if len(copse.ErrorFields(err)) > 0 {
			p, perr := w.boardPage(r, f, true)
			if perr != nil {
				w.fail(rw, r, perr)
				return
			}
			p.Errors = newErrs(err, topicFields, nil)
			w.render(rw, r, http.StatusUnprocessableEntity, "board", p)
			return
		}
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		redirect(rw, r, withNotice("/communities/"+t.Community+"/board", "proposed")+"#topic-"+strconv.FormatInt(t.ID, 10))
	})
}

// handleTopicVote gives or takes back the viewer's vote, and returns to the page the
// button was on.
func (w *Web) handleTopicVote(on bool) http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if err := parseForm(rw, r); err != nil {
			w.fail(rw, r, err)
			return
		}
		id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
		if err != nil {
			w.notFound().ServeHTTP(rw, r)
			return
		}
		vote, notice := w.db.Vote, "voted"
		if !on {
			vote, notice = w.db.Unvote, "unvoted"
		}
		if _, err := vote(r.Context(), r.PathValue("slug"), id); err != nil {
			w.fail(rw, r, err)
			return
		}
		back := localNext(r.PostForm.Get("back"), "/communities/"+r.PathValue("slug")+"/board")
		redirect(rw, r, withNotice(back, notice)+"#topic-"+r.PathValue("id"))
	})
}

// handleTopicMove moves a topic to another stage (and, for an action, gives it an
// owner): the board's form for the core team, which works without JavaScript.
func (w *Web) handleTopicMove() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if err := parseForm(rw, r); err != nil {
			w.fail(rw, r, err)
			return
		}
		id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
		if err != nil {
			w.notFound().ServeHTTP(rw, r)
			return
		}
		u := copse.TopicUpdate{}
		if s := r.PostForm.Get("stage"); s != "" {
			stage := copse.Stage(s)
			u.Stage = &stage
		}
		if r.PostForm.Has("owner") {
			owner := r.PostForm.Get("owner")
			u.Owner = &owner
		}
		t, err := w.db.UpdateTopic(r.Context(), r.PathValue("slug"), id, u)
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		back := localNext(r.PostForm.Get("back"), "/communities/"+t.Community+"/board")
		redirect(rw, r, withNotice(back, "moved")+"#topic-"+r.PathValue("id"))
	})
}
