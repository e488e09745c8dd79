package store_test

import (
	"context"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/store"
	"github.com/copse-dev/copse/internal/store/storetest"
)

// helpDesk is the board's community with platform staff: pat, who runs the platform.
type helpDesk struct {
	*board
	pat context.Context
}

func newHelpDesk(t *testing.T, db *store.DB) *helpDesk {
	t.Helper()
	h := &helpDesk{board: newBoard(t, db)}
	_, h.pat = storetest.User(t, db, "pat", false)
	if err := db.SetPersonFlag(h.root, "pat", store.FlagPlatformStaff, true); err != nil {
		t.Fatal(err)
	}
	return h
}

func (h *helpDesk) ask(t *testing.T, ctx context.Context, n copse.NewQuestion) *copse.Question {
	t.Helper()
	if n.Body == "" {
		n.Body = "It fails with an error I do not understand."
	}
	if n.Urgency == "" {
		n.Urgency = copse.UrgencyHowTo
	}
	q, err := h.db.AskQuestion(ctx, n)
	if err != nil {
		t.Fatalf("ask %q: %v", n.Title, err)
	}
	return q
}

func (h *helpDesk) answer(t *testing.T, ctx context.Context, q *copse.Question, body string) *copse.Answer {
	t.Helper()
	a, err := h.db.AnswerQuestion(ctx, q.ID, body)
	if err != nil {
		t.Fatalf("answer %d: %v", q.ID, err)
	}
	return a
}

func kindsOf(t *testing.T, db *store.DB) []string {
	t.Helper()
	events, err := db.PendingEvents(context.Background(), 100)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range events {
		out = append(out, e.Kind)
		db.MarkEventDelivered(context.Background(), e.ID)
	}
	return out
}

// TestAskRoutesByUrgency: each urgency goes where the routing sends it, and the
// event that tells the right people is written with the question.
func TestAskRoutesByUrgency(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB, _ *storetest.Clock) {
		h := newHelpDesk(t, db)
		tests := []struct {
			urgency copse.Urgency
			urgent  bool
			event   string
		}{
			{copse.UrgencyHowTo, false, "question.asked"},
			{copse.UrgencySOS, true, "sos.raised"},
			{copse.UrgencyOutage, true, "outage.reported"},
		}
		for _, tt := range tests {
			q := h.ask(t, h.mel, copse.NewQuestion{Title: "Pipeline question, " + string(tt.urgency), Urgency: tt.urgency, Community: "iac", Tags: []string{"CI"}})
			if q.Urgent != tt.urgent || q.Status != copse.QuestionOpen || q.Community.Slug != "iac" || !slices.Equal(q.Tags, []string{"ci"}) {
				t.Errorf("%s: urgent %v, status %s, tags %v", tt.urgency, q.Urgent, q.Status, q.Tags)
			}
			if got := kindsOf(t, db); !slices.Equal(got, []string{tt.event}) {
				t.Errorf("%s: events %v, want [%s]", tt.urgency, got, tt.event)
			}
		}
		// An admin re-routes sos to the community: an sos is then a question like any other.
		s := copse.DefaultHelpSettings()
		s.Routes[1].To = copse.ToCommunity
		if _, err := db.UpdateHelpSettings(h.root, s); err != nil {
			t.Fatal(err)
		}
		q := h.ask(t, h.otto, copse.NewQuestion{Title: "Another urgent question", Urgency: copse.UrgencySOS})
		if q.Urgent || q.Community != nil {
			t.Errorf("re-routed sos: urgent %v, community %v", q.Urgent, q.Community)
		}
		if got := kindsOf(t, db); !slices.Equal(got, []string{"question.asked"}) {
			t.Errorf("re-routed sos: events %v", got)
		}
		if _, err := db.UpdateHelpSettings(h.mel, s); copse.ErrorCode(err) != copse.EFORBIDDEN {
			t.Errorf("a member changes the routing: %v", err)
		}
	})
}

