package web

import (
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"github.com/copse-dev/copse"
)

type topicPage struct {
	layout
	C          *copse.Community
	Card       topicCard
	Body       template.HTML
	Form       topicForm
	CatOptions []option
	Stages     []option
	StageName  string
	Meeting    string // the page of the meeting it was discussed at
	CanMove    bool
	Editing    bool // the edit form is open (after an error)
}

// handleTopic shows one topic: its details rendered, its stage, votes and meeting,
// and the forms to vote, edit or move it.
func (w *Web) handleTopic() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		p, err := w.topicPage(r)
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		w.render(rw, r, http.StatusOK, "board_topic", p)
	})
}

func (w *Web) topicPage(r *http.Request) (*topicPage, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return nil, copse.Errorf(copse.ENOTFOUND, "No such topic.")
	}
	bp, err := w.boardPage(r, topicForm{}, false)
	if err != nil {
		return nil, err
	}
	t, err := w.db.FindTopic(r.Context(), bp.C.Slug, id)
	if err != nil {
		return nil, err
	}
	p := &topicPage{C: bp.C, Card: bp.card(t), Body: w.md.HTML(t.Body), CatOptions: bp.CatOptions, Stages: bp.Stages, CanMove: bp.CanMove,
		StageName: stageNames[t.Stage], Form: topicForm{Title: t.Title, Body: t.Body, Category: t.Category}}
	if t.MeetingID != nil {
		p.Meeting = meetingURL(bp.C.Slug, *t.MeetingID)
	}
	return p, nil
}

// handleTopicEdit saves a topic's words (its proposer or a facilitator).
func (w *Web) handleTopicEdit() http.Handler {
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
		f := topicForm{Title: r.PostForm.Get("title"), Body: r.PostForm.Get("body"), Category: r.PostForm.Get("category")}
		t, err := w.db.UpdateTopic(r.Context(), r.PathValue("slug"), id, copse.TopicUpdate{Title: &f.Title, Body: &f.Body, Category: &f.Category})
		if len(copse.ErrorFields(err)) > 0 {
			p, perr := w.topicPage(r)
			if perr != nil {
				w.fail(rw, r, perr)
				return
			}
			p.Form, p.Editing, p.Errors = f, true, newErrs(err, topicFields, nil)
			w.render(rw, r, http.StatusUnprocessableEntity, "board_topic", p)
			return
		}
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		redirect(rw, r, withNotice(topicURL(t.Community, t.ID), "updated"))
	})
}

type categoriesPage struct {
	layout
	C    *copse.Community
	Rows []copse.Category // the categories, then empty rows to add more
}

// handleCategories shows the form that defines a board's categories (facilitators).
func (w *Web) handleCategories() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		c, v, err := w.db.FindCommunity(r.Context(), r.PathValue("slug"))
		if err == nil {
			err = v.AuthorizeCategories(c)
		}
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		cats, err := w.db.Categories(r.Context(), c.Slug)
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		w.render(rw, r, http.StatusOK, "board_categories", &categoriesPage{C: c, Rows: withBlankRows(cats)})
	})
}

func withBlankRows(cs []copse.Category) []copse.Category {
	return append(append([]copse.Category(nil), cs...), make([]copse.Category, 3)...)
}

// handleCategoriesSave replaces the board's categories from the form's rows.
func (w *Web) handleCategoriesSave() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if err := parseForm(rw, r); err != nil {
			w.fail(rw, r, err)
			return
		}
		var cs []copse.Category
		for i := 0; r.PostForm.Has("name-" + strconv.Itoa(i)); i++ {
			n := strconv.Itoa(i)
			cs = append(cs, copse.Category{Name: r.PostForm.Get("name-" + n), Description: r.PostForm.Get("description-" + n)})
		}
		_, err := w.db.SetCategories(r.Context(), r.PathValue("slug"), cs)
		if len(copse.ErrorFields(err)) > 0 {
			c, _, ferr := w.db.FindCommunity(r.Context(), r.PathValue("slug"))
			if ferr != nil {
				w.fail(rw, r, ferr)
				return
			}
			p := &categoriesPage{C: c, Rows: withBlankRows(cs)}
			var fields []field
			for i := range p.Rows {
				n := strconv.Itoa(i)
				fields = append(fields, field{"name-" + n, "Category " + strconv.Itoa(i+1)}, field{"description-" + n, "Description " + strconv.Itoa(i+1)})
			}
			// categories[2].name → name-2, the id of that row's field
			p.Errors = newErrs(err, fields, func(k string) string {
				k = strings.TrimPrefix(k, "categories[")
				if i := strings.Index(k, "]."); i > 0 {
					return k[i+2:] + "-" + k[:i]
				}
				return "name-0"
			})
			w.render(rw, r, http.StatusUnprocessableEntity, "board_categories", p)
			return
		}
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		redirect(rw, r, withNotice("/communities/"+r.PathValue("slug")+"/board", "categories"))
	})
}
