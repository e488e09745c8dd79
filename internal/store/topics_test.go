package store_test

import (
	"context"
	"slices"
	"testing"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/store"
	"github.com/copse-dev/copse/internal/store/storetest"
)

// board is a community "iac" with a person in each role: fay (facilitator), cora
// (core), mel (member), con (contributor), otto (outside it), root (admin) and an
// anonymous reader.
type board struct {
	db                                    *store.DB
	fay, cora, mel, con, otto, root, anon context.Context
}

func newBoard(t *testing.T, db *store.DB) *board {
	t.Helper()
	b := &board{db: db, anon: context.Background()}
	_, b.fay = storetest.User(t, db, "fay", false)
	_, b.cora = storetest.User(t, db, "cora", false)
	_, b.mel = storetest.User(t, db, "mel", false)
	_, b.con = storetest.User(t, db, "con", false)
	_, b.otto = storetest.User(t, db, "otto", false)
	_, b.root = storetest.User(t, db, "root", true)
	if _, err := db.CreateCommunity(b.fay, copse.NewCommunity{Name: "Infrastructure as Code", Slug: "iac", Subject: "Terraform",
		Cadence: &copse.Cadence{RRule: "FREQ=MONTHLY;BYDAY=4TH;BYHOUR=11;BYMINUTE=0", Timezone: "Europe/London"}}); err != nil {
		t.Fatal(err)
	}
	for ctx, role := range map[context.Context]copse.Role{b.cora: copse.RoleMember, b.mel: copse.RoleMember, b.con: copse.RoleContributor} {
		if _, _, err := db.Join(ctx, "iac", role); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.SetRole(b.fay, "iac", "cora", copse.RoleCore); err != nil {
		t.Fatal(err)
	}
	// The joins recorded member.joined events; these tests watch the board's and the
	// meetings' own.
	events, _ := db.PendingEvents(context.Background(), 100)
	for _, e := range events {
		db.MarkEventDelivered(context.Background(), e.ID)
	}
	return b
}

func (b *board) topic(t *testing.T, ctx context.Context, title string) *copse.Topic {
	t.Helper()
	tp, err := b.db.CreateTopic(ctx, "iac", copse.NewTopic{Title: title})
	if err != nil {
		t.Fatalf("propose %q: %v", title, err)
	}
	return tp
}

func TestBoardRulesByRole(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB, _ *storetest.Clock) {
		b := newBoard(t, db)
		mine := b.topic(t, b.mel, "Terraform state in CI")
		planned := copse.StagePlanned
		title := "Renamed by someone"
		who := []struct {
			name string
			ctx  context.Context
		}{{"anonymous", b.anon}, {"outsider", b.otto}, {"contributor", b.con}, {"member", b.mel}, {"core", b.cora}, {"facilitator", b.fay}, {"admin", b.root}}
		for _, tt := range []struct {
			action string
			do     func(ctx context.Context) error
			want   []string // per person in who's order: "" for allowed, else the error code
		}{
			{"propose", func(ctx context.Context) error {
				_, err := db.CreateTopic(ctx, "iac", copse.NewTopic{Title: "A topic worth a meeting"})
				return err
			}, []string{copse.EUNAUTHORIZED, copse.EFORBIDDEN, copse.EFORBIDDEN, "", "", "", ""}},
			{"move", func(ctx context.Context) error {
				_, err := db.UpdateTopic(ctx, "iac", mine.ID, copse.TopicUpdate{Stage: &planned})
				return err
			}, []string{copse.EUNAUTHORIZED, copse.EFORBIDDEN, copse.EFORBIDDEN, copse.EFORBIDDEN, "", "", ""}},
			{"edit the words of mel's topic", func(ctx context.Context) error {
				_, err := db.UpdateTopic(ctx, "iac", mine.ID, copse.TopicUpdate{Title: &title})
				return err
			}, []string{copse.EUNAUTHORIZED, copse.EFORBIDDEN, copse.EFORBIDDEN, "", copse.EFORBIDDEN, "", ""}},
			{"set categories", func(ctx context.Context) error {
				_, err := db.SetCategories(ctx, "iac", copse.DefaultCategories)
				return err
			}, []string{copse.EUNAUTHORIZED, copse.EFORBIDDEN, copse.EFORBIDDEN, copse.EFORBIDDEN, copse.EFORBIDDEN, "", ""}},
		} {
			for i, w := range who {
				err := tt.do(w.ctx)
				if got := copse.ErrorCode(err); got != tt.want[i] {
					t.Errorf("%s by %s: %q (%v), want %q", tt.action, w.name, got, err, tt.want[i])
				}
			}
		}
	})
}

