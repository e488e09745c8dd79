package web

import (
	"html/template"
	"net/http"
	"strconv"

	"github.com/copse-dev/copse"
)

// questionPage is a question with its answers, best first, and what the reader
// may do: answer, vote, accept, edit, close, mark a duplicate.
type questionPage struct {
	layout
	Q           *copse.Question
	Body        template.HTML
	Answers     []answerView
	V           copse.HelpViewer
	CanModerate bool
	CanAnswer   bool
	Archived    bool
	Original    *copse.Question // the question this one duplicates
	Route       copse.Route
	Settings    copse.HelpSettings
	Waited      string // how long the first answer took, in words
	Revisions   int
	Form        questionForm
}

// answerView is an answer with its rendered body and the reader's rights on it.
type answerView struct {
	A       *copse.Answer
	Body    template.HTML
	CanEdit bool
	CanVote bool
}

// questionForm holds what the reader typed into the page's forms, shown again
// with their errors.
type questionForm struct {
	Answer, DuplicateOf string
}

var answerFields = []field{{"body", "Your answer"}}

// questionIDOf reads {id}; anything but a number names no question.
func questionIDOf(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id < 1 {
		return 0, copse.Errorf(copse.ENOTFOUND, "There is no such question.")
	}
	return id, nil
}

func (w *Web) handleQuestion() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		p, err := w.questionPage(r)
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		w.render(rw, r, http.StatusOK, "question", p)
	})
}

// questionPage loads a question and everything its page shows.
func (w *Web) questionPage(r *http.Request) (*questionPage, error) {
	ctx := r.Context()
	id, err := questionIDOf(r)
	if err != nil {
		return nil, err
	}
	q, v, err := w.db.FindQuestion(ctx, id)
	if err != nil {
		return nil, err
	}
	p := &questionPage{Q: q, Body: w.md.HTML(q.Body), V: v, CanModerate: v.CanModerate(q), CanAnswer: v.CanAnswer(q)}
	p.Path = "/questions/" + strconv.FormatInt(id, 10)
	if q.Community != nil {
		c, _, err := w.db.FindCommunity(ctx, q.Community.Slug)
		if err != nil {
			return nil, err
		}
		p.Archived = c.Status == copse.StatusArchived
	}
	if p.Archived {
		p.CanModerate, p.CanAnswer = false, false
	}
	for _, a := range q.Answers {
		p.Answers = append(p.Answers, answerView{A: a, Body: w.md.HTML(a.Body), CanEdit: !p.Archived && v.CanEditAnswer(q, a),
			CanVote: !p.Archived && v.User != nil && a.AuthorID != v.User.ID})
	}
	if q.DuplicateOf != nil {
		p.Form.DuplicateOf = strconv.FormatInt(*q.DuplicateOf, 10)
		if orig, _, err := w.db.FindQuestion(ctx, *q.DuplicateOf); err == nil {
			p.Original = orig
		}
	}
	if q.FirstAnsweredAt != nil {
		p.Waited = copse.DurationWords(q.FirstAnsweredAt.Sub(q.CreatedAt))
	}
	if p.Settings, err = w.db.HelpSettings(ctx); err != nil {
		return nil, err
	}
	if p.Route, err = p.Settings.Route(q.Urgency); err != nil {
		return nil, err
	}
	revs, err := w.db.Revisions(ctx, id)
	if err != nil {
		return nil, err
	}
	p.Revisions = len(revs)
	return p, nil
}

// handleAnswer posts the reader's answer, or shows the page again with what is
// wrong with it.
func (w *Web) handleAnswer() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		id, err := questionIDOf(r)
		if err == nil {
			err = parseForm(rw, r)
		}
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		body := r.PostForm.Get("body")
		a, err := w.db.AnswerQuestion(r.Context(), id, body)
		if copse.ErrorCode(err) == copse.EINVALID {
			p, perr := w.questionPage(r)
			if perr != nil {
				w.fail(rw, r, perr)
				return
			}
			p.Form.Answer, p.Errors = body, newErrs(err, answerFields, nil)
			w.render(rw, r, http.StatusUnprocessableEntity, "question", p)
			return
		}
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		redirect(rw, r, withNotice(questionURL(id), "answered")+"#answer-"+strconv.FormatInt(a.ID, 10))
	})
}

func questionURL(id int64) string { return "/questions/" + strconv.FormatInt(id, 10) }
