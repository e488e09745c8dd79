package api

import (
	"net/http"
	"strconv"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/httpx"
	"github.com/copse-dev/copse/internal/store"
)

// questionOut is a question as the API answers it: with its body, and each answer's,
// rendered to sanitized HTML.
type questionOut struct {
	*copse.Question
	HTML    string      `json:"html"`
	Answers []answerOut `json:"answers"`
}

type answerOut struct {
	*copse.Answer
	HTML string `json:"html"`
}

func outQuestion(q *copse.Question) questionOut {
	o := questionOut{Question: q, HTML: string(render().HTML(q.Body)), Answers: []answerOut{}}
	for _, a := range q.Answers {
		o.Answers = append(o.Answers, outAnswer(a))
	}
	return o
}

func outAnswer(a *copse.Answer) answerOut {
	return answerOut{Answer: a, HTML: string(render().HTML(a.Body))}
}

func handleQuestionList(db *store.DB) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n, err := limit(r)
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		q := r.URL.Query()
		f := copse.QuestionFilter{Community: q.Get("community"), Urgency: copse.Urgency(q.Get("urgency")),
			Status: copse.QuestionStatus(q.Get("status")), Tag: q.Get("tag"), Author: q.Get("author"),
			Sort: copse.QuestionSort(q.Get("sort")), Answers: true, Limit: n, Cursor: q.Get("cursor")}
		switch q.Get("unanswered") {
		case "", "false":
		case "true":
			f.Unanswered = true
		default:
			httpx.Error(w, r, &copse.Error{Code: copse.EINVALID, Message: "Some fields need attention.",
				Fields: map[string]string{"unanswered": "must be true or false"}})
			return
		}
		page, err := db.ListQuestions(r.Context(), f)
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		out := list[questionOut]{Items: []questionOut{}, NextCursor: page.Next}
		for _, it := range page.Items {
			out.Items = append(out.Items, outQuestion(it))
		}
		httpx.JSON(w, http.StatusOK, out)
	})
}

// questionCreate is the body of POST /api/v1/questions.
type questionCreate struct {
	Title      string           `json:"title"`
	Body       string           `json:"body"`
	Urgency    copse.Urgency    `json:"urgency"`
	Community  string           `json:"community"`
	Tags       []string         `json:"tags"`
	Visibility copse.Visibility `json:"visibility"`
}

func handleQuestionCreate(db *store.DB) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if copse.UserFromContext(r.Context()) == nil {
			httpx.Error(w, r, copse.Errorf(copse.EUNAUTHORIZED, "Sign in, or send Authorization: Bearer TOKEN, to ask a question."))
			return
		}
		var b questionCreate
		if err := httpx.DecodeJSON(w, r, &b); err != nil {
			httpx.Error(w, r, err)
			return
		}
		q, err := db.AskQuestion(r.Context(), copse.NewQuestion{Title: b.Title, Body: b.Body, Urgency: b.Urgency,
			Community: b.Community, Tags: b.Tags, Visibility: b.Visibility})
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		w.Header().Set("Location", "/api/v1/questions/"+strconv.FormatInt(q.ID, 10))
		httpx.JSON(w, http.StatusCreated, outQuestion(q))
	})
}

func handleQuestionGet(db *store.DB) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, err := pathID(r, "question")
		if err == nil {
			var q *copse.Question
			if q, _, err = db.FindQuestion(r.Context(), id); err == nil {
				httpx.JSON(w, http.StatusOK, outQuestion(q))
				return
			}
		}
		httpx.Error(w, r, err)
	})
}

// questionPatch is the body of PATCH /api/v1/questions/{id}: absent fields stay;
// "duplicate_of": null takes a duplicate mark away.
type questionPatch struct {
	Title       *string               `json:"title"`
	Body        *string               `json:"body"`
	Tags        *[]string             `json:"tags"`
	Urgency     *copse.Urgency        `json:"urgency"`
	Status      *copse.QuestionStatus `json:"status"`
	DuplicateOf optional[int64]       `json:"duplicate_of"`
}

