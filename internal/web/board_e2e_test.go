package web_test

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/browsertest"
	"github.com/copse-dev/copse/internal/demo"
	"github.com/copse-dev/copse/internal/store"
	"github.com/copse-dev/copse/internal/store/storetest"
)

// waitFor polls a JavaScript condition until it holds, for what happens without a
// page load (a vote or a move through the API).
func waitFor(t *testing.T, p *browsertest.Page, js, what string) {
	t.Helper()
	for range 50 {
		var ok bool
		p.Eval(js, &ok)
		if ok {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("%s did not happen within 5 seconds", what)
}

// TestBoardAndMeetingInBrowser: members propose topics and vote for them, a
// facilitator plans them (without a reload), prepares the next Lean Coffee and builds
// its agenda, holds the meeting, records its notes, and sees the topics move to
// Discussed. Every page is axe-checked.
func TestBoardAndMeetingInBrowser(t *testing.T) {
	b := browsertest.Start(t)
	db, clock := storetest.SQLite(t)
	srv := startServer(t, db)
	for _, p := range [][2]string{{"fay", "Fay Adeyemi"}, {"mel", "Mel Okoro"}, {"bob", "Bob Okafor"}} {
		withPassword(t, db, p[0], p[1])
	}
	ctx := context.Background()
	fayUser, _ := db.FindUser(ctx, "fay")
	if _, err := db.CreateCommunity(copse.WithUser(ctx, fayUser), copse.NewCommunity{Name: "Lean Coffee", Slug: "lean-coffee", Subject: "Software engineering",
		Cadence: &copse.Cadence{RRule: "FREQ=MONTHLY;BYDAY=4TH;BYHOUR=11;BYMINUTE=0", Timezone: "Europe/London", DurationMinutes: 60}}); err != nil {
		t.Fatal(err)
	}
	for _, h := range []string{"mel", "bob"} {
		u, _ := db.FindUser(ctx, h)
		if _, _, err := db.Join(copse.WithUser(ctx, u), "lean-coffee", copse.RoleMember); err != nil {
			t.Fatal(err)
		}
	}
	board := srv.URL + "/communities/lean-coffee/board"

	// Members propose, through the form.
	for _, tt := range []struct{ who, title string }{{"mel", "Terraform state in CI"}, {"bob", "Policy as code"}} {
		p := b.NewPage(t)
		signIn(t, p, srv.URL, tt.who)
		p.Visit(board)
		p.Click(".propose-summary")
		p.Fill("#title", tt.title)
		p.Submit(`form[action$="/topics"] button[type=submit]`)
		if !strings.Contains(p.Text("main .notice"), "Your topic is on the board") || !strings.Contains(p.Text(`[data-drop="proposed"]`), tt.title) {
			t.Fatalf("%s's topic is not on the board: %s", tt.who, p.Text("main"))
		}
		if tt.who == "bob" {
			// Bob votes for Mel's topic: the count changes without a page load.
			p.Eval(`window.__noReload = true`, nil)
			p.Click(`li.topic-card:has(a[href$="/topics/1"]) form[data-vote] button`)
			waitFor(t, p, `document.querySelector('li#topic-1 [data-votes]').textContent === "1 vote"`, "Bob's vote")
			var same bool
			p.Eval(`window.__noReload === true`, &same)
			if !same {
				t.Error("voting reloaded the page")
			}
		}
	}

	fay := b.NewPage(t)
	signIn(t, fay, srv.URL, "fay")
	fay.Visit(board)
	// A facilitator plans both topics with the move form; with JavaScript the card
	// moves to its column without a reload.
	for _, id := range []string{"1", "2"} {
		fay.Fill("#stage-"+id, "Planned")
		fay.Click("#topic-" + id + " form[data-move] button")
		waitFor(t, fay, `!!document.querySelector('[data-drop="planned"] #topic-`+id+`')`, "moving topic "+id)
	}
	if got := fay.Text("#col-planned"); !strings.Contains(got, "2") {
		t.Errorf("the planned column's count reads %q", got)
	}

	// The next Lean Coffee, from the cadence: prepare it; it proposes the planned
	// topics, most voted first.
	fay.Visit(srv.URL + "/communities/lean-coffee/meetings")
	fay.Submit(".meeting-list li:first-child a")
	if got := fay.Text("h1"); got != "Lean Coffee" || !strings.Contains(fay.Text(".meeting-facts"), "Thursday 26 March 2026, 11:00–12:00 London time") {
		t.Fatalf("the next meeting reads %q / %q", got, fay.Text(".meeting-facts"))
	}
	fay.Submit(`form[action*="/occurrences/"] button`)
	if got := fay.Text(".agenda"); !strings.HasPrefix(got, "Terraform state in CI") || !strings.Contains(got, "Policy as code") {
		t.Fatalf("proposed agenda: %q", got)
	}
	// She puts Policy as code first, and publishes.
	fay.Click("section[aria-labelledby=agenda-title] details summary")
	fay.Fill("#position-2", "1")
	fay.Fill("#position-1", "2")
	fay.Submit(`#agenda button[value="1"]`)
	if got := fay.Text(".agenda"); !strings.HasPrefix(got, "Policy as code") || !strings.Contains(fay.Text(".notice"), "published") {
		t.Fatalf("after publishing, the agenda reads %q", got)
	}
	meeting := fay.URL()
	meeting = meeting[:strings.Index(meeting, "?")]

	// The meeting happens: the next morning after it started, she records it.
	clock.Advance(time.Date(2026, 3, 26, 12, 5, 0, 0, time.UTC).Sub(clock.Now()))
	signIn(t, fay, srv.URL, "fay") // three weeks on, her session has lapsed
	fay.Visit(meeting)
	fay.Fill("#notes", "We agreed to keep **remote state** in one bucket per department.")
	fay.Click(`input[name=attended][value=mel]`)
	fay.Fill("#material-title-0", "Slides")
	fay.Fill("#material-url-0", "https://slides.example.org/state")
	fay.Submit(`form[action$="/record"] button[type=submit]`)
	if !strings.Contains(fay.Text(".notice"), "recorded") || !strings.Contains(fay.Text("#notes-title ~ .prose"), "remote state") {
		t.Fatalf("after recording: %s", fay.Text("main"))
	}
	if got := fay.Text("#notes-title ~ .people"); !strings.Contains(got, "Mel Okoro") {
		t.Errorf("attended: %q", got)
	}

	// Both topics are now discussed, linked to the meeting.
	fay.Visit(board)
	discussed := fay.Text(`[data-drop="discussed"]`)
	if !strings.Contains(discussed, "Terraform state in CI") || !strings.Contains(discussed, "Policy as code") {
		t.Fatalf("discussed column: %q", discussed)
	}
	if !fay.Exists(`[data-drop="discussed"] a[href="` + strings.TrimPrefix(meeting, srv.URL) + `"]`) {
		t.Error("a discussed topic does not link to its meeting")
	}
	// And the history finds the decision.
	fay.Visit(srv.URL + "/communities/lean-coffee/meetings?q=remote+state")
	if !strings.Contains(fay.Text("section[aria-labelledby=history-title] article"), "remote state") {
		t.Errorf("the history does not find the decision: %s", fay.Text("main"))
	}
}

// TestBoardScreenshots photographs the demo's board, meetings and a meeting page at
// desktop and phone widths, with axe and a check that nothing is wider than the
// screen. They go to $COPSE_SCREENSHOTS (else a temporary folder).
func TestBoardScreenshots(t *testing.T) {
	b := browsertest.Start(t)
	db, _ := storetest.SQLite(t)
	ctx := context.Background()
	if _, err := demo.Load(ctx, db); err != nil {
		t.Fatal(err)
	}
	u, _ := db.FindUser(ctx, "david.heath")
	if err := db.ChangePassword(copse.WithUser(ctx, u), "", password, ""); err != nil {
		t.Fatal(err)
	}
	page, err := db.ListMeetings(ctx, "uk-public-sector-cloud", store.MeetingFilter{Past: true, Limit: 1})
	if err != nil || len(page.Items) == 0 {
		t.Fatalf("no demo meeting: %v", err)
	}
	next, err := db.Schedule(ctx, "uk-public-sector-cloud", db.Now(), db.Now().AddDate(0, 2, 0), 1)
	if err != nil || len(next) == 0 || next[0].MeetingID == nil {
		t.Fatalf("no prepared demo meeting: %v", err)
	}
	srv := startServer(t, db)
	dir := os.Getenv("COPSE_SCREENSHOTS")
	if dir == "" {
		dir = t.TempDir()
	}
	p := b.NewPage(t)
	signIn(t, p, srv.URL, "david.heath")
	for _, s := range []struct{ name, path string }{
		{"board", "/communities/uk-public-sector-cloud/board"},
		{"meetings", "/communities/xgov-lean-coffee/meetings"},
		{"meeting", "/communities/uk-public-sector-cloud/meetings/" + strconv.FormatInt(page.Items[0].ID, 10)},
		{"next-meeting", "/communities/uk-public-sector-cloud/meetings/" + strconv.FormatInt(*next[0].MeetingID, 10)},
		{"topic", "/communities/uk-public-sector-cloud/topics/1"},
		{"community-meetings", "/communities/uk-public-sector-cloud"},
	} {
		for _, v := range []struct {
			suffix        string
			width, height int
		}{{"desktop", 1280, 900}, {"mobile", 390, 844}} {
			p.SetViewport(v.width, v.height)
			p.Visit(srv.URL + s.path)
			var overflow []string
			p.Eval(overflowJS, &overflow)
			if len(overflow) > 0 {
				t.Errorf("%s at %dpx: wider than the screen: %v", s.path, v.width, overflow)
			}
			p.Eval(`document.documentElement.style.scrollbarWidth = "none"`, nil)
			file := filepath.Join(dir, s.name+"-"+v.suffix+".png")
			p.Screenshot(file)
			t.Logf("screenshot: %s", file)
		}
	}
}
