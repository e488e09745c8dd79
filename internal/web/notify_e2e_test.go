package web_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/browsertest"
	"github.com/copse-dev/copse/internal/notify"
	"github.com/copse-dev/copse/internal/store/storetest"
)

// TestNotificationsInBrowser: a facilitator announces through the form, adds her
// channel's webhook and sends it a test message, whose answer she sees; a reader
// subscribes from the community page; the outbox worker delivers; an admin reads the
// deliveries and the mail kept without SMTP; the reader confirms and later
// unsubscribes from the links in the mails. Every page is axe-checked, and
// photographed at desktop and phone widths into $COPSE_SCREENSHOTS (else a temporary
// folder).
func TestNotificationsInBrowser(t *testing.T) {
	b := browsertest.Start(t)
	db, _ := storetest.SQLite(t)
	srv := startServer(t, db)
	for _, p := range [][2]string{{"fay", "Fay Adeyemi"}, {"mel", "Mel Okoro"}} {
		withPassword(t, db, p[0], p[1])
	}
	if _, err := db.CreateUser(context.Background(), copse.NewUser{Handle: "root", Email: "root@example.org", Name: "Root", Password: password, Admin: true}); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	fay, _ := db.FindUser(ctx, "fay")
	mel, _ := db.FindUser(ctx, "mel")
	if _, err := db.CreateCommunity(copse.WithUser(ctx, fay), copse.NewCommunity{Name: "Lean Coffee", Slug: "lean-coffee", Subject: "Software engineering, one topic at a time",
		Cadence: &copse.Cadence{RRule: "FREQ=MONTHLY;BYDAY=4TH;BYHOUR=11;BYMINUTE=0", Timezone: "Europe/London", DurationMinutes: 60}}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := db.Join(copse.WithUser(ctx, mel), "lean-coffee", copse.RoleMember); err != nil {
		t.Fatal(err)
	}
	var (
		mu     sync.Mutex
		posted []string
	)
	chat := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		posted = append(posted, string(body))
		mu.Unlock()
		io.WriteString(w, "ok")
	}))
	t.Cleanup(chat.Close)
	dir := os.Getenv("COPSE_SCREENSHOTS")
	if dir == "" {
		dir = t.TempDir()
	}
	shoot := func(p *browsertest.Page, name string) {
		for _, v := range []struct {
			suffix        string
			width, height int
		}{{"desktop", 1280, 900}, {"mobile", 390, 844}} {
			p.SetViewport(v.width, v.height) // the page lays itself out again; a POST's answer stays
			var overflow []string
			p.Eval(overflowJS, &overflow)
			if len(overflow) > 0 {
				t.Errorf("%s at %dpx: wider than the screen: %v", name, v.width, overflow)
			}
			file := filepath.Join(dir, "notify-"+name+"-"+v.suffix+".png")
			p.Screenshot(file)
			t.Logf("screenshot: %s", file)
		}
		p.SetViewport(1280, 900)
	}

	p := b.NewPage(t)
	signIn(t, p, srv.URL, "fay")
	p.Visit(srv.URL + "/communities/lean-coffee/announcements")
	p.Fill("#title", "Lean Coffee moves to Thursday")
	p.Fill("#body", "From **April** on we meet on Thursdays at 11:00.\n\nBring a topic!")
	p.Submit(`form[action$="/announcements"] button[type=submit]`)
	if !strings.Contains(p.Text("main .notice"), "on its way") || !strings.Contains(p.Text("main"), "Bring a topic!") {
		t.Fatalf("the announcement is not shown: %s", p.Text("main"))
	}
	shoot(p, "announcements")

	p.Visit(srv.URL + "/communities/lean-coffee/webhooks")
	p.Fill("#url", chat.URL+"/hooks/lean-coffee")
	p.Submit(`form[action$="/webhooks"] button[type=submit]`)
	if !strings.Contains(p.Text("main .notice"), "webhook is added") {
		t.Fatalf("no webhook: %s", p.Text("main"))
	}
	p.Submit(`form[action$="/test"] button[type=submit]`)
	if got := p.Text("main"); !strings.Contains(got, "The test message got through") || !strings.Contains(got, "200 OK: ok") {
		t.Fatalf("the test message's answer is not shown: %s", got)
	}
	shoot(p, "webhooks")

	reader := b.NewPage(t)
	reader.Visit(srv.URL + "/communities/lean-coffee")
	reader.Fill("#subscribe-email", "reader@example.org")
	reader.Submit(`form[action$="/subscribe"] button[type=submit]`)
	if !strings.Contains(reader.Text("main h1"), "Check your inbox") {
		t.Fatalf("subscribing: %s", reader.Text("main"))
	}

	base, _ := url.Parse(srv.URL)
	w := &notify.Worker{DB: db, Mail: notify.Keep{DB: db}, From: "copse@example.org", BaseURL: base}
	for {
		n, err := w.Cycle(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			break
		}
	}
	mu.Lock()
	if !strings.Contains(strings.Join(posted, "\n"), "Lean Coffee moves to Thursday") {
		t.Errorf("the channel got %q", posted)
	}
	mu.Unlock()

	admin := b.NewPage(t)
	signIn(t, admin, srv.URL, "root")
	admin.Visit(srv.URL + "/admin/deliveries")
	if got := admin.Text("main"); !strings.Contains(got, "announcement") || !strings.Contains(got, "Sent (") {
		t.Fatalf("deliveries: %s", got)
	}
	shoot(admin, "deliveries")
	admin.Visit(srv.URL + "/admin/outbox")
	shoot(admin, "outbox")
	var href string
	admin.Eval(`[...document.querySelectorAll('main table a')].find(a => a.textContent.startsWith('Confirm your subscription'))?.getAttribute('href') ?? ''`, &href)
	if href == "" {
		t.Fatalf("no confirmation mail kept: %s", admin.Text("main"))
	}
	admin.Visit(srv.URL + href)
	var confirm string
	for _, row := range strings.Split(admin.Text("main"), "\n") {
		if i := strings.Index(row, "/subscriptions/confirm?token="); i >= 0 {
			confirm = strings.TrimSpace(row[i:])
		}
	}
	if confirm == "" {
		t.Fatalf("no confirmation link in the kept mail: %s", admin.Text("main"))
	}
	shoot(admin, "outbox-message")

	reader.Visit(srv.URL + confirm)
	shoot(reader, "confirm")
	reader.Submit(`form[action="/subscriptions/confirm"] button[type=submit]`)
	if !strings.Contains(reader.Text("main h1"), "You are subscribed") {
		t.Fatalf("confirming: %s", reader.Text("main"))
	}

	m := b.NewPage(t)
	signIn(t, m, srv.URL, "mel")
	m.Visit(srv.URL + "/account/notifications")
	m.Fill("#frequency-lean-coffee", "weekly")
	m.Submit(`form[action="/account/notifications"] button[type=submit]`)
	if !strings.Contains(m.Text("main .notice"), "Your choices are saved") {
		t.Fatalf("preferences: %s", m.Text("main"))
	}
	shoot(m, "preferences")
}
