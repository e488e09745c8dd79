package notify_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/store"
	"github.com/copse-dev/copse/internal/store/storetest"
)

// announce makes n announcements, each of which is two mails and one webhook post.
func announce(t *testing.T, db *store.DB, fay context.Context, n int) {
	t.Helper()
	for i := range n {
		if _, err := db.CreateAnnouncement(fay, "iac", copse.NewAnnouncement{Title: fmt.Sprintf("News %d", i), Body: "Words."}); err != nil {
			t.Fatal(err)
		}
	}
}

// TestExactlyOnceWithTwoWorkers runs two workers, each on its own database handle as
// two copse instances would, against one database until the outbox is empty: every
// webhook post and every mail is made once, none twice, none lost.
func TestExactlyOnceWithTwoWorkers(t *testing.T) {
	storetest.Twins(t, func(t *testing.T, a, b *store.DB, clock *storetest.Clock, _ string) {
		fay, root := community(t, a)
		hook := newReceiver(t)
		if _, err := a.CreateWebhook(fay, "iac", copse.NewWebhook{URL: hook.URL, Events: []string{"announcement"}}); err != nil {
			t.Fatal(err)
		}
		const n = 150
		announce(t, a, fay, n)
		var wg sync.WaitGroup
		for _, db := range []*store.DB{a, b} {
			w := newWorker(db, nil)
			w.Batch = 20
			wg.Add(1)
			go func() {
				defer wg.Done()
				for idle := 0; idle < 3; {
					got, err := w.Cycle(context.Background())
					if err != nil {
						t.Error(err)
						return
					}
					if got == 0 {
						idle++
						time.Sleep(20 * time.Millisecond)
					}
				}
			}()
		}
		wg.Wait()
		posts, keys := hook.got()
		dup := 0
		for _, c := range keys {
			if c > 1 {
				dup++
			}
		}
		if len(posts) != n || len(keys) != n || dup != 0 {
			t.Errorf("the webhook got %d posts with %d keys, %d of them more than once; want %d once each", len(posts), len(keys), dup, n)
		}
		kept, err := a.ListKeptMail(root, copse.MaxLimit, "")
		if err != nil {
			t.Fatal(err)
		}
		mails, pages := len(kept.Items), 1
		for kept.Next != "" {
			if kept, err = a.ListKeptMail(root, copse.MaxLimit, kept.Next); err != nil {
				t.Fatal(err)
			}
			mails += len(kept.Items)
			pages++
		}
		if mails != 2*n {
			t.Errorf("%d mails, want %d", mails, 2*n)
		}
		counts, _ := a.DeliveryCounts(root)
		if counts[copse.DeliveryPending] != 0 || counts[copse.DeliveryDead] != 0 {
			t.Errorf("counts %v", counts)
		}
		t.Logf("%s: %d webhook posts and %d mails, each once, by two workers", a.Dialect(), len(posts), mails)
	})
}

// TestKillAndRestart kills a copse in the middle of delivering — the receiver has
// the posts, copse has not recorded them — and starts it again: after its claims
// lapse, everything is delivered. The posts made twice carry the same idempotency
// key both times, so the receiver can drop the copy.
func TestKillAndRestart(t *testing.T) {
	storetest.Twins(t, func(t *testing.T, a, _ *store.DB, clock *storetest.Clock, dbURL string) {
		fay, _ := community(t, a)
		hook := newReceiver(t)
		if _, err := a.CreateWebhook(fay, "iac", copse.NewWebhook{URL: hook.URL, Events: []string{"announcement"}}); err != nil {
			t.Fatal(err)
		}
		const n = 30
		announce(t, a, fay, n)

		// The first copse claims a batch and posts it; the receiver holds the answers
		// while the process dies (its database handle closes under it).
		doomed := storetest.Reopen(t, dbURL, clock)
		hook.mu.Lock()
		hook.block = make(chan struct{})
		hook.mu.Unlock()
		w := newWorker(doomed, nil)
		w.Batch, w.Concurrency = 10, 10
		done := make(chan struct{})
		go func() { defer close(done); w.Cycle(context.Background()) }()
		inFlight := 0 // the claim's posts (the rest of the batch is mail), once they have all arrived
		for stable := 0; stable < 20; stable++ {
			if posts, _ := hook.got(); len(posts) != inFlight || inFlight == 0 {
				inFlight, stable = len(posts), 0
			}
			time.Sleep(5 * time.Millisecond)
		}
		doomed.Close() // kill: nothing it does from here on reaches the database
		hook.mu.Lock()
		close(hook.block)
		hook.block = nil
		hook.mu.Unlock()
		<-done

		// The restarted copse (a new handle) finds the lapsed claim after its lease
		// and delivers the lot.
		restarted := storetest.Reopen(t, dbURL, clock)
		w2 := newWorker(restarted, nil)
		drain(t, w2)
		clock.Advance(5*time.Minute + time.Second)
		drain(t, w2)
		posts, keys := hook.got()
		twice := 0
		for _, c := range keys {
			if c == 2 {
				twice++
			}
		}
		if len(keys) != n || len(posts) != n+inFlight || twice != inFlight {
			t.Errorf("%d posts with %d distinct keys (%d twice); want %d keys, the %d in flight at the kill twice", len(posts), len(keys), twice, n, inFlight)
		}
		t.Logf("%s: killed with %d posts in flight; after the restart all %d arrived, those %d twice with the same key", restarted.Dialect(), inFlight, n, inFlight)
		_, root := storetest.User(t, restarted, "root2", true)
		counts, _ := restarted.DeliveryCounts(root)
		if counts[copse.DeliveryPending] != 0 || counts[copse.DeliveryDead] != 0 || counts[copse.DeliverySent] != 3*n {
			t.Errorf("counts %v, want all %d sent (two mails and a post per announcement)", counts, 3*n)
		}
	})
}

// BenchmarkWorker measures how many deliveries a second one worker sustains: each
// round, 100 announcements to a community of two members and one webhook (300
// deliveries), into a webhook receiver on 127.0.0.1 and the local mail outbox.
func BenchmarkWorker(b *testing.B) {
	b.Run("sqlite", func(b *testing.B) {
		db, _ := storetest.SQLite(b)
		benchWorker(b, db)
	})
	b.Run("postgres", func(b *testing.B) {
		db, _ := storetest.Postgres(b)
		benchWorker(b, db)
	})
}

func benchWorker(b *testing.B, db *store.DB) {
	db.Now = time.Now
	fay, root := community(b, db)
	hook := newReceiver(b)
	if _, err := db.CreateWebhook(fay, "iac", copse.NewWebhook{URL: hook.URL, Events: []string{"announcement"}}); err != nil {
		b.Fatal(err)
	}
	w := newWorker(db, nil)
	w.Batch, w.Concurrency = 200, 16
	ctx := context.Background()
	for b.Loop() {
		b.StopTimer()
		for i := range 100 {
			db.CreateAnnouncement(fay, "iac", copse.NewAnnouncement{Title: fmt.Sprintf("News %d", i), Body: "Words."})
		}
		b.StartTimer()
		for {
			n, err := w.Cycle(ctx)
			if err != nil {
				b.Fatal(err)
			}
			if n == 0 {
				break
			}
		}
	}
	counts, _ := db.DeliveryCounts(root)
	b.ReportMetric(float64(counts[copse.DeliverySent])/b.Elapsed().Seconds(), "deliveries/s")
}
