package store_test

import (
	"context"
	"testing"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/store"
	"github.com/copse-dev/copse/internal/store/storetest"
)

// TestAnnouncementRules: who may announce and add webhooks, what is refused with a
// message per field, and that a refused request leaves nothing behind: no row, no
// event for the outbox.
func TestAnnouncementRules(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB, _ *storetest.Clock) {
		fay, mel, root := listSite(t, db)
		deliverAll(t, db)
		_, otto := storetest.User(t, db, "otto", false)
		good := copse.NewAnnouncement{Title: "Hello", Body: "World"}
		for _, c := range []struct {
			name string
			ctx  context.Context
			n    copse.NewAnnouncement
			code string
		}{
			{"anonymous", context.Background(), good, copse.EUNAUTHORIZED},
			{"outsider", otto, good, copse.EFORBIDDEN},
			{"member", mel, good, copse.EFORBIDDEN},
			{"empty", fay, copse.NewAnnouncement{}, copse.EINVALID},
		} {
			if _, err := db.CreateAnnouncement(c.ctx, "iac", c.n); copse.ErrorCode(err) != c.code {
				t.Errorf("%s: %v, want %s", c.name, err, c.code)
			}
		}
		_, err := db.CreateAnnouncement(fay, "iac", copse.NewAnnouncement{Title: "x", Body: ""})
		if f := copse.ErrorFields(err); f["title"] == "" || f["body"] == "" {
			t.Errorf("fields %v", f)
		}
		if n, _ := db.FanOut(context.Background(), 100); n != 0 {
			t.Errorf("refused announcements left %d events", n)
		}
		if page, _ := db.ListAnnouncements(context.Background(), "iac", 10, ""); len(page.Items) != 0 {
			t.Errorf("refused announcements left %d rows", len(page.Items))
		}
		if _, err := db.CreateAnnouncement(root, "iac", good); err != nil {
			t.Errorf("an admin announces: %v", err)
		}

		_, err = db.CreateWebhook(fay, "iac", copse.NewWebhook{URL: "hooks.slack.com/x", Format: "fax", Events: []string{"nothing"}, Secret: "short"})
		if f := copse.ErrorFields(err); f["url"] == "" || f["format"] == "" || f["events"] == "" || f["secret"] == "" {
			t.Errorf("webhook fields %v", f)
		}
		if _, err := db.CreateWebhook(mel, "iac", copse.NewWebhook{URL: "https://chat.example.org/x"}); copse.ErrorCode(err) != copse.EFORBIDDEN {
			t.Errorf("a member added a webhook: %v", err)
		}
		if _, err := db.CreateWebhook(fay, "", copse.NewWebhook{URL: "https://chat.example.org/x"}); copse.ErrorCode(err) != copse.EFORBIDDEN {
			t.Errorf("a facilitator added a site-wide webhook: %v", err)
		}
		if _, err := db.ListWebhooks(context.Background(), "iac"); copse.ErrorCode(err) != copse.EUNAUTHORIZED {
			t.Errorf("anonymous listed webhooks: %v", err)
		}

		archived := copse.StatusArchived
		if _, err := db.UpdateCommunity(fay, "iac", copse.CommunityUpdate{Status: &archived}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.CreateAnnouncement(fay, "iac", good); copse.ErrorCode(err) != copse.ECONFLICT {
			t.Errorf("announcing in an archived community: %v", err)
		}
		if _, err := db.CreateWebhook(fay, "iac", copse.NewWebhook{URL: "https://chat.example.org/x"}); copse.ErrorCode(err) != copse.ECONFLICT {
			t.Errorf("a webhook in an archived community: %v", err)
		}
		if err := db.Subscribe(context.Background(), "iac", "x@example.org"); copse.ErrorCode(err) != copse.ECONFLICT {
			t.Errorf("subscribing to an archived community: %v", err)
		}
	})
}
