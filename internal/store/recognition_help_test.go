package store_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/store"
	"github.com/copse-dev/copse/internal/store/storetest"
)

// ask puts a question to a community ago, as who.
func (h *history) ask(ago time.Duration, slug, who, title string, tags ...string) *copse.Question {
	h.t.Helper()
	var q *copse.Question
	h.at(ago, func() {
		var err error
		q, err = h.db.AskQuestion(h.as(who), copse.NewQuestion{Title: title, Body: "How do I do this well?", Urgency: copse.UrgencyHowTo,
			Community: slug, Tags: tags})
		if err != nil {
			h.t.Fatal(err)
		}
	})
	return q
}

// answer answers a question ago, as who.
func (h *history) answer(ago time.Duration, q *copse.Question, who string) *copse.Answer {
	h.t.Helper()
	var a *copse.Answer
	h.at(ago, func() {
		var err error
		if a, err = h.db.AnswerQuestion(h.as(who), q.ID, "Here is how, from "+who+"."); err != nil {
			h.t.Fatal(err)
		}
	})
	return a
}

func (h *history) accept(q *copse.Question, a *copse.Answer, who string) {
	h.t.Helper()
	if _, err := h.db.AcceptAnswer(h.as(who), q.ID, a.ID); err != nil {
		h.t.Fatal(err)
	}
}

// TestHelpRecognition: the rules over community help. Answering someone else's
// question earns points, an accepted answer more; answering or accepting on one's own
// question earns nothing. The expert finder counts the same deeds on the question's
// tags, and health reads the time each question waited for its first answer.
func TestHelpRecognition(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB, clock *storetest.Clock) {
		h := newHistory(t, db, clock)
		d := h.days
		h.community(d(100), "iac", true, "fay", "mel", "ned")
		q1 := h.ask(d(30), "iac", "mel", "How should we lock remote state?", "terraform")
		nedOn1 := h.answer(d(30)-2*time.Hour, q1, "ned") // 2 hours after
		h.answer(d(29), q1, "fay")
		h.accept(q1, nedOn1, "mel")
		q2 := h.ask(d(20), "iac", "ned", "Where should modules live?", "terraform", "modules")
		own := h.answer(d(20)-time.Hour, q2, "ned") // his own question: nothing, accepted or not
		h.answer(d(19), q2, "mel")                  // a day after: the median wait is 13 hours
		h.accept(q2, own, "ned")
		h.ask(d(10), "iac", "fay", "Who reviews policy changes?", "policy") // still waiting

		if _, err := db.RefreshRecognition(context.Background()); err != nil {
			t.Fatal(err)
		}
		for _, tt := range []struct {
			who  string
			want map[string]int
		}{
			{"ned", map[string]int{"answer.given": 2, "answer.accepted": 10}},
			{"fay", map[string]int{"answer.given": 2}},
			{"mel", map[string]int{"answer.given": 2}},
		} {
			got := points(t, db, tt.who)
			for rule, p := range tt.want {
				if got[rule] != p {
					t.Errorf("%s: %s earned %d, want %d (all: %v)", tt.who, rule, got[rule], p, got)
				}
			}
			if got["answer.given"]+got["answer.accepted"] != tt.want["answer.given"]+tt.want["answer.accepted"] {
				t.Errorf("%s: answer points %v, want %v", tt.who, got, tt.want)
			}
		}
		page, err := db.PointsOf(context.Background(), "ned", 10, "")
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range page.Items {
			if e.Rule == "answer.accepted" && e.URL != "/questions/"+strconv.FormatInt(q1.ID, 10) {
				t.Errorf("ned's accepted answer links to %q", e.URL)
			}
		}
		p, err := db.FindPerson(context.Background(), "ned")
		if err != nil || p.Contributions.Answers != 1 || p.Contributions.AcceptedAnswers != 1 || p.Points != 12 {
			t.Errorf("ned's profile: %v %+v", err, p)
		}

		experts, err := db.Experts(context.Background(), copse.ExpertFilter{Subject: "terraform"})
		if err != nil || len(experts.Items) != 3 {
			t.Fatalf("experts on terraform: %v %+v", err, experts.Items)
		}
		top := experts.Items[0]
		if top.Handle != "ned" || top.Evidence.AcceptedAnswers != 1 || top.Evidence.Answers != 1 || top.Score != copse.ExpertAccepted+copse.ExpertAnswer {
			t.Errorf("the top expert on terraform: %+v", top)
		}
		if none, _ := db.Experts(context.Background(), copse.ExpertFilter{Subject: "policy"}); len(none.Items) != 0 {
			t.Errorf("nobody answered on policy, yet: %+v", none.Items)
		}

		s := signal(h.health("iac"), "time_to_first_answer")
		if s.Weight == 0 || s.Value != 13 || !strings.Contains(s.Why, "the median of 2") || !strings.Contains(s.Why, "1 question of 3 still has none") {
			t.Errorf("time to first answer: %+v", s)
		}
	})
}