// TestHelpBadInput: every refusal names its problem and changes nothing.
func TestHelpBadInput(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB, _ *storetest.Clock) {
		h := newHelpDesk(t, db)
		q1 := h.ask(t, h.mel, copse.NewQuestion{Title: "How do I pin a provider?", Community: "iac"})
		q2 := h.ask(t, h.cora, copse.NewQuestion{Title: "How do I split state?", Community: "iac"})
		a1 := h.answer(t, h.otto, q1, "Use required_providers.")
		a2 := h.answer(t, h.fay, q2, "Use workspaces.")
		kindsOf(t, db)

		_, err := db.AskQuestion(h.mel, copse.NewQuestion{Title: "Down?", Body: "x", Urgency: "panic"})
		wantFields(t, "unknown urgency", err, "urgency", "title")
		_, err = db.AskQuestion(h.anon, copse.NewQuestion{Title: "Anonymous question", Body: "x", Urgency: copse.UrgencyHowTo})
		wantCode(t, "anonymous ask", err, copse.EUNAUTHORIZED)
		_, err = db.AskQuestion(h.mel, copse.NewQuestion{Title: "Members only, site-wide", Body: "x", Urgency: copse.UrgencyHowTo, Visibility: copse.VisibilityMembers})
		wantFields(t, "members-only without a community", err, "visibility")
		_, err = db.AskQuestion(h.mel, copse.NewQuestion{Title: "Lost in a community", Body: "x", Urgency: copse.UrgencyHowTo, Community: "nowhere"})
		wantFields(t, "unknown community", err, "community")

		_, err = db.AcceptAnswer(h.mel, q1.ID, a2.ID)
		wantFields(t, "accepting an answer of another question", err, "answer_id")
		_, err = db.AcceptAnswer(h.otto, q1.ID, a1.ID)
		wantCode(t, "accepting as a stranger", err, copse.EFORBIDDEN)
		_, err = db.AcceptAnswer(h.anon, q1.ID, a1.ID)
		wantCode(t, "accepting anonymously", err, copse.EUNAUTHORIZED)
		_, err = db.VoteAnswer(h.otto, q1.ID, a1.ID, 1)
		wantCode(t, "voting on your own answer", err, copse.EFORBIDDEN)
		_, err = db.VoteAnswer(h.mel, q1.ID, a1.ID, 2)
		wantFields(t, "a vote of 2", err, "value")

		closed := copse.QuestionClosed
		if _, err := db.UpdateQuestion(h.mel, q1.ID, copse.QuestionUpdate{Status: &closed}); err != nil {
			t.Fatal(err)
		}
		_, err = db.AnswerQuestion(h.cora, q1.ID, "Too late?")
		wantCode(t, "answering a closed question", err, copse.ECONFLICT)
		_, err = db.UpdateQuestion(h.otto, q2.ID, copse.QuestionUpdate{Status: &closed})
		wantCode(t, "closing someone else's question as an outsider", err, copse.EFORBIDDEN)

		got, _, err := db.FindQuestion(h.mel, q1.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.AcceptedAnswerID != nil || got.AnswerCount != 1 || got.Answers[0].Score != 0 || got.Status != copse.QuestionClosed {
			t.Errorf("a refusal changed something: accepted %v, %d answers, score %d, %s", got.AcceptedAnswerID, got.AnswerCount, got.Answers[0].Score, got.Status)
		}
		if got := kindsOf(t, db); len(got) != 0 {
			t.Errorf("refusals recorded events: %v", got)
		}

		if _, err := db.UpdateCommunity(h.fay, "iac", copse.CommunityUpdate{Status: ptr(copse.StatusArchived)}); err != nil {
			t.Fatal(err)
		}
		_, err = db.AnswerQuestion(h.cora, q2.ID, "Archived now")
		wantCode(t, "answering in an archived community", err, copse.ECONFLICT)
		_, err = db.AskQuestion(h.mel, copse.NewQuestion{Title: "Still there anyone?", Body: "x", Urgency: copse.UrgencyHowTo, Community: "iac"})
		wantCode(t, "asking in an archived community", err, copse.ECONFLICT)
	})
}

func wantCode(t *testing.T, what string, err error, code string) {
	t.Helper()
	if copse.ErrorCode(err) != code {
		t.Errorf("%s: %v (%s), want %s", what, err, copse.ErrorCode(err), code)
	}
}

func wantFields(t *testing.T, what string, err error, fields ...string) {
	t.Helper()
	wantCode(t, what, err, copse.EINVALID)
	for _, f := range fields {
		if copse.ErrorFields(err)[f] == "" {
			t.Errorf("%s: no message for %q in %v", what, f, err)
		}
	}
}

