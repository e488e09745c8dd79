package copse

import (
	"strings"
	"testing"
	"time"

	"github.com/copse-dev/copse/internal/cadence"
)

// hnow is the pinned time of the health table tests.
var hnow = time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)

func ago(days int) time.Time { return hnow.AddDate(0, 0, -days) }

func hours(n int) *int { return &n }

// monthly is the Lean Coffee's cadence: the fourth Thursday, 11:00 London time.
var monthly = &Cadence{RRule: "FREQ=MONTHLY;BYDAY=4TH;BYHOUR=11;BYMINUTE=0", Timezone: "Europe/London", DurationMinutes: 60}

// thriving is a crafted history every signal likes; each test case changes a part.
func thriving() HealthFacts {
	f := HealthFacts{Community: CommunityRef{Slug: "iac", Name: "IaC"}, Status: StatusActive, CreatedAt: ago(400), Cadence: monthly,
		MinMembers: 3, Head: Headcount{Facilitators: 1, Core: 1, Members: 3}, HelpKnown: true,
		Resources: 10, StaleResources: 1, LastActivity: ago(1), LastMeeting: ago(6),
		FirstAnswers: []time.Duration{2 * time.Hour, 5 * time.Hour, 30 * time.Hour},
		Contributors: []Contributor{{Handle: "fay", Name: "Fay", Count: 5, Meetings: 3}, {Handle: "mel", Name: "Mel", Count: 4}, {Handle: "ned", Count: 3, Meetings: 2}},
		Commitments:  []*int{hours(4), hours(3), hours(5), nil, hours(1)},
	}
	for m := 0; m < 12; m++ { // the fourth Thursdays of the last year
		if t := (monthly.occurrence(hnow, m)); !t.IsZero() {
			f.Held = append(f.Held, t)
		}
	}
	for d := 1; d < 90; d += 3 {
		f.Activity = append(f.Activity, ago(d))
	}
	for i := range 8 {
		f.TagSets = append(f.TagSets, []string{"terraform", []string{"modules", "state", "ci"}[i%3]})
	}
	return f
}

func mustCadence(c *Cadence) cadence.Cadence {
	p, err := cadence.Parse(c.RRule, c.Timezone, c.DurationMinutes)
	if err != nil {
		panic(err)
	}
	return p
}

// occurrence is the m-th past occurrence of a cadence before t, for crafting.
func (c *Cadence) occurrence(t time.Time, m int) time.Time {
	all := mustCadence(c).Occurrences(t.AddDate(-1, 0, -1), t, 20)
	if m >= len(all) {
		return time.Time{}
	}
	return all[len(all)-1-m]
}

