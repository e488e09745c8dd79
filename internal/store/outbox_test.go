package store_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/store"
	"github.com/copse-dev/copse/internal/store/storetest"
)

// listSite is a community "iac" with fay (facilitator), mel (member, every
// message), dan (member, daily digest) and a site admin root.
func listSite(t *testing.T, db *store.DB) (fay, mel, root context.Context) {
	t.Helper()
	_, fay = storetest.User(t, db, "fay", false)
	_, mel = storetest.User(t, db, "mel", false)
	_, dan := storetest.User(t, db, "dan", false)
	_, root = storetest.User(t, db, "root", true)
	if _, err := db.CreateCommunity(fay, copse.NewCommunity{Name: "Infrastructure as Code", Slug: "iac", Subject: "Terraform"}); err != nil {
		t.Fatal(err)
	}
	for _, ctx := range []context.Context{mel, dan} {
		if _, _, err := db.Join(ctx, "iac", ""); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.SetMailPreferences(dan, map[string]copse.Frequency{"iac": copse.FrequencyDaily}); err != nil {
		t.Fatal(err)
	}
	return fay, mel, root
}

// drain fans out every event and claims what is due, returning the jobs by channel
// and recipient ("email fay@example.org", "webhook 1").
func claimAll(t *testing.T, db *store.DB) (string, []store.Job) {
	t.Helper()
	for {
		n, err := db.FanOut(context.Background(), 100)
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			break
		}
	}
	claim, jobs, err := db.ClaimDeliveries(context.Background(), 100, 5*time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	return claim, jobs
}

// deliverAll claims what is due and records it all as sent, returning the jobs.
func deliverAll(t *testing.T, db *store.DB) []store.Job {
	t.Helper()
	claim, jobs := claimAll(t, db)
	var outs []store.Outcome
	for _, j := range jobs {
		outs = append(outs, store.Outcome{ID: j.ID, Response: "250 ok"})
	}
	if err := db.FinishDeliveries(context.Background(), claim, outs); err != nil {
		t.Fatal(err)
	}
	return jobs
}

func jobNames(jobs []store.Job) []string {
	var out []string
	for _, j := range jobs {
		name := j.Event.Kind + " " + j.Channel + " " + j.Recipient
		if j.Webhook != nil {
			name = j.Event.Kind + " webhook " + j.Webhook.URL
		}
		out = append(out, name)
	}
	slices.Sort(out)
	return out
}

func TestOutboxFanOut(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB, clock *storetest.Clock) {
		fay, _, root := listSite(t, db)
		if _, err := db.CreateWebhook(fay, "iac", copse.NewWebhook{URL: "https://chat.example.org/hooks/iac", Format: "slack"}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.CreateWebhook(root, "", copse.NewWebhook{URL: "https://chat.example.org/hooks/alerts", Format: "teams"}); err != nil {
			t.Fatal(err)
		}
		deliverAll(t, db) // the joins so far
		if _, err := db.CreateAnnouncement(fay, "iac", copse.NewAnnouncement{Title: "Lean Coffee moves to Zoom", Body: "See you **there**."}); err != nil {
			t.Fatal(err)
		}
		jobs := deliverAll(t, db)
		want := []string{
			"announcement email fay@example.org",
			"announcement email mel@example.org",
			"announcement webhook https://chat.example.org/hooks/iac",
		}
		if got := jobNames(jobs); !slices.Equal(got, want) {
			t.Fatalf("jobs\n%q\nwant\n%q", got, want)
		}
		for _, j := range jobs {
			if j.Channel == "email" && j.ListToken == "" {
				t.Errorf("%s has no unsubscribe token", j.Recipient)
			}
			if j.Community.Slug != "iac" || j.Attempt != 1 || j.Key == "" {
				t.Errorf("job %+v lacks its community, attempt or key", j)
			}
		}
		// Dan's digest is due at the next 07:00 UTC, not before.
		clock.Advance(21*time.Hour + 29*time.Minute)
		if jobs = deliverAll(t, db); len(jobs) != 0 {
			t.Fatalf("digest sent early: %q", jobNames(jobs))
		}
		clock.Advance(2 * time.Minute)
		if jobs = deliverAll(t, db); !slices.Equal(jobNames(jobs), []string{"announcement digest dan@example.org"}) {
			t.Fatalf("digest jobs %q", jobNames(jobs))
		}
	})
}