// TestAnswersVotesAndAcceptance: answers list best first, votes move the score
// once per person, acceptance puts an answer on top and records its event, edits
// keep history, and a duplicate points at its original.
func TestAnswersVotesAndAcceptance(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB, clock *storetest.Clock) {
		h := newHelpDesk(t, db)
		q := h.ask(t, h.mel, copse.NewQuestion{Title: "How do I share Terraform state?", Community: "iac", Tags: []string{"terraform"}})
		clock.Advance(10 * time.Minute)
		self := h.answer(t, h.mel, q, "Maybe a bucket?")
		clock.Advance(10 * time.Minute)
		first := h.answer(t, h.otto, q, "Use a remote backend with locking.")
		clock.Advance(10 * time.Minute)
		staff := h.answer(t, h.pat, q, "The platform offers a state bucket per team.")
		if !staff.PlatformTeam || first.PlatformTeam {
			t.Errorf("platform team: staff %v, otto %v", staff.PlatformTeam, first.PlatformTeam)
		}
		got, _, _ := db.FindQuestion(h.anon, q.ID)
		if got.FirstAnswerBy != copse.ByCommunity || got.FirstAnsweredAt == nil || got.FirstAnsweredAt.Sub(got.CreatedAt) != 20*time.Minute {
			t.Errorf("first answer: by %q at %v; the asker's own answer must not count", got.FirstAnswerBy, got.FirstAnsweredAt)
		}
		for _, v := range []struct {
			ctx   context.Context
			value int
		}{{h.fay, 1}, {h.cora, 1}, {h.cora, -1}, {h.root, 1}} {
			if _, err := db.VoteAnswer(v.ctx, q.ID, staff.ID, v.value); err != nil {
				t.Fatal(err)
			}
		}
		a, err := db.UnvoteAnswer(h.root, q.ID, staff.ID)
		if err != nil || a.Score != 0 || a.Vote != 0 {
			t.Errorf("after fay +1, cora -1 (changed), root +1 then taken back: score %d, root's vote %d, %v", a.Score, a.Vote, err)
		}
		if _, err := db.VoteAnswer(h.fay, q.ID, first.ID, 1); err != nil {
			t.Fatal(err)
		}
		got, _, _ = db.FindQuestion(h.anon, q.ID)
		if ids := answerIDs(got); !slices.Equal(ids, []int64{first.ID, self.ID, staff.ID}) {
			t.Errorf("best first: %v, want otto's (score 1), mel's (0, older), pat's (0)", ids)
		}
		kindsOf(t, db)
		accepted, err := db.AcceptAnswer(h.mel, q.ID, staff.ID)
		if err != nil {
			t.Fatal(err)
		}
		if accepted.Status != copse.QuestionAnswered || *accepted.AcceptedAnswerID != staff.ID || answerIDs(accepted)[0] != staff.ID || !accepted.Answers[0].Accepted {
			t.Errorf("accepted: %s, %v, order %v", accepted.Status, accepted.AcceptedAnswerID, answerIDs(accepted))
		}
		if got := kindsOf(t, db); !slices.Equal(got, []string{"answer.accepted"}) {
			t.Errorf("events %v", got)
		}
		found, err := db.Search(h.anon, "bucket per team", copse.SearchFilter{Kind: "question"})
		if err != nil || len(found.Items) != 1 || found.Items[0].URL != "/questions/"+strconv.FormatInt(q.ID, 10) {
			t.Errorf("search for the accepted answer's words: %+v, %v", found.Items, err)
		}

		title := "How do I share Terraform state between teams?"
		if _, err := db.UpdateQuestion(h.mel, q.ID, copse.QuestionUpdate{Title: &title}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.EditAnswer(h.otto, q.ID, first.ID, "Use a remote backend with state locking."); err != nil {
			t.Fatal(err)
		}
		if _, err := db.EditAnswer(h.mel, q.ID, first.ID, "Mine now"); copse.ErrorCode(err) != copse.EFORBIDDEN {
			t.Errorf("the asker edits someone's answer: %v", err)
		}
		revs, err := db.Revisions(h.anon, q.ID)
		if err != nil || len(revs) != 2 || revs[0].AnswerID == nil || revs[0].Body != "Use a remote backend with locking." ||
			revs[1].Title != "How do I share Terraform state?" || revs[1].Editor != "mel" {
			t.Errorf("history: %+v, %v", revs, err)
		}

		dup := h.ask(t, h.cora, copse.NewQuestion{Title: "Sharing state across teams?", Community: "iac"})
		of := &q.ID
		marked, err := db.UpdateQuestion(h.fay, dup.ID, copse.QuestionUpdate{DuplicateOf: &of})
		if err != nil || marked.Status != copse.QuestionDuplicate || *marked.DuplicateOf != q.ID {
			t.Fatalf("duplicate: %+v, %v", marked, err)
		}
		again := h.ask(t, h.otto, copse.NewQuestion{Title: "State across teams, again?"})
		viaDup := &dup.ID
		marked, err = db.UpdateQuestion(h.pat, again.ID, copse.QuestionUpdate{DuplicateOf: &viaDup})
		if err != nil || *marked.DuplicateOf != q.ID {
			t.Errorf("a duplicate of a duplicate points at the original: %v, %v", marked.DuplicateOf, err)
		}
		self2 := &again.ID
		_, err = db.UpdateQuestion(h.pat, again.ID, copse.QuestionUpdate{DuplicateOf: &self2})
		wantFields(t, "a duplicate of itself", err, "duplicate_of")
		_, err = db.AnswerQuestion(h.fay, dup.ID, "Answer here?")
		wantCode(t, "answering a duplicate", err, copse.ECONFLICT)

		unanswered, err := db.ListQuestions(h.anon, copse.QuestionFilter{Unanswered: true, Sort: copse.SortAsked})
		if err != nil || len(unanswered.Items) != 0 {
			t.Errorf("unanswered: %d, %v", len(unanswered.Items), err)
		}
		mine, err := db.ListQuestions(h.anon, copse.QuestionFilter{Author: "mel", Answers: true})
		if err != nil || len(mine.Items) != 1 || len(mine.Items[0].Answers) != 3 {
			t.Errorf("mel's questions: %+v, %v", mine.Items, err)
		}
	})
}

