package web

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/httpx"
	"github.com/copse-dev/copse/internal/store/storetest"
)

func TestLocalNext(t *testing.T) {
	tests := []struct{ next, want string }{
		{"/communities/iac", "/communities/iac"},
		{"/communities?tag=go&q=x", "/communities?tag=go&q=x"},
		{"", "/"},
		{"communities", "/"},
		{"//evil.example", "/"},
		{"/\\evil.example", "/"},
		{"\\\\evil.example", "/"},
		{"https://evil.example/", "/"},
		{"javascript:alert(1)", "/"},
		{"/ok\r\nSet-Cookie: x", "/"},
		{"/a\\b", "/"},
	}
	for _, tt := range tests {
		if got := localNext(tt.next, "/"); got != tt.want {
			t.Errorf("localNext(%q) = %q, want %q", tt.next, got, tt.want)
		}
	}
}

func TestSignInURL(t *testing.T) {
	tests := []struct{ next, want string }{
		{"/", "/signin"},
		{"/communities/new", "/signin?next=%2Fcommunities%2Fnew"},
		{"//evil.example", "/signin"},
	}
	for _, tt := range tests {
		if got := signInURL(tt.next); got != tt.want {
			t.Errorf("signInURL(%q) = %q, want %q", tt.next, got, tt.want)
		}
	}
}

// TestCadencePresets checks the rule each preset writes, and that a saved rule
// shows as its preset again, or as a custom rule when no preset says it.
func TestCadencePresets(t *testing.T) {
	tests := []struct {
		form     cadenceForm
		rule     string
		problems []string
	}{
		{cadenceForm{Kind: "monthly", Week: "4", Day: "TH", Time: "11:00", Timezone: "Europe/London"}, "FREQ=MONTHLY;BYDAY=4TH;BYHOUR=11;BYMINUTE=0", nil},
		{cadenceForm{Kind: "bimonthly", Week: "-1", Day: "FR", Time: "09:30", Timezone: "UTC"}, "FREQ=MONTHLY;INTERVAL=2;BYDAY=-1FR;BYHOUR=9;BYMINUTE=30", nil},
		{cadenceForm{Kind: "weekly", Week: "1", Day: "MO", Time: "14:00", Timezone: "UTC"}, "FREQ=WEEKLY;BYDAY=MO;BYHOUR=14;BYMINUTE=0", nil},
		{cadenceForm{Kind: "fortnightly", Day: "WE", Time: "08:05", Timezone: "UTC"}, "FREQ=WEEKLY;INTERVAL=2;BYDAY=WE;BYHOUR=8;BYMINUTE=5", nil},
		{cadenceForm{Kind: "custom", RRule: "FREQ=DAILY", Time: "07:00", Timezone: "UTC"}, "FREQ=DAILY;BYHOUR=7;BYMINUTE=0", nil},
		{cadenceForm{Kind: "custom", RRule: "FREQ=DAILY;BYHOUR=6", Time: "07:00", Timezone: "UTC"}, "FREQ=DAILY;BYHOUR=6", nil},
		{cadenceForm{Kind: ""}, "", nil},
		{cadenceForm{Kind: "monthly", Week: "9", Day: "XX", Time: "25:00", Duration: "an hour"}, "", []string{"cadence_week", "cadence_day", "cadence_time", "cadence_duration"}},
		{cadenceForm{Kind: "weekly", Day: "MO"}, "", []string{"cadence_time"}},
		{cadenceForm{Kind: "yearly"}, "", []string{"cadence"}},
	}
	for _, tt := range tests {
		problems := copse.Problems{}
		c := tt.form.cadence(problems)
		got := ""
		if c != nil {
			got = c.RRule
		}
		if got != tt.rule {
			t.Errorf("%+v: rule %q, want %q", tt.form, got, tt.rule)
		}
		for _, f := range tt.problems {
			if problems[f] == "" {
				t.Errorf("%+v: no problem with %s in %v", tt.form, f, problems)
			}
		}
		if len(problems) != len(tt.problems) {
			t.Errorf("%+v: problems %v, want %v", tt.form, problems, tt.problems)
		}
		if c == nil || tt.form.Kind == "custom" {
			continue
		}
		back := cadenceFormOf(c)
		if back.Kind != tt.form.Kind || back.Day != tt.form.Day || back.Time != tt.form.Time {
			t.Errorf("%s shows as %+v, want the %s preset", c.RRule, back, tt.form.Kind)
		}
	}
	for _, rule := range []string{"FREQ=WEEKLY;BYDAY=MO,TH;BYHOUR=9", "FREQ=MONTHLY;INTERVAL=3;BYDAY=1MO;BYHOUR=9", "DTSTART:20260305\nRRULE:FREQ=WEEKLY;BYDAY=TH;BYHOUR=14;COUNT=6", "FREQ=MONTHLY;BYMONTHDAY=15;BYHOUR=9"} {
		if f := cadenceFormOf(&copse.Cadence{RRule: rule, Timezone: "UTC", DurationMinutes: 60}); f.Kind != "custom" || f.RRule != rule {
			t.Errorf("%q shows as %+v, want a custom rule", rule, f)
		}
	}
}

func TestRelative(t *testing.T) {
	now := time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)
	tests := []struct {
		ago  time.Duration
		want string
	}{
		{10 * time.Second, "just now"},
		{time.Minute, "1 minute ago"},
		{5 * time.Minute, "5 minutes ago"},
		{3 * time.Hour, "3 hours ago"},
		{30 * time.Hour, "yesterday"},
		{3 * 24 * time.Hour, "3 days ago"},
		{40 * 24 * time.Hour, "on 21 January"},
		{400 * 24 * time.Hour, "on 26 January 2025"},
		{-time.Hour, "just now"},
	}
	for _, tt := range tests {
		if got := relative(now, now.Add(-tt.ago)); got != tt.want {
			t.Errorf("relative(%v ago) = %q, want %q", tt.ago, got, tt.want)
		}
	}
}

func TestSentence(t *testing.T) {
	tests := []struct{ label, msg, want string }{
		{"Name", "is required", "Name is required"},
		{"Email", "must be an email address", "Email must be an email address"},
		{"Tags", `"!" is not a tag`, `Tags: "!" is not a tag`},
	}
	for _, tt := range tests {
		if got := sentence(tt.label, tt.msg); got != tt.want {
			t.Errorf("sentence(%q, %q) = %q, want %q", tt.label, tt.msg, got, tt.want)
		}
	}
}

// TestServerErrorPage shows a 500 with the request id, and never the error's text.
func TestServerErrorPage(t *testing.T) {
	db, _ := storetest.SQLite(t)
	w, err := New(db, Config{})
	if err != nil {
		t.Fatal(err)
	}
	h := httpx.WithRequestID(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		w.fail(rw, r, errors.New("database on fire"))
	}))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/x", nil))
	body := rec.Body.String()
	id := rec.Header().Get("X-Request-Id")
	if rec.Code != http.StatusInternalServerError || id == "" || !strings.Contains(body, "<code>"+id+"</code>") {
		t.Errorf("got %d, id %q, body:\n%s", rec.Code, id, body)
	}
	if strings.Contains(body, "on fire") {
		t.Error("the 500 page shows the internal error")
	}
}