func TestOutboxRetriesAndDeadLetters(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB, clock *storetest.Clock) {
		fay, _, root := listSite(t, db)
		deliverAll(t, db)
		if _, err := db.CreateWebhook(fay, "iac", copse.NewWebhook{URL: "https://chat.example.org/hooks/iac", Format: "slack", Events: []string{"announcement"}}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.CreateAnnouncement(fay, "iac", copse.NewAnnouncement{Title: "Hello", Body: "World"}); err != nil {
			t.Fatal(err)
		}
		// hook claims what is due and returns the webhook's delivery, recording the
		// mails as sent.
		hook := func() (string, store.Job, bool) {
			claim, jobs := claimAll(t, db)
			var hj store.Job
			var outs []store.Outcome
			for _, j := range jobs {
				if j.Webhook != nil {
					hj = j
				} else {
					outs = append(outs, store.Outcome{ID: j.ID})
				}
			}
			db.FinishDeliveries(context.Background(), claim, outs)
			return claim, hj, hj.ID != 0
		}
		claim, j, ok := hook()
		if !ok {
			t.Fatal("no webhook delivery")
		}
		// Every failure waits longer: 15 s, 30 s, 1 min … (half of the exponential
		// step at jitter 0), and after the eighth attempt the delivery is dead.
		for attempt := 1; attempt <= copse.MaxAttempts; attempt++ {
			if j.Attempt != attempt {
				t.Fatalf("attempt %d, want %d", j.Attempt, attempt)
			}
			err := db.FinishDeliveries(context.Background(), claim, []store.Outcome{{ID: j.ID, Err: "503 Service Unavailable", Response: "503: down for maintenance"}})
			if err != nil {
				t.Fatal(err)
			}
			if attempt == copse.MaxAttempts {
				break
			}
			wait := copse.RetryDelay(attempt, 0)
			clock.Advance(wait - time.Second)
			if _, _, ok := hook(); ok {
				t.Fatalf("attempt %d retried before its backoff of %s", attempt, wait)
			}
			clock.Advance(time.Second)
			if claim, j, ok = hook(); !ok {
				t.Fatalf("attempt %d not retried after %s", attempt, wait)
			}
		}
		clock.Advance(24 * time.Hour)
		if _, _, ok := hook(); ok {
			t.Fatal("a dead delivery was retried by itself")
		}
		dead, err := db.ListDeliveries(root, copse.DeliveryFilter{Status: copse.DeliveryDead})
		if err != nil {
			t.Fatal(err)
		}
		if len(dead.Items) != 1 || dead.Items[0].Response != "503: down for maintenance" || dead.Items[0].Target != "chat.example.org" ||
			dead.Items[0].Attempts != copse.MaxAttempts {
			t.Fatalf("dead letters: %+v", dead.Items)
		}
		if _, err := db.ListDeliveries(fay, copse.DeliveryFilter{}); copse.ErrorCode(err) != copse.EFORBIDDEN {
			t.Fatalf("a facilitator listed deliveries: %v", err)
		}
		if _, err := db.RetryDelivery(context.Background(), dead.Items[0].ID); copse.ErrorCode(err) != copse.EUNAUTHORIZED {
			t.Fatalf("anonymous retry: %v", err)
		}
		if d, err := db.RetryDelivery(root, dead.Items[0].ID); err != nil || d.Status != copse.DeliveryPending {
			t.Fatalf("retry: %+v, %v", d, err)
		}
		claim, j, ok = hook()
		if !ok || j.Attempt != 1 {
			t.Fatalf("retried delivery not claimed afresh: %+v", j)
		}
		if err := db.FinishDeliveries(context.Background(), claim, []store.Outcome{{ID: j.ID, Response: "200: ok"}}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.RetryDelivery(root, j.ID); copse.ErrorCode(err) != copse.ECONFLICT {
			t.Fatalf("retrying a sent delivery: %v", err)
		}
		counts, err := db.DeliveryCounts(root)
		if err != nil || counts[copse.DeliveryDead] != 0 || counts[copse.DeliverySent] != 4 { // two mails, a digest, the webhook
			t.Fatalf("counts %v, %v", counts, err)
		}
	})
}

func TestOutboxPermanentFailureAndLapsedClaim(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB, clock *storetest.Clock) {
		fay, _, root := listSite(t, db)
		deliverAll(t, db)
		if _, err := db.CreateAnnouncement(fay, "iac", copse.NewAnnouncement{Title: "Hello", Body: "World"}); err != nil {
			t.Fatal(err)
		}
		claim, jobs := claimAll(t, db)
		if len(jobs) != 2 {
			t.Fatalf("jobs %q", jobNames(jobs))
		}
		// The first worker's claim lapses (it died); another claims the rows again,
		// and the first one's late outcome changes nothing.
		clock.Advance(5*time.Minute + time.Second)
		claim2, again := claimAll(t, db)
		if len(again) != 2 || again[0].Attempt != 2 {
			t.Fatalf("lapsed claim not taken again: %q", jobNames(again))
		}
		if err := db.FinishDeliveries(context.Background(), claim, []store.Outcome{{ID: jobs[0].ID, Response: "250 late"}}); err != nil {
			t.Fatal(err)
		}
		outs := []store.Outcome{{ID: again[0].ID, Err: "550 no such mailbox", Response: "550 5.1.1 no such user", Permanent: true}, {ID: again[1].ID, Response: "250 ok"}}
		if err := db.FinishDeliveries(context.Background(), claim2, outs); err != nil {
			t.Fatal(err)
		}
		counts, _ := db.DeliveryCounts(root)
		// dan's digest waits for its morning.
		if counts[copse.DeliveryDead] != 1 || counts[copse.DeliverySent] != 1 || counts[copse.DeliveryPending] != 1 {
			t.Fatalf("counts %v", counts)
		}
	})
}

