package ical

import (
	"bytes"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/copse-dev/copse"
)

func write(t *testing.T, c *Calendar) string {
	t.Helper()
	var b bytes.Buffer
	if _, err := c.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestFoldingAndEscaping(t *testing.T) {
	at := time.Date(2026, 3, 26, 11, 0, 0, 0, time.UTC)
	long := strings.Repeat("Café, crème; brûlée\\ — ", 10) + "\nnext line"
	out := write(t, &Calendar{Now: at, Events: []Event{{UID: "a@x", Start: at, End: at.Add(time.Hour), Summary: long}}})
	if !strings.HasSuffix(out, "END:VCALENDAR\r\n") || strings.Contains(strings.ReplaceAll(out, "\r\n", ""), "\n") {
		t.Fatal("lines must end with CRLF, and only there")
	}
	for _, line := range strings.Split(strings.TrimSuffix(out, "\r\n"), "\r\n") {
		if len(line) > 75 {
			t.Errorf("line of %d octets: %q", len(line), line)
		}
		if !utf8.ValidString(line) {
			t.Errorf("a fold split a character: %q", line)
		}
	}
	unfolded := strings.ReplaceAll(out, "\r\n ", "")
	if !strings.Contains(unfolded, `SUMMARY:Café\, crème\; brûlée\\ — `) || !strings.Contains(unfolded, `\nnext line`) {
		t.Errorf("escaping:\n%s", unfolded)
	}
	if !strings.Contains(out, "DTSTART:20260326T110000Z\r\n") {
		t.Errorf("a time without a zone is written in UTC:\n%s", out)
	}
}

func TestVTimezoneRules(t *testing.T) {
	at := time.Date(2026, 3, 26, 11, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		zone string
		want []string
	}{
		{"Europe/London", []string{"TZOFFSETFROM:+0000", "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
			"DTSTART:20260329T010000", "DTSTART:20261025T020000", "TZNAME:BST"}},
		{"America/New_York", []string{"RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU", "RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU", "TZOFFSETTO:-0400"}},
		{"Australia/Sydney", []string{"BEGIN:DAYLIGHT", "RRULE:FREQ=YEARLY;BYMONTH=4;BYDAY=1SU", "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=1SU", "TZOFFSETTO:+1100"}},
		{"Asia/Kolkata", []string{"TZOFFSETFROM:+0530", "TZOFFSETTO:+0530"}},
	} {
		out := write(t, &Calendar{Now: at, Events: []Event{{UID: "a@x", Zone: tt.zone, Start: at, End: at.Add(time.Hour), Summary: "x"}}})
		for _, w := range tt.want {
			if !strings.Contains(out, w+"\r\n") {
				t.Errorf("%s: the VTIMEZONE lacks %s:\n%s", tt.zone, w, out)
			}
		}
		if tt.zone == "Asia/Kolkata" && strings.Contains(out, "RRULE") {
			t.Errorf("a zone without daylight saving has no rule:\n%s", out)
		}
	}
}

func TestSeriesRule(t *testing.T) {
	for _, tt := range []struct{ rule, zone, want string }{
		{"FREQ=MONTHLY;BYDAY=4TH;BYHOUR=11;BYMINUTE=0", "Europe/London", "FREQ=MONTHLY;BYDAY=4TH;BYHOUR=11;BYMINUTE=0"},
		{"FREQ=MONTHLY;BYMONTHDAY=15;BYHOUR=9;UNTIL=20261015", "Asia/Kolkata", "FREQ=MONTHLY;BYMONTHDAY=15;BYHOUR=9;UNTIL=20261015T182959Z"},
		{"FREQ=WEEKLY;BYDAY=TU;BYHOUR=9;UNTIL=20260701T090000", "Europe/London", "FREQ=WEEKLY;BYDAY=TU;BYHOUR=9;UNTIL=20260701T080000Z"},
		{"DTSTART:20260305\nRRULE:FREQ=WEEKLY;BYDAY=TH;BYHOUR=14;COUNT=6", "Europe/Berlin", "FREQ=WEEKLY;BYDAY=TH;BYHOUR=14;COUNT=6"},
	} {
		c := &copse.Community{Name: "X", CreatedAt: time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC),
			Cadence: &copse.Cadence{RRule: tt.rule, Timezone: tt.zone, DurationMinutes: 60}}
		s := copse.NewSeries(c, 0)
		if s == nil {
			t.Fatalf("%s: no series", tt.rule)
		}
		if got := rrule(s); got != tt.want {
			t.Errorf("%q: %q, want %q", tt.rule, got, tt.want)
		}
	}
}
