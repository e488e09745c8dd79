package api

import (
	"net/http"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/httpx"
	"github.com/copse-dev/copse/internal/store"
)

func handleMemberList(db *store.DB) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n, err := limit(r)
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		role := copse.Role(r.URL.Query().Get("role"))
		if role != "" && !role.Valid() {
			httpx.Error(w, r, &copse.Error{Code: copse.EINVALID, Message: "Some fields need attention.",
				Fields: map[string]string{"role": `must be "facilitator", "core", "member" or "contributor"`}})
			return
		}
		page, err := db.ListMembers(r.Context(), r.PathValue("slug"), copse.MemberFilter{Role: role, Limit: n, Cursor: r.URL.Query().Get("cursor")})
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		httpx.JSON(w, http.StatusOK, listOf(page))
	})
}

// memberAdd is the body of POST …/members: empty to join as a member, a role to
// join in that role, or a handle (facilitators) to add someone else.
type memberAdd struct {
	Handle string     `json:"handle"`
	Role   copse.Role `json:"role"`
}

func handleMemberAdd(db *store.DB) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var b memberAdd
		if r.ContentLength != 0 {
			if err := httpx.DecodeJSON(w, r, &b); err != nil {
				httpx.Error(w, r, err)
				return
			}
		}
		var (
			m   copse.Member
			err error
		)
		me := copse.UserFromContext(r.Context())
		if b.Handle == "" || me != nil && copse.NormalizeHandle(b.Handle) == me.Handle {
			m, _, err = db.Join(r.Context(), r.PathValue("slug"), b.Role)
		} else {
			m, err = db.AddMember(r.Context(), r.PathValue("slug"), b.Handle, b.Role)
		}
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		httpx.JSON(w, http.StatusOK, m)
	})
}

type memberPatch struct {
	Role copse.Role `json:"role"`
}

func handleMemberUpdate(db *store.DB) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var b memberPatch
		if err := httpx.DecodeJSON(w, r, &b); err != nil {
			httpx.Error(w, r, err)
			return
		}
		m, err := db.SetRole(r.Context(), r.PathValue("slug"), r.PathValue("handle"), b.Role)
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		httpx.JSON(w, http.StatusOK, m)
	})
}

func handleMemberRemove(db *store.DB) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := db.RemoveMember(r.Context(), r.PathValue("slug"), r.PathValue("handle")); err != nil {
			httpx.Error(w, r, err)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	})
}

// interest is the answer to registering or withdrawing interest.
type interest struct {
	Interested    bool `json:"interested"`
	InterestCount int  `json:"interest_count"`
}

func handleInterest(db *store.DB, on bool) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		set := db.RegisterInterest
		if !on {
			set = db.WithdrawInterest
		}
		n, err := set(r.Context(), r.PathValue("slug"))
		if err != nil {
			httpx.Error(w, r, err)
			return
		}
		httpx.JSON(w, http.StatusOK, interest{Interested: on, InterestCount: n})
	})
}
