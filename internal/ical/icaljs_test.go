package ical_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/ical"
	"github.com/copse-dev/copse/internal/store"
	"github.com/copse-dev/copse/internal/store/storetest"
)

// icalOccurrence is what testdata/expand.mjs prints for each meeting.
type icalOccurrence struct {
	UID, Start, End, Status, Summary, Zone string
}

// expandWithICalJS runs Mozilla's ical.js on a feed and returns the meetings it
// finds in [from, to). It skips the test when Node.js or ical.js is missing, unless
// COPSE_REQUIRE_BROWSER=1 (as in CI), when it fails instead.
func expandWithICalJS(t *testing.T, feed []byte, from, to time.Time) []icalOccurrence {
	t.Helper()
	missing := ""
	node, err := exec.LookPath("node")
	if err != nil {
		missing = "Node.js is not installed (apt-get install nodejs)"
	} else if _, err := os.Stat(filepath.Join(moduleRoot(t), "node_modules", "ical.js", "package.json")); err != nil {
		missing = "ical.js is not installed: run npm ci in the module root"
	}
	if missing != "" {
		if os.Getenv("COPSE_REQUIRE_BROWSER") == "1" {
			t.Fatal("the ical.js agreement test cannot run: " + missing + " (COPSE_REQUIRE_BROWSER=1 makes this a failure, not a skip)")
		}
		t.Skip("ical.js agreement test skipped: " + missing)
	}
	file := filepath.Join(t.TempDir(), "feed.ics")
	if err := os.WriteFile(file, feed, 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(node, filepath.Join("testdata", "expand.mjs"), file, from.Format(time.RFC3339), to.Format(time.RFC3339))
	cmd.Env = append(os.Environ(), "TZ=UTC") // floating times would then show as UTC, and be caught
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("ical.js could not read the feed: %v\n%s\nfeed:\n%s", err, stderr.String(), feed)
	}
	var occ []icalOccurrence
	if err := json.Unmarshal(out, &occ); err != nil {
		t.Fatalf("expand.mjs printed %q: %v", out, err)
	}
	return occ
}

func moduleRoot(t *testing.T) string {
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test's folder")
		}
		dir = parent
	}
}