func handleQuestionUpdate(db *store.DB) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, err := pathID(r, "question")
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		var b questionPatch
		if err := httpx.DecodeJSON(w, r, &b); err != nil {
			httpx.Error(w, r, err)
			return
		}
		u := copse.QuestionUpdate{Title: b.Title, Body: b.Body, Tags: b.Tags, Urgency: b.Urgency, Status: b.Status}
		if b.DuplicateOf.Set {
			u.DuplicateOf = &b.DuplicateOf.Value
		}
		q, err := db.UpdateQuestion(r.Context(), id, u)
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		httpx.JSON(w, http.StatusOK, outQuestion(q))
	})
}

func handleRevisions(db *store.DB) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, err := pathID(r, "question")
		if err == nil {
			var revs []copse.Revision
			if revs, err = db.Revisions(r.Context(), id); err == nil {
				httpx.JSON(w, http.StatusOK, list[copse.Revision]{Items: revs})
				return
			}
		}
		httpx.Error(w, r, err)
	})
}

// answerBody is the body of POST …/answers and PATCH …/answers/{answer_id}.
type answerBody struct {
	Body string `json:"body"`
}

func handleAnswerCreate(db *store.DB) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, err := pathID(r, "question")
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		if copse.UserFromContext(r.Context()) == nil {
			httpx.Error(w, r, copse.Errorf(copse.EUNAUTHORIZED, "Sign in, or send Authorization: Bearer TOKEN, to answer."))
			return
		}
		var b answerBody
		if err := httpx.DecodeJSON(w, r, &b); err != nil {
			httpx.Error(w, r, err)
			return
		}
		a, err := db.AnswerQuestion(r.Context(), id, b.Body)
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		w.Header().Set("Location", "/api/v1/questions/"+strconv.FormatInt(id, 10)+"#answer-"+strconv.FormatInt(a.ID, 10))
		httpx.JSON(w, http.StatusCreated, outAnswer(a))
	})
}

// answerIDs reads {id} and {answer_id}.
func answerIDs(r *http.Request) (int64, int64, error) {
	id, err := pathID(r, "question")
	if err != nil {
		return 0, 0, err
	}
	aid, err := strconv.ParseInt(r.PathValue("answer_id"), 10, 64)
	if err != nil || aid < 1 {
		return 0, 0, copse.Errorf(copse.ENOTFOUND, "There is no answer %q here.", r.PathValue("answer_id"))
	}
	return id, aid, nil
}

func handleAnswerUpdate(db *store.DB) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, aid, err := answerIDs(r)
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		var b answerBody
		if err := httpx.DecodeJSON(w, r, &b); err != nil {
			httpx.Error(w, r, err)
			return
		}
		a, err := db.EditAnswer(r.Context(), id, aid, b.Body)
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		httpx.JSON(w, http.StatusOK, outAnswer(a))
	})
}

// voteBody is the body of POST …/votes: 1 for useful, -1 for not.
type voteBody struct {
	Value int `json:"value"`
}

func handleAnswerVote(db *store.DB, on bool) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, aid, err := answerIDs(r)
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		var a *copse.Answer
		if on {
			var b voteBody
			if err := httpx.DecodeJSON(w, r, &b); err != nil {
				httpx.Error(w, r, err)
				return
			}
			a, err = db.VoteAnswer(r.Context(), id, aid, b.Value)
		} else {
			a, err = db.UnvoteAnswer(r.Context(), id, aid)
		}
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		httpx.JSON(w, http.StatusOK, outAnswer(a))
	})
}

// acceptBody is the body of POST …/accept.
type acceptBody struct {
	AnswerID int64 `json:"answer_id"`
}

func handleAccept(db *store.DB) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, err := pathID(r, "question")
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		var b acceptBody
		if err := httpx.DecodeJSON(w, r, &b); err != nil {
			httpx.Error(w, r, err)
			return
		}
		q, err := db.AcceptAnswer(r.Context(), id, b.AnswerID)
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		httpx.JSON(w, http.StatusOK, outQuestion(q))
	})
}
