package api

import (
	"net/http"
	"strconv"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/httpx"
	"github.com/copse-dev/copse/internal/store"
)

// pathID reads a numeric {id}; anything else names nothing, so it is not found.
func pathID(r *http.Request, what string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id < 1 {
		return 0, copse.Errorf(copse.ENOTFOUND, "There is no %s %q here.", what, r.PathValue("id"))
	}
	return id, nil
}

func handleTopicList(db *store.DB) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n, err := limit(r)
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		q := r.URL.Query()
		page, err := db.ListTopics(r.Context(), r.PathValue("slug"), copse.TopicFilter{Stage: copse.Stage(q.Get("stage")), Limit: n, Cursor: q.Get("cursor")})
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		httpx.JSON(w, http.StatusOK, listOf(page))
	})
}

// topicCreate is the body of POST …/topics.
type topicCreate struct {
	Title    string `json:"title"`
	Body     string `json:"body"`
	Category string `json:"category"`
}

func handleTopicCreate(db *store.DB) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var b topicCreate
		if err := httpx.DecodeJSON(w, r, &b); err != nil {
			httpx.Error(w, r, err)
			return
		}
		t, err := db.CreateTopic(r.Context(), r.PathValue("slug"), copse.NewTopic{Title: b.Title, Body: b.Body, Category: b.Category})
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		w.Header().Set("Location", "/api/v1/communities/"+t.Community+"/topics/"+strconv.FormatInt(t.ID, 10))
		httpx.JSON(w, http.StatusCreated, t)
	})
}

func handleTopicGet(db *store.DB) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, err := pathID(r, "topic")
		if err == nil {
			var t *copse.Topic
			if t, err = db.FindTopic(r.Context(), r.PathValue("slug"), id); err == nil {
				httpx.JSON(w, http.StatusOK, t)
				return
			}
		}
		httpx.Error(w, r, err)
	})
}

// topicPatch is the body of PATCH …/topics/{id}: absent fields stay as they are;
// "meeting_id": null unlinks the meeting, "owner": "" or null clears the owner.
type topicPatch struct {
	Title     *string          `json:"title"`
	Body      *string          `json:"body"`
	Category  *string          `json:"category"`
	Stage     *copse.Stage     `json:"stage"`
	Owner     optional[string] `json:"owner"`
	MeetingID optional[int64]  `json:"meeting_id"`
}

func handleTopicUpdate(db *store.DB) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, err := pathID(r, "topic")
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		var b topicPatch
		if err := httpx.DecodeJSON(w, r, &b); err != nil {
			httpx.Error(w, r, err)
			return
		}
		u := copse.TopicUpdate{Title: b.Title, Body: b.Body, Category: b.Category, Stage: b.Stage}
		if b.Owner.Set {
			owner := ""
			if b.Owner.Value != nil {
				owner = *b.Owner.Value
			}
			u.Owner = &owner
		}
		if b.MeetingID.Set {
			u.MeetingID = &b.MeetingID.Value
		}
		t, err := db.UpdateTopic(r.Context(), r.PathValue("slug"), id, u)
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		httpx.JSON(w, http.StatusOK, t)
	})
}

func handleVote(db *store.DB, on bool) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, err := pathID(r, "topic")
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		vote := db.Vote
		if !on {
			vote = db.Unvote
		}
		t, err := vote(r.Context(), r.PathValue("slug"), id)
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		httpx.JSON(w, http.StatusOK, t)
	})
}

// board is a community's board settings: the categories topics may have.
type board struct {
	Categories []copse.Category `json:"categories"`
	Stages     []copse.Stage    `json:"stages"`
}

type boardPut struct {
	Categories []copse.Category `json:"categories"`
}

func handleBoardGet(db *store.DB) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		cs, err := db.Categories(r.Context(), r.PathValue("slug"))
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		httpx.JSON(w, http.StatusOK, board{Categories: cs, Stages: copse.Stages})
	})
}

func handleBoardPut(db *store.DB) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var b boardPut
		if err := httpx.DecodeJSON(w, r, &b); err != nil {
			httpx.Error(w, r, err)
			return
		}
		if b.Categories == nil {
			httpx.Error(w, r, &copse.Error{Code: copse.EINVALID, Message: "Some fields need attention.",
				Fields: map[string]string{"categories": "is required: a list, empty for a board without categories"}})
			return
		}
		cs, err := db.SetCategories(r.Context(), r.PathValue("slug"), b.Categories)
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		httpx.JSON(w, http.StatusOK, board{Categories: cs, Stages: copse.Stages})
	})
}