func TestVotesAndOrder(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB, clock *storetest.Clock) {
		b := newBoard(t, db)
		first := b.topic(t, b.mel, "First proposed")
		clock.Advance(1)
		second := b.topic(t, b.cora, "Second proposed")
		clock.Advance(1)
		third := b.topic(t, b.fay, "Third proposed")
		for _, ctx := range []context.Context{b.mel, b.cora} {
			if _, err := db.Vote(ctx, "iac", third.ID); err != nil {
				t.Fatal(err)
			}
		}
		got, err := db.Vote(b.fay, "iac", second.ID)
		if err != nil || got.Votes != 1 || !got.Voted {
			t.Fatalf("vote: %v, %+v", err, got)
		}
		if _, err := db.Vote(b.fay, "iac", second.ID); copse.ErrorCode(err) != copse.ECONFLICT {
			t.Fatalf("a second vote: %v, want a conflict", err)
		}
		if _, err := db.Vote(b.con, "iac", second.ID); copse.ErrorCode(err) != copse.EFORBIDDEN {
			t.Fatalf("a contributor's vote: %v, want forbidden", err)
		}
		if _, err := db.Unvote(b.mel, "iac", second.ID); copse.ErrorCode(err) != copse.ENOTFOUND {
			t.Fatalf("taking back a vote never given: %v, want not found", err)
		}
		// Most votes first, then oldest first; pages follow one another.
		var order []string
		cursor := ""
		for {
			page, err := db.ListTopics(b.anon, "iac", copse.TopicFilter{Limit: 1, Cursor: cursor})
			if err != nil {
				t.Fatal(err)
			}
			for _, tp := range page.Items {
				order = append(order, tp.Title)
			}
			if cursor = page.Next; cursor == "" {
				break
			}
		}
		if want := []string{third.Title, second.Title, first.Title}; !slices.Equal(order, want) {
			t.Fatalf("order %v, want %v", order, want)
		}
		discussed := copse.StageDiscussed
		if _, err := db.UpdateTopic(b.fay, "iac", third.ID, copse.TopicUpdate{Stage: &discussed}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Vote(b.fay, "iac", third.ID); copse.ErrorCode(err) != copse.ECONFLICT {
			t.Fatalf("a vote on a discussed topic: %v, want a conflict", err)
		}
		tp, _ := db.FindTopic(b.mel, "iac", third.ID)
		if tp.Votes != 2 || !tp.Voted {
			t.Fatalf("after the refused vote: %d votes, voted %v; want 2, true", tp.Votes, tp.Voted)
		}
		page, _ := db.ListTopics(b.anon, "iac", copse.TopicFilter{Stage: copse.StageDiscussed})
		if len(page.Items) != 1 || page.Items[0].ID != third.ID {
			t.Fatalf("stage filter: %+v", page.Items)
		}
		cols, err := db.Board(b.anon, "iac", 1)
		if err != nil {
			t.Fatal(err)
		}
		if cols[0].Stage != copse.StageProposed || cols[0].Total != 2 || len(cols[0].Topics) != 1 || cols[0].Topics[0].ID != second.ID {
			t.Fatalf("proposed column: %+v", cols[0])
		}
	})
}

func TestTopicChanges(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB, _ *storetest.Clock) {
		b := newBoard(t, db)
		tp := b.topic(t, b.mel, "Policy as code")
		action := copse.StageAction
		got, err := db.UpdateTopic(b.cora, "iac", tp.ID, copse.TopicUpdate{Stage: &action})
		if err != nil || got.Owner != "mel" {
			t.Fatalf("an action without an owner: %v, owner %q; want its proposer", err, got.Owner)
		}
		owner := "cora"
		if got, err = db.UpdateTopic(b.fay, "iac", tp.ID, copse.TopicUpdate{Owner: &owner}); err != nil || got.Owner != "cora" {
			t.Fatalf("owner: %v, %q", err, got.Owner)
		}
		outsider, bogus, wrong := "otto", copse.Stage("parked"), "Not a category"
		for name, u := range map[string]copse.TopicUpdate{
			"owner": {Owner: &outsider}, "stage": {Stage: &bogus}, "category": {Category: &wrong},
		} {
			_, err := db.UpdateTopic(b.fay, "iac", tp.ID, u)
			if copse.ErrorCode(err) != copse.EINVALID || copse.ErrorFields(err)[name] == "" {
				t.Errorf("bad %s: %v, want a message for %s", name, err, name)
			}
		}
		if after, _ := db.FindTopic(b.fay, "iac", tp.ID); after.Owner != "cora" || after.Stage != copse.StageAction {
			t.Fatalf("a refused change changed the topic: %+v", after)
		}
		if _, err := db.CreateTopic(b.mel, "iac", copse.NewTopic{Title: "Cloud journeys", Category: "an organisation's journey"}); err != nil {
			t.Fatalf("a default category, in another case: %v", err)
		}
		if _, err := db.SetCategories(b.fay, "iac", []copse.Category{{Name: "Ops"}, {Name: "ops"}}); copse.ErrorCode(err) != copse.EINVALID {
			t.Fatalf("a category twice: %v", err)
		}
		if cs, err := db.SetCategories(b.fay, "iac", []copse.Category{}); err != nil || len(cs) != 0 {
			t.Fatalf("no categories: %v, %v", cs, err)
		}
		if _, err := db.CreateTopic(b.mel, "iac", copse.NewTopic{Title: "Anything", Category: "Ops"}); copse.ErrorCode(err) != copse.EINVALID {
			t.Fatalf("a category on a board without: %v", err)
		}
		archived := copse.StatusArchived
		if _, err := db.UpdateCommunity(b.fay, "iac", copse.CommunityUpdate{Status: &archived}); err != nil {
			t.Fatal(err)
		}
		done := copse.StageDone
		if _, err := db.UpdateTopic(b.fay, "iac", tp.ID, copse.TopicUpdate{Stage: &done}); copse.ErrorCode(err) != copse.ECONFLICT {
			t.Fatalf("moving a topic of an archived community: %v, want a conflict", err)
		}
		if _, err := db.Vote(b.mel, "iac", tp.ID); copse.ErrorCode(err) != copse.ECONFLICT {
			t.Fatalf("voting in an archived community: %v, want a conflict", err)
		}
	})
}