func TestRetryDelay(t *testing.T) {
	for _, c := range []struct {
		attempt  int
		jitter   float64
		min, max time.Duration
	}{
		{1, 0, 15 * time.Second, 15 * time.Second},
		{1, 0.999, 15 * time.Second, 30 * time.Second},
		{2, 0, 30 * time.Second, 30 * time.Second},
		{8, 0, 30 * time.Minute, 30 * time.Minute},
		{20, 1, time.Hour, time.Hour},
	} {
		if d := copse.RetryDelay(c.attempt, c.jitter); d < c.min || d > c.max {
			t.Errorf("RetryDelay(%d, %v) = %s, want %s to %s", c.attempt, c.jitter, d, c.min, c.max)
		}
	}
}

func TestSubscribersAndTokens(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB, clock *storetest.Clock) {
		fay, _, root := listSite(t, db)
		anon := context.Background()
		deliverAll(t, db)
		if err := db.Subscribe(anon, "iac", "not an address"); copse.ErrorFields(err)["email"] == "" {
			t.Fatalf("bad address: %v", err)
		}
		if err := db.Subscribe(anon, "iac", "Reader@Example.org"); err != nil {
			t.Fatal(err)
		}
		if err := db.Subscribe(anon, "iac", "reader@example.org"); err != nil { // again at once: no second mail
			t.Fatal(err)
		}
		jobs := deliverAll(t, db)
		if got := jobNames(jobs); !slices.Equal(got, []string{"subscription.requested email reader@example.org"}) {
			t.Fatalf("jobs %q", got)
		}
		confirm := jobs[0].ListToken
		// Not confirmed yet: an announcement does not reach the address.
		db.CreateAnnouncement(fay, "iac", copse.NewAnnouncement{Title: "One", Body: "x"})
		jobs = deliverAll(t, db)
		if slices.ContainsFunc(jobs, func(j store.Job) bool { return j.Recipient == "reader@example.org" }) {
			t.Fatal("an unconfirmed address was mailed")
		}
		if _, err := db.ConfirmSubscription(anon, confirm+"x"); copse.ErrorCode(err) != copse.ENOTFOUND {
			t.Fatalf("tampered token: %v", err)
		}
		le, err := db.ConfirmSubscription(anon, confirm)
		if err != nil || le.Status != "confirmed" || le.Community.Slug != "iac" {
			t.Fatalf("confirm: %+v, %v", le, err)
		}
		if _, err := db.Unsubscribe(anon, confirm); copse.ErrorCode(err) != copse.ENOTFOUND {
			t.Fatalf("a confirmation link unsubscribed: %v", err)
		}
		db.CreateAnnouncement(fay, "iac", copse.NewAnnouncement{Title: "Two", Body: "x"})
		jobs = deliverAll(t, db)
		var token string
		for _, j := range jobs {
			if j.Recipient == "reader@example.org" {
				token = j.ListToken
			}
		}
		if token == "" {
			t.Fatalf("a confirmed subscriber was not mailed: %q", jobNames(jobs))
		}
		if le, err = db.Unsubscribe(anon, token); err != nil || le.Status != "unsubscribed" {
			t.Fatalf("unsubscribe: %+v, %v", le, err)
		}
		if _, err = db.Unsubscribe(anon, token); err != nil {
			t.Fatalf("unsubscribing twice: %v", err)
		}
		// A member's link turns that community's mail off, and only that.
		var melToken string
		for _, j := range jobs {
			if j.Recipient == "mel@example.org" {
				melToken = j.ListToken
			}
		}
		if le, err = db.Unsubscribe(anon, melToken); err != nil || !le.Member || le.Frequency != copse.FrequencyNone {
			t.Fatalf("member unsubscribe: %+v, %v", le, err)
		}
		db.CreateAnnouncement(fay, "iac", copse.NewAnnouncement{Title: "Three", Body: "x"})
		jobs = deliverAll(t, db)
		if got := jobNames(jobs); !slices.Equal(got, []string{"announcement email fay@example.org"}) {
			t.Fatalf("after unsubscribing: %q", got)
		}
		_ = root
		// Only public communities take outside subscribers.
		if _, err := db.UpdateCommunity(fay, "iac", copse.CommunityUpdate{Visibility: ptr(copse.VisibilityMembers)}); err != nil {
			t.Fatal(err)
		}
		if err := db.Subscribe(fay, "iac", "x@example.org"); copse.ErrorCode(err) != copse.ECONFLICT {
			t.Fatalf("subscribed to a members-only community: %v", err)
		}
		if !strings.Contains(token, ".") {
			t.Fatal("tokens are payload.signature")
		}
	})
}

func ptr[T any](v T) *T { return &v }
