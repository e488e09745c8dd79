package web

import (
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"github.com/copse-dev/copse"
)

// questionEditPage edits a question's words or an answer's; Answer is nil for the
// question itself.
type questionEditPage struct {
	layout
	Q         *copse.Question
	Answer    *copse.Answer
	Form      questionEditForm
	Urgencies []option
}

type questionEditForm struct {
	Title, Body, Tags, Urgency string
}

var questionEditFields = []field{{"title", "Title"}, {"body", "Details"}, {"tags", "Tags"}, {"urgency", "Urgency"}, {"status", "Status"}}

// editableQuestion loads the question (and the answer, when the path names one) and
// refuses readers who may not change it, before a form is shown.
func (w *Web) editableQuestion(r *http.Request) (*questionEditPage, error) {
	id, err := questionIDOf(r)
	if err != nil {
		return nil, err
	}
	q, v, err := w.db.FindQuestion(r.Context(), id)
	if err != nil {
		return nil, err
	}
	p := &questionEditPage{Q: q, Urgencies: urgencyOptions}
	var c *copse.Community
	if q.Community != nil {
		if c, _, err = w.db.FindCommunity(r.Context(), q.Community.Slug); err != nil {
			return nil, err
		}
	}
	if r.PathValue("answer_id") == "" {
		p.Path = questionURL(id) + "/edit"
		p.Form = questionEditForm{Title: q.Title, Body: q.Body, Tags: strings.Join(q.Tags, ", "), Urgency: string(q.Urgency)}
		return p, v.AuthorizeQuestionUpdate(q, c, &copse.QuestionUpdate{Body: &q.Body})
	}
	_, aid, err := answerIDOf(r)
	if err != nil {
		return nil, err
	}
	for _, a := range q.Answers {
		if a.ID == aid {
			p.Answer = a
		}
	}
	if p.Answer == nil {
		return nil, copse.Errorf(copse.ENOTFOUND, "Question %d has no answer %d.", id, aid)
	}
	p.Path = questionURL(id) + "/answers/" + strconv.FormatInt(aid, 10) + "/edit"
	p.Form.Body = p.Answer.Body
	return p, v.AuthorizeAnswerEdit(q, p.Answer, c)
}

func (w *Web) handleQuestionEdit() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		p, err := w.editableQuestion(r)
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		w.render(rw, r, http.StatusOK, "question_edit", p)
	})
}

// handleQuestionUpdate saves an edit to a question or an answer; the words it
// replaces are kept in the history.
func (w *Web) handleQuestionUpdate() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		p, err := w.editableQuestion(r)
		if err == nil {
			err = parseForm(rw, r)
		}
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		g := r.PostForm.Get
		p.Form = questionEditForm{Title: g("title"), Body: g("body"), Tags: g("tags"), Urgency: g("urgency")}
		to := questionURL(p.Q.ID)
		if p.Answer != nil {
			_, err = w.db.EditAnswer(r.Context(), p.Q.ID, p.Answer.ID, p.Form.Body)
			to += "#answer-" + strconv.FormatInt(p.Answer.ID, 10)
		} else {
			tags, urgency := splitTags(p.Form.Tags), copse.Urgency(p.Form.Urgency)
			_, err = w.db.UpdateQuestion(r.Context(), p.Q.ID, copse.QuestionUpdate{Title: &p.Form.Title, Body: &p.Form.Body, Tags: &tags, Urgency: &urgency})
		}
		if copse.ErrorCode(err) == copse.EINVALID {
			p.Errors = newErrs(err, questionEditFields, nil)
			w.render(rw, r, http.StatusUnprocessableEntity, "question_edit", p)
			return
		}
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		redirect(rw, r, withNotice(to, "updated"))
	})
}

// historyPage lists the versions edits replaced, newest first.
type historyPage struct {
	layout
	Q         *copse.Question
	Revisions []revisionView
}

type revisionView struct {
	R      copse.Revision
	Body   template.HTML
	Answer string // "" for the question, else whose answer it was
}

func (w *Web) handleQuestionHistory() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		id, err := questionIDOf(r)
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		q, _, err := w.db.FindQuestion(r.Context(), id)
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		revs, err := w.db.Revisions(r.Context(), id)
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		p := &historyPage{Q: q}
		for _, rev := range revs {
			v := revisionView{R: rev, Body: w.md.HTML(rev.Body)}
			if rev.AnswerID != nil {
				v.Answer = "an answer"
				for _, a := range q.Answers {
					if a.ID == *rev.AnswerID {
						v.Answer = "the answer by " + cmpOr(a.AuthorName, a.Author)
					}
				}
			}
			p.Revisions = append(p.Revisions, v)
		}
		w.render(rw, r, http.StatusOK, "question_history", p)
	})
}
