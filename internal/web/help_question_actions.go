package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/copse-dev/copse"
)

// answerIDOf reads {id} and {answer_id}.
func answerIDOf(r *http.Request) (int64, int64, error) {
	id, err := questionIDOf(r)
	if err != nil {
		return 0, 0, err
	}
	aid, err := strconv.ParseInt(r.PathValue("answer_id"), 10, 64)
	if err != nil || aid < 1 {
		return 0, 0, copse.Errorf(copse.ENOTFOUND, "There is no such answer.")
	}
	return id, aid, nil
}

// handleAnswerVote records a vote (value 1 or -1) or takes it back (value 0), then
// goes back to the answer.
func (w *Web) handleAnswerVote() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		id, aid, err := answerIDOf(r)
		if err == nil {
			err = parseForm(rw, r)
		}
		if err == nil {
			switch value, _ := strconv.Atoi(r.PostForm.Get("value")); value {
			case 0:
				_, err = w.db.UnvoteAnswer(r.Context(), id, aid)
			default:
				_, err = w.db.VoteAnswer(r.Context(), id, aid, value)
			}
		}
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		redirect(rw, r, withNotice(questionURL(id), "voted")+"#answer-"+strconv.FormatInt(aid, 10))
	})
}

// handleAccept marks the answer that solved the question.
func (w *Web) handleAccept() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		id, err := questionIDOf(r)
		if err == nil {
			err = parseForm(rw, r)
		}
		var aid int64
		if err == nil {
			aid, _ = strconv.ParseInt(r.PostForm.Get("answer_id"), 10, 64)
			_, err = w.db.AcceptAnswer(r.Context(), id, aid)
		}
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		redirect(rw, r, withNotice(questionURL(id), "accepted")+"#answer-"+strconv.FormatInt(aid, 10))
	})
}

// handleQuestionStatus closes or reopens a question.
func (w *Web) handleQuestionStatus() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		id, err := questionIDOf(r)
		if err == nil {
			err = parseForm(rw, r)
		}
		status, notice := copse.QuestionClosed, "closed"
		if err == nil && r.PostForm.Get("status") == "open" {
			status, notice = copse.QuestionOpen, "reopened"
		}
		if err == nil {
			_, err = w.db.UpdateQuestion(r.Context(), id, copse.QuestionUpdate{Status: &status})
		}
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		redirect(rw, r, withNotice(questionURL(id), notice))
	})
}

// handleDuplicate marks a question a duplicate of another (by number, or by its
// address pasted from the browser), or, with nothing given, takes the mark away.
func (w *Web) handleDuplicate() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		id, err := questionIDOf(r)
		if err == nil {
			err = parseForm(rw, r)
		}
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		typed := strings.TrimSpace(r.PostForm.Get("duplicate_of"))
		var of *int64
		notice := "reopened"
		if typed != "" {
			n, perr := strconv.ParseInt(strings.TrimPrefix(typed[strings.LastIndexAny(typed, "/#")+1:], "#"), 10, 64)
			if perr != nil {
				n = -1 // Validate names the field
			}
			of, notice = &n, "duplicate"
		}
		_, err = w.db.UpdateQuestion(r.Context(), id, copse.QuestionUpdate{DuplicateOf: &of})
		if copse.ErrorCode(err) == copse.EINVALID {
			p, perr := w.questionPage(r)
			if perr != nil {
				w.fail(rw, r, perr)
				return
			}
			p.Form.DuplicateOf = typed
			p.Errors = newErrs(err, []field{{"duplicate_of", "The question it repeats"}}, nil)
			w.render(rw, r, http.StatusUnprocessableEntity, "question", p)
			return
		}
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		redirect(rw, r, withNotice(questionURL(id), notice))
	})
}