// TestICalJSAgrees writes the feeds of communities that meet in four zones on both
// sides of their clock changes — with a cancelled occurrence, a moved one, a prepared
// one, one-off meetings, a series with COUNT and one with UNTIL — has ical.js expand
// them for a year, and checks it finds exactly the meetings copse's own schedule
// lists, at the same instants.
func TestICalJSAgrees(t *testing.T) {
	db, _ := storetest.SQLite(t)
	_, fay := storetest.User(t, db, "fay", false)
	from := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	to := from.AddDate(1, 0, 0)

	communities := []struct{ slug, rule, zone string }{
		{"lean-coffee", "FREQ=MONTHLY;BYDAY=4TH;BYHOUR=11;BYMINUTE=0", "Europe/London"},
		{"new-york", "FREQ=WEEKLY;BYDAY=TU;BYHOUR=16;BYMINUTE=30", "America/New_York"},
		{"sydney", "FREQ=MONTHLY;BYDAY=1TH;BYHOUR=15;BYMINUTE=0", "Australia/Sydney"},
		{"berlin-sprint", "DTSTART:20260305\nRRULE:FREQ=WEEKLY;BYDAY=TH;BYHOUR=14;BYMINUTE=0;COUNT=6", "Europe/Berlin"},
		{"kolkata", "FREQ=MONTHLY;BYMONTHDAY=15;BYHOUR=9;BYMINUTE=30;UNTIL=20261015", "Asia/Kolkata"},
		{"devops-commons", "FREQ=MONTHLY;INTERVAL=2;BYDAY=1WE;BYHOUR=10;BYMINUTE=0", "America/Vancouver"},
	}
	for _, c := range communities {
		_, err := db.CreateCommunity(fay, copse.NewCommunity{Name: "Community " + c.slug, Slug: c.slug, Subject: "Meets often",
			Cadence: &copse.Cadence{RRule: c.rule, Timezone: c.zone, DurationMinutes: 60}})
		if err != nil {
			t.Fatal(err)
		}
	}
	london, _ := time.LoadLocation("Europe/London")
	lean := "lean-coffee"
	cancelled := prepare(t, db, fay, lean, time.Date(2026, 4, 23, 11, 0, 0, 0, london))
	setStatus(t, db, fay, lean, cancelled.ID, copse.MeetingCancelled)
	moved := prepare(t, db, fay, lean, time.Date(2026, 10, 22, 11, 0, 0, 0, london))
	newStart := time.Date(2026, 10, 29, 14, 0, 0, 0, london) // after the clocks go back
	if _, err := db.UpdateMeeting(fay, lean, moved.ID, copse.MeetingUpdate{StartsAt: &newStart}); err != nil {
		t.Fatal(err)
	}
	prepare(t, db, fay, lean, time.Date(2026, 6, 25, 11, 0, 0, 0, london))
	oneOff(t, db, fay, lean, "Annual general meeting", time.Date(2026, 8, 13, 9, 30, 0, 0, time.UTC), false)
	oneOff(t, db, fay, lean, "Summer social", time.Date(2026, 7, 2, 17, 0, 0, 0, time.UTC), true)
	nyc, _ := time.LoadLocation("America/New_York")
	skipped := prepare(t, db, fay, "new-york", time.Date(2026, 11, 3, 16, 30, 0, 0, nyc)) // election day, after the change
	setStatus(t, db, fay, "new-york", skipped.ID, copse.MeetingCancelled)

	token, err := db.NewCalendarToken(fay)
	if err != nil {
		t.Fatal(err)
	}
	_, cals, err := db.PersonalCalendar(context.Background(), token)
	if err != nil {
		t.Fatal(err)
	}
	base, _ := url.Parse("https://cop.example.org")
	var sources []ical.Source
	for _, c := range cals {
		sources = append(sources, ical.Source{Community: c.Community, Series: c.Series, Meetings: c.Meetings})
	}
	var feed bytes.Buffer
	if _, err := ical.Feed("Fay's meetings", "", base, "", sources, from).WriteTo(&feed); err != nil {
		t.Fatal(err)
	}

	theirs := expandWithICalJS(t, feed.Bytes(), from, to)
	var got, want []string
	for _, o := range theirs {
		if o.Status != "CANCELLED" {
			got = append(got, o.Start+" – "+o.End)
		}
	}
	for _, c := range communities {
		items, err := db.Schedule(fay, c.slug, from, to, copse.MaxLimit)
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range items {
			if it.Status != copse.MeetingCancelled {
				want = append(want, it.StartsAt.UTC().Format("2006-01-02T15:04:05.000Z")+" – "+it.EndsAt.UTC().Format("2006-01-02T15:04:05.000Z"))
			}
		}
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Fatalf("ical.js and copse disagree:\n%s\nfeed:\n%s", diff(want, got), feed.String())
	}

	// The instants themselves, known independently of both: the Lean Coffee is at
	// 11:00 London time, which is 11:00Z in winter and 10:00Z in summer.
	var leanStarts []string
	for _, o := range theirs {
		if strings.HasPrefix(o.UID, "community-1-series") {
			leanStarts = append(leanStarts, o.Start[5:16])
		}
	}
	wantLean := []string{"03-26T11:00", "05-28T10:00", "06-25T10:00", "07-23T10:00", "08-27T10:00", "09-24T10:00",
		"10-29T14:00", "11-26T11:00", "12-24T11:00", "01-28T11:00", "02-25T11:00"}
	if !slices.Equal(leanStarts, wantLean) {
		t.Errorf("Lean Coffee in ical.js: %v\nwant %v", leanStarts, wantLean)
	}
	t.Logf("ical.js agrees with copse on all %d meetings from %s to %s in %d communities (%d of the Lean Coffee), "+
		"across the clock changes of Europe/London (29 Mar, 25 Oct 2026), America/New_York (8 Mar, 1 Nov 2026), "+
		"Australia/Sydney (5 Apr, 4 Oct 2026), Europe/Berlin and America/Vancouver", len(got), from.Format(time.DateOnly),
		to.Format(time.DateOnly), len(communities), len(leanStarts))
}

func prepare(t *testing.T, db *store.DB, ctx context.Context, slug string, at time.Time) *copse.Meeting {
	t.Helper()
	m, _, err := db.CreateMeeting(ctx, slug, copse.NewMeeting{Occurrence: &at})
	if err != nil {
		t.Fatalf("prepare %s at %s: %v", slug, at, err)
	}
	return m
}

func setStatus(t *testing.T, db *store.DB, ctx context.Context, slug string, id int64, s copse.MeetingStatus) {
	t.Helper()
	if _, err := db.UpdateMeeting(ctx, slug, id, copse.MeetingUpdate{Status: &s}); err != nil {
		t.Fatal(err)
	}
}

func oneOff(t *testing.T, db *store.DB, ctx context.Context, slug, title string, at time.Time, cancel bool) {
	t.Helper()
	m, _, err := db.CreateMeeting(ctx, slug, copse.NewMeeting{Title: title, StartsAt: at, DurationMinutes: 90, Location: "https://meet.example.org/agm"})
	if err != nil {
		t.Fatal(err)
	}
	if cancel {
		setStatus(t, db, ctx, slug, m.ID, copse.MeetingCancelled)
	}
}

func diff(want, got []string) string {
	var b strings.Builder
	for _, w := range want {
		if !slices.Contains(got, w) {
			fmt.Fprintf(&b, "  only copse:   %s\n", w)
		}
	}
	for _, g := range got {
		if !slices.Contains(want, g) {
			fmt.Fprintf(&b, "  only ical.js: %s\n", g)
		}
	}
	return b.String()
}