func TestHealthSignals(t *testing.T) {
	tests := []struct {
		name   string
		change func(f *HealthFacts)
		signal string
		ok     bool
		why    string // a part of the reason
	}{
		{"enough members", nil, "members", true, "5 people take part"},
		{"too few members", func(f *HealthFacts) { f.Head = Headcount{Facilitators: 1, Contributors: 4} }, "members", false, "1 person takes part"},
		{"contributors do not count", func(f *HealthFacts) { f.Head.Contributors = 2 }, "members", true, "2 contributors drop in too: welcome, but not counted"},
		{"a facilitator", nil, "facilitator", true, "One facilitator"},
		{"no facilitator", func(f *HealthFacts) { f.Head.Facilitators = 0 }, "facilitator", false, "Nobody facilitates"},
		{"cadence kept", nil, "cadence_kept", true, "planned since"},
		{"cadence not kept", func(f *HealthFacts) { f.Held = f.Held[5:] }, "cadence_kept", false, "0 of the"},
		{"no cadence", func(f *HealthFacts) { f.Cadence = nil }, "cadence_kept", false, "no regular meeting"},
		{"young, first meeting to come", func(f *HealthFacts) { f.CreatedAt, f.Held = ago(3), nil }, "cadence_kept", true, "first meeting is still to come"},
		{"activity steady", nil, "activity_trend", true, "steady"},
		{"activity rising", func(f *HealthFacts) { f.Activity = append(f.Activity, ago(2), ago(3), ago(4)) }, "activity_trend", true, "rising"},
		{"activity falling", func(f *HealthFacts) { f.Activity = []time.Time{ago(10), ago(50), ago(55), ago(60), ago(70)} }, "activity_trend", false, "falling"},
		{"nothing in 90 days", func(f *HealthFacts) { f.Activity = nil }, "activity_trend", false, "Nothing has happened in 90 days"},
		{"answered fast", nil, "time_to_first_answer", true, "5 hours (the median of 3)"},
		{"answered slowly", func(f *HealthFacts) { f.FirstAnswers = []time.Duration{50 * time.Hour, 80 * time.Hour} }, "time_to_first_answer", false, "3 days"},
		{"left unanswered", func(f *HealthFacts) { f.Unanswered = 4 }, "time_to_first_answer", false, "4 questions of 7 still have none"},
		{"no questions", func(f *HealthFacts) { f.FirstAnswers = nil }, "time_to_first_answer", true, "nothing to judge"},
		{"fresh resources", nil, "stale_resources", true, "1 of its 10 resources needs review"},
		{"stale resources", func(f *HealthFacts) { f.StaleResources = 6 }, "stale_resources", false, "6 of its 10 resources need review"},
		{"focused", nil, "breadth", true, "cover 1 subject"},
		{"boiling the ocean", func(f *HealthFacts) {
			f.TagSets = [][]string{{"go"}, {"ux"}, {"finops"}, {"k8s"}, {"a11y"}, {"data"}, {"go"}}
		}, "breadth", false, "boil the ocean"},
		{"broad but deep", func(f *HealthFacts) {
			for _, tag := range []string{"go", "ux", "finops", "k8s", "a11y"} {
				for range 3 {
					f.TagSets = append(f.TagSets, []string{tag})
				}
			}
		}, "breadth", true, "unrelated subjects"},
		{"knowledge spread", nil, "knowledge_concentration", true, "Fay made 5 of the 12"},
		{"held up by one person", func(f *HealthFacts) {
			f.Contributors = []Contributor{{Handle: "sol", Name: "Sol", Count: 18, SoleResources: 6, Meetings: 5}, {Handle: "mel", Count: 2}}
		}, "knowledge_concentration", false, "If Sol left, 6 resources would have nobody else to maintain them and nobody else has run a meeting"},
		{"commitment declared", nil, "commitment", true, "3 of the 5 members give 3 hours"},
		{"commitment missing", func(f *HealthFacts) { f.Commitments = []*int{nil, nil, hours(1)} }, "commitment", false, "0 of the 3 members give 3 hours a month or more (1 hour declared"},
		{"nobody declared", func(f *HealthFacts) { f.Commitments = []*int{nil, nil} }, "commitment", false, "None of the 2 members"},
		{"the one member did not declare", func(f *HealthFacts) { f.Commitments = []*int{nil} }, "commitment", false, "Its one member has not said"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := thriving()
			if tt.change != nil {
				tt.change(&f)
			}
			h := Assess(f, hnow)
			var s Signal
			for _, x := range h.Signals {
				if x.Name == tt.signal {
					s = x
				}
			}
			if s.OK != tt.ok || !strings.Contains(s.Why, tt.why) {
				t.Errorf("%s: ok %v, why %q; want ok %v and %q", tt.signal, s.OK, s.Why, tt.ok, tt.why)
			}
			if !s.OK && s.Advice == "" {
				t.Errorf("%s is not ok but gives no advice", tt.signal)
			}
		})
	}
}

func TestHealthVerdicts(t *testing.T) {
	tests := []struct {
		name    string
		change  func(f *HealthFacts)
		verdict string
		advice  string // a part of the suggestion
	}{
		{"thriving", nil, VerdictThriving, "thank the people"},
		{"fizzling", func(f *HealthFacts) {
			f.Held, f.Activity, f.Head = f.Held[6:], nil, Headcount{Members: 2}
		}, VerdictAtRisk, "facilitator role"},
		{"held up by one person", func(f *HealthFacts) {
			f.Contributors = []Contributor{{Handle: "sol", Name: "Sol", Count: 20, Meetings: 4}}
			f.Commitments = []*int{hours(10), nil, nil, nil, nil}
		}, VerdictThriving, "let a core member run the next meeting"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := thriving()
			if tt.change != nil {
				tt.change(&f)
			}
			h := Assess(f, hnow)
			if h.Verdict != tt.verdict || !strings.Contains(h.Suggestion, tt.advice) {
				t.Errorf("verdict %s (%d), suggestion %q; want %s and %q\n%s", h.Verdict, h.Score, h.Suggestion, tt.verdict, tt.advice, h.Summary)
			}
		})
	}
}

