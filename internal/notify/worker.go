// Package notify is the outbox worker: it turns the events that changes record
// into deliveries (store.FanOut), claims the deliveries that are due, sends each to
// its channel — a mail now or in a digest, a webhook — and records the outcome,
// retrying with backoff until a delivery is sent or dead. Any number of workers may
// run, in one copse or in several sharing a PostgreSQL database.
package notify

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"log/slog"
	"math/rand/v2"
	"net/url"
	"sync"
	"time"

	"github.com/copse-dev/copse/internal/mail"
	"github.com/copse-dev/copse/internal/markdown"
	"github.com/copse-dev/copse/internal/store"
	"github.com/copse-dev/copse/internal/webhook"
)

// Worker delivers the outbox. The zero values of its tuning fields are sensible.
type Worker struct {
	DB      *store.DB
	Mail    mail.Sender     // an SMTP server, or the local outbox (Keep)
	From    string          // the sender's address
	Hooks   *webhook.Client // nil: webhook.New()
	BaseURL *url.URL        // for links in mail and chat
	Logger  *slog.Logger

	Batch         int           // deliveries per claim (default 100)
	Concurrency   int           // deliveries sent at once (default 8)
	Lease         time.Duration // how long a claim holds its rows (default 5 minutes)
	Poll          time.Duration // how long to wait when nothing is due (default 2 seconds)
	ReminderEvery time.Duration // how often to look for meetings to remind of (default 5 minutes)
	HealthEvery   time.Duration // how often to sweep recognition and health: points, dormancy, monthly reports (default 5 minutes)
	Jitter        func() float64

	md           *markdown.Renderer
	once         sync.Once
	lastReminder time.Time
	lastHealth   time.Time
	site         string // the site's name, read once per cycle for the mail it sends
}

func (w *Worker) init() {
	w.once.Do(func() {
		w.md = markdown.New()
		if w.Hooks == nil {
			w.Hooks = webhook.New()
		}
		if w.Logger == nil {
			w.Logger = slog.Default()
		}
		if w.Batch <= 0 {
			w.Batch = 100
		}
		if w.Concurrency <= 0 {
			w.Concurrency = 8
		}
		if w.Lease <= 0 {
			w.Lease = 5 * time.Minute
		}
		if w.Poll <= 0 {
			w.Poll = 2 * time.Second
		}
		if w.ReminderEvery <= 0 {
			w.ReminderEvery = 5 * time.Minute
		}
		if w.HealthEvery <= 0 {
			w.HealthEvery = 5 * time.Minute
		}
		if w.Jitter == nil {
			w.Jitter = rand.Float64
		}
	})
}

// Run delivers until ctx ends. What is in flight when it ends is finished first (a
// claim's sends and their outcomes), so a SIGTERM loses nothing; a kill loses
// nothing either, since claimed rows come due again when the claim lapses.
func (w *Worker) Run(ctx context.Context) {
	w.init()
	for ctx.Err() == nil {
		n, err := w.Cycle(context.WithoutCancel(ctx))
		if err != nil {
			w.Logger.Error("outbox", "err", err)
		}
		if n > 0 && err == nil {
			continue
		}
		select {
		case <-ctx.Done():
		case <-time.After(w.Poll):
		}
	}
}

// Cycle runs one round: reminders when they are due, fan-out, one claim's sends. It
// returns how many deliveries it attempted.
func (w *Worker) Cycle(ctx context.Context) (int, error) {
	w.init()
	if now := w.DB.Now(); now.Sub(w.lastReminder) >= w.ReminderEvery {
		if _, err := w.DB.ScheduleReminders(ctx); err != nil {
			return 0, err
		}
		// Unanswered sos questions past the routing's limit go to the platform team
		// ("sos.escalated", fanned out just below), at most a round late.
		if _, err := w.DB.EscalateSOS(ctx); err != nil {
			return 0, err
		}
		w.lastReminder = now
	}
	if now := w.DB.Now(); now.Sub(w.lastHealth) >= w.HealthEvery {
		if _, err := w.DB.SweepHealth(ctx); err != nil { // its events fan out just below
			return 0, err
		}
		w.lastHealth = now
	}
	for range 10 { // a burst of events fans out before the claim, up to a point
		n, err := w.DB.FanOut(ctx, 100)
		if err != nil {
			return 0, err
		}
		if n < 100 {
			break
		}
	}
	claim, jobs, err := w.DB.ClaimDeliveries(ctx, w.Batch, w.Lease)
	if err != nil || len(jobs) == 0 {
		return 0, err
	}
	settings, err := w.DB.Settings(ctx)
	if err != nil {
		return 0, err // the claim lapses and the jobs come due again
	}
	w.site = settings.SiteName
	outs := w.sendAll(ctx, jobs)
	return len(jobs), w.DB.FinishDeliveries(ctx, claim, outs)
}

// sendAll sends a claim's jobs, a few at a time; a recipient's digests go as one mail.
func (w *Worker) sendAll(ctx context.Context, jobs []store.Job) []store.Outcome {
	var groups [][]store.Job
	digests := map[string]int{}
	for _, j := range jobs {
		if j.Channel == "digest" {
			if i, ok := digests[j.Recipient]; ok {
				groups[i] = append(groups[i], j)
				continue
			}
			digests[j.Recipient] = len(groups)
		}
		groups = append(groups, []store.Job{j})
	}
	var (
		mu   sync.Mutex
		outs []store.Outcome
		wg   sync.WaitGroup
		sem  = make(chan struct{}, w.Concurrency)
	)
	for _, g := range groups {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			o := w.send(ctx, g)
			mu.Lock()
			defer mu.Unlock()
			for _, j := range g {
				o.ID = j.ID
				outs = append(outs, o)
			}
		}()
	}
	wg.Wait()
	return outs
}

// send delivers one job (or one recipient's digest) and says how it went.
func (w *Worker) send(ctx context.Context, g []store.Job) store.Outcome {
	j := g[0]
	o := store.Outcome{Jitter: w.Jitter()}
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	if j.Channel == "webhook" {
		r := w.Hooks.Send(ctx, j.Webhook, w.chat(j), w.DB.Now())
		o.Response, o.Permanent, o.RetryAfter = r.Response, r.Permanent, r.RetryAfter
		if r.Err != nil {
			o.Err = r.Err.Error()
		}
		return o
	}
	m, err := w.message(g)
	if err == nil {
		o.Response, err = w.Mail.Send(ctx, m)
	}
	if err != nil {
		var perm *mail.PermanentError
		o.Err, o.Permanent = err.Error(), errors.As(err, &perm)
		if o.Response == "" {
			o.Response = err.Error()
		}
	}
	return o
}

// chat is a job as a webhook message.
func (w *Worker) chat(j store.Job) webhook.Message {
	n := w.render(j.Event, j.Community.Slug, j.Community.Name)
	return webhook.Message{ID: messageID(j.Key), Event: j.Event.Kind, Community: n.Community, Title: n.Title,
		Text: w.text(n, 600), URL: n.URL, Fields: n.Fields, Time: n.When, Data: j.Event.Payload}
}

// messageID is the stable identity of a delivery that receivers see (Message-ID,
// webhook-id): the same for every retry, so a receiver can drop a duplicate sent
// after a crash between sending and recording it.
func messageID(key string) string {
	sum := sha256.Sum256([]byte(key))
	return "msg_" + hex.EncodeToString(sum[:12])
}