func answerIDs(q *copse.Question) []int64 {
	var ids []int64
	for _, a := range q.Answers {
		ids = append(ids, a.ID)
	}
	return ids
}

// TestQuestionVisibility: a members-only question is a members' question, in lists,
// in search and by its address.
func TestQuestionVisibility(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB, _ *storetest.Clock) {
		h := newHelpDesk(t, db)
		q := h.ask(t, h.mel, copse.NewQuestion{Title: "Our private module registry token", Community: "iac", Visibility: copse.VisibilityMembers})
		for _, who := range []struct {
			name string
			ctx  context.Context
			sees bool
		}{{"anonymous", h.anon, false}, {"outsider", h.otto, false}, {"member", h.cora, true}, {"admin", h.root, true}} {
			_, _, err := db.FindQuestion(who.ctx, q.ID)
			list, _ := db.ListQuestions(who.ctx, copse.QuestionFilter{})
			found, _ := db.Search(who.ctx, "registry token", copse.SearchFilter{})
			if (err == nil) != who.sees || (len(list.Items) == 1) != who.sees || (len(found.Items) == 1) != who.sees {
				t.Errorf("%s: find %v, list %d, search %d; want seen %v", who.name, err, len(list.Items), len(found.Items), who.sees)
			}
		}
	})
}

// TestTopicsAndMeetingsSearchable: topics and meetings are found by their words —
// a meeting by its agenda's topics and its notes — as soon as they are written.
func TestTopicsAndMeetingsSearchable(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB, clock *storetest.Clock) {
		h := newHelpDesk(t, db)
		tp := h.topic(t, h.mel, "Drift detection for modules")
		agenda := []int64{tp.ID}
		m, _, err := db.CreateMeeting(h.fay, "iac", copse.NewMeeting{Title: "March call", StartsAt: clock.Now().Add(time.Hour), Agenda: &agenda})
		if err != nil {
			t.Fatal(err)
		}
		clock.Advance(2 * time.Hour)
		held, notes := copse.MeetingHeld, "We agreed to run **plan** nightly in every pipeline."
		if _, err := db.UpdateMeeting(h.fay, "iac", m.ID, copse.MeetingUpdate{Status: &held, Notes: &notes}); err != nil {
			t.Fatal(err)
		}
		for _, tt := range []struct{ q, kind, title string }{
			{"drift detection", "topic", "Drift detection for modules"},
			{"nightly pipeline", "meeting", "March call"},
			{"drift", "meeting", "March call"},
		} {
			found, err := db.Search(h.anon, tt.q, copse.SearchFilter{Kind: tt.kind})
			if err != nil || len(found.Items) != 1 || found.Items[0].Title != tt.title {
				t.Errorf("%q in %ss: %+v, %v", tt.q, tt.kind, found.Items, err)
			}
		}
		title := "Drift detection for shared modules"
		if _, err := db.UpdateTopic(h.mel, "iac", tp.ID, copse.TopicUpdate{Title: &title}); err != nil {
			t.Fatal(err)
		}
		if found, _ := db.Search(h.anon, "shared modules", copse.SearchFilter{Kind: "topic"}); len(found.Items) != 1 {
			t.Errorf("a renamed topic is found by its new title: %+v", found.Items)
		}
	})
}
