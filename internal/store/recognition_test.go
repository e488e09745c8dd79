package store_test

import (
	"context"
	"testing"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/store"
	"github.com/copse-dev/copse/internal/store/storetest"
)

// points returns a person's points by rule, from the ledger.
func points(t *testing.T, db *store.DB, handle string) map[string]int {
	t.Helper()
	page, err := db.PointsOf(copse.WithUser(context.Background(), &copse.User{ID: -1, Admin: true}), handle, copse.MaxLimit, "")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int{}
	for _, e := range page.Items {
		out[e.Rule] += e.Points
	}
	return out
}

// TestPointRules: each rule of the published table, on a real history, earns what
// it says and nothing for self-serving activity; refreshing twice awards nothing
// twice, and a subject that stops qualifying loses its points.
func TestPointRules(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB, clock *storetest.Clock) {
		h := newHistory(t, db, clock)
		d := h.days
		h.community(d(100), "iac", true, "fay", "mel", "ned", "ola")
		presented := h.topic(d(40), "iac", "mel", "Remote state", "ned", "ola", "fay", "mel") // mel votes for herself too
		policy := h.topic(d(39), "iac", "ned", "Policy as code", "ned", "ola")                // his own vote, and ola's
		h.topic(d(38), "iac", "ola", "Drift detection")                                       // never discussed
		h.meeting(d(30), "iac", "fay", presented.ID)
		h.at(d(20), func() { // fay schedules one that has not happened: it earns nothing yet
			if _, _, err := db.CreateMeeting(h.as("fay"), "iac", copse.NewMeeting{Title: "Next", StartsAt: clock.Now().AddDate(0, 1, 0)}); err != nil {
				t.Fatal(err)
			}
		})
		done, owner := copse.StageDone, "ola"
		if _, err := db.UpdateTopic(h.as("fay"), "iac", presented.ID, copse.TopicUpdate{Stage: &done, Owner: &owner}); err != nil {
			t.Fatal(err)
		}
		h.resource(d(10), "iac", "ned", "Terraform modules", "terraform")
		dup := h.resource(d(9), "iac", "ola", "Terraform modules again", "terraform")
		// root imports a batch naming itself the author: a bulk import earns its runner nothing.
		if _, err := db.ImportResource(h.as("root"), copse.NewResource{Title: "Imported guide", Body: "# Imported\n\nA guide.", Source: "docs/guide.md",
			Community: "iac", Authors: []string{"root"}}); err != nil {
			t.Fatal(err)
		}

		n, err := db.RefreshRecognition(context.Background())
		if err != nil || n == 0 {
			t.Fatalf("first refresh: %d, %v", n, err)
		}
		tests := []struct {
			who  string
			want map[string]int
		}{
			{"mel", map[string]int{"topic.presented": 5, "topic.wanted": 3}}, // three votes from others; her own counts for nothing
			{"ned", map[string]int{"resource.shared": 5, "topic.wanted": 1}}, // his own vote earns nothing
			{"fay", map[string]int{"meeting.facilitated": 5}},                // the meeting still to come earns nothing
			{"ola", map[string]int{"action.done": 3, "resource.shared": 5}},  // a topic never discussed earns nothing
			{"root", map[string]int{}},                                       // a bulk import earns its runner nothing
		}
		for _, tt := range tests {
			got := points(t, db, tt.who)
			if len(got) != len(tt.want) {
				t.Errorf("%s: points %v, want %v", tt.who, got, tt.want)
				continue
			}
			for rule, p := range tt.want {
				if got[rule] != p {
					t.Errorf("%s: %s earned %d, want %d (all: %v)", tt.who, rule, got[rule], p, got)
				}
			}
		}
		if n, err := db.RefreshRecognition(context.Background()); err != nil || n != 0 {
			t.Errorf("a second refresh changed %d rows (%v): the ledger is not idempotent", n, err)
		}

		// A vote taken back and a duplicate merged away take their points with them.
		if _, err := db.Unvote(h.as("ola"), "iac", policy.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := db.MergeResource(h.as("fay"), dup.ID-1, dup.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := db.RefreshRecognition(context.Background()); err != nil {
			t.Fatal(err)
		}
		if got := points(t, db, "ola")["resource.shared"]; got != 0 {
			t.Errorf("ola keeps %d points for a merged duplicate", got)
		}
		if got := points(t, db, "ned")["topic.wanted"]; got != 0 {
			t.Errorf("ned keeps %d points for a vote taken back", got)
		}
		p, err := db.FindPerson(context.Background(), "mel")
		if err != nil || p.Points != 8 || p.Rank != copse.RankNewcomer || p.Contributions.TopicsPresented != 1 {
			t.Errorf("mel's profile: %v %+v", err, p)
		}
	})
}