func TestDormancy(t *testing.T) {
	quiet := func(days int, status Status) HealthFacts {
		return HealthFacts{Status: status, CreatedAt: ago(400), Cadence: monthly, LastActivity: ago(days), LastMeeting: ago(days + 10),
			Head: Headcount{Facilitators: 1, Members: 2}, MinMembers: 3}
	}
	tests := []struct {
		name string
		f    HealthFacts
		want Status
	}{
		{"active and busy", quiet(20, StatusActive), StatusActive},
		{"active, quiet for one period", quiet(40, StatusActive), StatusActive},
		{"active, quiet for two periods", quiet(62, StatusActive), StatusDormant},
		{"without a cadence, a month stands in", func() HealthFacts { f := quiet(62, StatusActive); f.Cadence = nil; return f }(), StatusDormant},
		{"dormant and still quiet", quiet(90, StatusDormant), StatusDormant},
		{"dormant, something new happened", quiet(1, StatusDormant), StatusActive},
		{"forming is left to the lifecycle", quiet(300, StatusForming), StatusForming},
		{"archived stays archived", quiet(300, StatusArchived), StatusArchived},
	}
	for _, tt := range tests {
		if got := tt.f.NextDormancy(hnow); got != tt.want {
			t.Errorf("%s: %s, want %s", tt.name, got, tt.want)
		}
	}
}

func TestMonthlyReportText(t *testing.T) {
	f := thriving()
	f.StaleResources = 8
	h := Assess(f, hnow)
	title, body := MonthlyReport(h, ReportFacts{Month: ReportMonth(hnow), Meetings: 1, Topics: 3, Joined: 1,
		Helpers: []Helper{{Handle: "mel", Name: "Mel", Points: 11}, {Handle: "ned", Points: 1}}}, "Fay")
	for _, want := range []string{"Hello Fay", "**IaC** did in February 2026", "1 meeting held, 3 topics proposed and 1 person joined.",
		"- Mel (@mel): 11 points", "- ned (@ned): 1 point", "**Stale resources**: 8 of its 10", "## One thing to do\n\nHold a review session"} {
		if !strings.Contains(body, want) {
			t.Errorf("the report lacks %q:\n%s", want, body)
		}
	}
	if title != "IaC in February 2026: thriving" {
		t.Errorf("title %q", title)
	}
	_, quiet := MonthlyReport(h, ReportFacts{Month: ReportMonth(hnow)}, "Fay")
	if !strings.Contains(quiet, "Nothing happened in February 2026") || !strings.Contains(quiet, "Nobody earned points") {
		t.Errorf("a quiet month:\n%s", quiet)
	}
}

// TestHealthSummary: the verdict reads as a sentence, its problems as noun phrases.
func TestHealthSummary(t *testing.T) {
	f := thriving()
	f.Contributors = []Contributor{{Handle: "sol", Name: "Sol", Count: 20, SoleResources: 1, Meetings: 4}}
	f.Commitments = []*int{hours(10), nil, nil, nil, nil}
	h := Assess(f, hnow)
	if want := "Thriving, though with knowledge held by one person and little declared commitment."; h.Summary != want {
		t.Errorf("summary %q, want %q", h.Summary, want)
	}
	if s := h.Signals[7]; !strings.Contains(s.Why, "1 resource would have nobody else to maintain it ") {
		t.Errorf("%s: %q", s.Name, s.Why)
	}
	f = thriving()
	f.Activity, f.Head = nil, Headcount{Facilitators: 1, Members: 1}
	if h := Assess(f, hnow); h.Summary != "Needs attention: too few members and no activity." {
		t.Errorf("summary %q", Assess(f, hnow).Summary)
	}
}