// TestRankThresholds: admins tune them; nonsense is refused with the field named.
func TestRankThresholds(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB, _ *storetest.Clock) {
		_, root := storetest.User(t, db, "root", true)
		_, mel := storetest.User(t, db, "mel", false)
		good := copse.RankThresholds{Contributor: 5, RisingStar: 20, CommunityLeader: 60, Influencer: 10, Steward: 30}
		tests := []struct {
			name  string
			ctx   context.Context
			t     copse.RankThresholds
			code  string
			field string
		}{
			{"anonymous", context.Background(), good, copse.EUNAUTHORIZED, ""},
			{"not an admin", mel, good, copse.EFORBIDDEN, ""},
			{"negative", root, copse.RankThresholds{Contributor: -5, RisingStar: 20, CommunityLeader: 60, Influencer: 10, Steward: 30}, copse.EINVALID, "contributor"},
			{"out of order", root, copse.RankThresholds{Contributor: 50, RisingStar: 20, CommunityLeader: 60, Influencer: 10, Steward: 30}, copse.EINVALID, "rising_star"},
			{"ladder out of order", root, copse.RankThresholds{Contributor: 5, RisingStar: 20, CommunityLeader: 60, Influencer: 40, Steward: 30}, copse.EINVALID, "steward"},
			{"admin", root, good, "", ""},
		}
		for _, tt := range tests {
			err := db.SetRankThresholds(tt.ctx, tt.t)
			if copse.ErrorCode(err) != tt.code || tt.field != "" && copse.ErrorFields(err)[tt.field] == "" {
				t.Errorf("%s: %v, want %s on %q", tt.name, err, tt.code, tt.field)
			}
		}
		if got, _ := db.RankThresholds(context.Background()); got != good {
			t.Errorf("thresholds are %+v, want %+v", got, good)
		}
	})
}

// TestLadder: the data suggests a step up; a facilitator confirms or declines it.
func TestLadder(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB, clock *storetest.Clock) {
		h := newHistory(t, db, clock)
		h.community(h.days(60), "iac", true, "fay", "mel", "ned")
		for i := range 6 { // mel presents six topics: 30 points, an influencer
			tp := h.topic(h.days(50-i), "iac", "mel", "Topic "+string(rune('A'+i)))
			h.meeting(h.days(40-i), "iac", "fay", tp.ID)
		}
		if _, err := db.RefreshRecognition(context.Background()); err != nil { // the worker's sweep
			t.Fatal(err)
		}
		ps, err := db.ListPromotions(h.as("fay"), "iac", "")
		if err != nil {
			t.Fatal(err)
		}
		stages := map[string]copse.LadderStage{}
		for _, p := range ps {
			stages[p.Handle] = p.Stage
		}
		if stages["mel"] != copse.StageInfluencer || stages["fay"] != copse.StageInfluencer || stages["ned"] != "" {
			t.Fatalf("suggestions: %+v", ps)
		}
		for _, tt := range []struct {
			ctx  context.Context
			code string
		}{{context.Background(), copse.EUNAUTHORIZED}, {h.as("ned"), copse.EFORBIDDEN}, {h.as("otto"), copse.EFORBIDDEN}} {
			if _, err := db.DecidePromotion(tt.ctx, "iac", "mel", copse.StageInfluencer, "confirm"); copse.ErrorCode(err) != tt.code {
				t.Errorf("deciding: %v, want %s", err, tt.code)
			}
		}
		if _, err := db.DecidePromotion(h.as("fay"), "iac", "mel", copse.StageSteward, "confirm"); copse.ErrorCode(err) != copse.ENOTFOUND {
			t.Errorf("confirming what nothing suggests: %v", err)
		}
		if _, err := db.DecidePromotion(h.as("fay"), "iac", "mel", "sage", "maybe"); len(copse.ErrorFields(err)) != 2 {
			t.Errorf("a bad stage and decision: %v", err)
		}
		p, err := db.DecidePromotion(h.as("fay"), "iac", "mel", copse.StageInfluencer, "confirm")
		if err != nil || p.Status != copse.PromotionConfirmed || p.DecidedBy != "fay" || p.DecidedAt == nil {
			t.Fatalf("confirm: %v %+v", err, p)
		}
		if _, err := db.DecidePromotion(h.as("root"), "iac", "fay", copse.StageInfluencer, "decline"); err != nil {
			t.Fatal(err)
		}
		if _, err := db.DecidePromotion(h.as("fay"), "iac", "mel", copse.StageInfluencer, "confirm"); copse.ErrorCode(err) != copse.ECONFLICT {
			t.Errorf("deciding twice: %v", err)
		}
		// The sweep records nothing new: mel is confirmed, fay's was declined.
		if n, err := db.RefreshRecognition(context.Background()); err != nil {
			t.Fatal(err)
		} else if pending, _ := db.ListPromotions(h.as("fay"), "iac", copse.PromotionSuggested); len(pending) != 0 {
			t.Errorf("after deciding, still suggested (%d changed): %+v", n, pending)
		}
		person, _ := db.FindPerson(context.Background(), "mel")
		if len(person.Communities) != 1 || person.Communities[0].Stage != copse.StageInfluencer || person.Communities[0].Points != 30 {
			t.Errorf("mel's profile: %+v", person.Communities)
		}
	})
}
