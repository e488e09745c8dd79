package copse

import (
	"math"
	"strings"
	"time"

	"github.com/copse-dev/copse/internal/cadence"
)

// Health is what copse can tell a facilitator about their community from what it
// already knows (seeds 002 and 003): each signal with a verdict and the reason in
// words, a score, and the one thing to do next. It is computed, never entered.
type Health struct {
	Community  CommunityRef `json:"community"`
	Status     Status       `json:"status"`
	Score      int          `json:"score"`   // 0 to 100: the weighted share of good signals
	Verdict    string       `json:"verdict"` // thriving, attention, at-risk
	Summary    string       `json:"summary"` // the verdict in one sentence
	Suggestion string       `json:"suggestion"`
	Signals    []Signal     `json:"signals"`
	Activity   []int        `json:"activity"` // things that happened each week of the last 13, oldest first
	ComputedAt time.Time    `json:"computed_at"`
}

// Signal is one health signal. Value is a number whose meaning the name gives (a
// count, a share from 0 to 1, hours); Why says it in words; Advice says what to do
// when it is not ok. A signal that cannot be judged yet (no questions asked, no
// resources) is ok with weight 0: it neither helps nor hurts the score.
type Signal struct {
	Name   string  `json:"name"`
	Label  string  `json:"label"`
	Value  float64 `json:"value"`
	OK     bool    `json:"ok"`
	Why    string  `json:"why"`
	Advice string  `json:"advice,omitempty"`
	Weight int     `json:"weight"`

	problem string // the failing signal in a few words, for the summary
}

// Verdicts, from the score.
const (
	VerdictThriving  = "thriving"
	VerdictAttention = "attention"
	VerdictAtRisk    = "at-risk"
)

// VerdictName is a verdict in words.
func VerdictName(v string) string {
	switch v {
	case VerdictThriving:
		return "Thriving"
	case VerdictAttention:
		return "Needs attention"
	case VerdictAtRisk:
		return "At risk"
	}
	return v
}

// VerdictName is the health's verdict in words.
func (h Health) VerdictName() string { return VerdictName(h.Verdict) }

// verdictFor turns a score into a verdict.
func verdictFor(score int) string {
	switch {
	case score >= 75:
		return VerdictThriving
	case score >= 50:
		return VerdictAttention
	}
	return VerdictAtRisk
}

// HealthFacts are what the store knows of a community, gathered for Assess.
type HealthFacts struct {
	Community    CommunityRef
	Status       Status
	CreatedAt    time.Time
	Cadence      *Cadence
	MinMembers   int
	Head         Headcount
	Held         []time.Time // starts of the meetings held in the last year
	LastMeeting  time.Time   // the latest held meeting, ever
	Activity     []time.Time // what happened in the last 91 days: topics, votes, meetings, resources, answers, joins…
	LastActivity time.Time   // the latest of anything, ever

	HelpKnown    bool            // the site has community help (questions and answers)
	FirstAnswers []time.Duration // how long each question asked in the last 90 days waited for its first answer
	Unanswered   int             // questions asked in the last 90 days, more than a day ago, still without one

	Resources      int
	StaleResources int
	TagSets        [][]string // the tags of each resource and question

	Contributors []Contributor // who did what in the last year, most first
	Commitments  []*int        // hours a month each counted member declared; nil: not declared
}

// Contributor is one person's share of a community's contributions.
type Contributor struct {
	Handle        string
	Name          string
	Count         int // point-earning acts in the last year
	SoleResources int // resources only they maintain
	Meetings      int // meetings they ran
}

// activityWindow is the span of the activity trend, in weeks.
const activityWeeks = 13

// Assess computes a community's health at f's time.
func Assess(f HealthFacts, now time.Time) Health {
	h := Health{Community: f.Community, Status: f.Status, ComputedAt: now, Activity: weekly(f.Activity, now)}
	h.Signals = []Signal{
		membersSignal(f), facilitatorSignal(f), cadenceSignal(f, now), activitySignal(f, now),
		answerSignal(f), staleSignal(f), breadthSignal(f), concentrationSignal(f), commitmentSignal(f),
	}
	ok, all := 0, 0
	for _, s := range h.Signals {
		all += s.Weight
		if s.OK {
			ok += s.Weight
		}
	}
	h.Score = 100
	if all > 0 {
		h.Score = int(math.Round(float64(ok) * 100 / float64(all)))
	}
	h.Verdict = verdictFor(h.Score)
	h.Summary, h.Suggestion = summarize(h)
	return h
}

// suggestionOrder is which failing signal to act on first: without people nothing
// else matters; without a rhythm the rest fades.
var suggestionOrder = []string{"facilitator", "members", "activity_trend", "cadence_kept", "knowledge_concentration",
	"breadth", "time_to_first_answer", "stale_resources", "commitment"}

func summarize(h Health) (summary, suggestion string) {
	var problems []string
	for _, name := range suggestionOrder {
		for _, s := range h.Signals {
			if s.Name == name && !s.OK {
				problems = append(problems, s.problem)
				if suggestion == "" {
					suggestion = s.Advice
				}
			}
		}
	}
	summary = VerdictName(h.Verdict)
	switch {
	case len(problems) == 0:
		summary += ": every signal is good."
		suggestion = "Keep going, and thank the people who helped this month: confirm the promotions the data suggests."
	case h.Verdict == VerdictThriving:
		summary += ", though with " + andWords(problems[:min(3, len(problems))]) + "."
	case len(problems) > 3:
		summary += ": " + andWords(problems[:3]) + ", and more below."
	default:
		summary += ": " + andWords(problems) + "."
	}
	if h.Status == StatusDormant {
		summary = "Dormant: no meeting and nothing new for two cadence periods. " + summary
	}
	return summary, suggestion
}

func andWords(items []string) string {
	if len(items) <= 1 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}

// weekly counts what happened in each of the last 13 weeks, oldest first.
func weekly(ts []time.Time, now time.Time) []int {
	out := make([]int, activityWeeks)
	for _, t := range ts {
		age := now.Sub(t)
		if age < 0 || age >= activityWeeks*7*24*time.Hour {
			continue
		}
		out[activityWeeks-1-int(age/(7*24*time.Hour))]++
	}
	return out
}

// dormantPeriods is CONTRACT.md's rule: no meeting and no activity for two cadence
// periods makes an active community dormant.
const dormantPeriods = 2

// defaultPeriod stands in for a community without a cadence: seed 002's monthly call.
const defaultPeriod = 2629746 * time.Second // 365.2425 days / 12

// QuietFor is how long a community has had no meeting and no activity, and the quiet
// that makes it dormant.
func (f HealthFacts) QuietFor(now time.Time) (quiet, limit time.Duration) {
	period := defaultPeriod
	if f.Cadence != nil {
		if c, err := cadence.Parse(f.Cadence.RRule, f.Cadence.Timezone, f.Cadence.DurationMinutes); err == nil && c.Period() > 0 {
			period = c.Period()
		}
	}
	last := f.LastActivity
	if f.LastMeeting.After(last) {
		last = f.LastMeeting
	}
	if last.IsZero() || f.CreatedAt.After(last) {
		last = f.CreatedAt
	}
	return now.Sub(last), dormantPeriods * period
}

// NextDormancy is the status the health rules give the community: active becomes
// dormant after two quiet cadence periods, and dormant wakes as soon as something
// happens again (activity that did not pass through the lifecycle, such as a
// resource or an answer). Any other status is left as it is.
func (f HealthFacts) NextDormancy(now time.Time) Status {
	quiet, limit := f.QuietFor(now)
	switch {
	case f.Status == StatusActive && quiet > limit:
		return StatusDormant
	case f.Status == StatusDormant && quiet <= limit:
		return NextStatus(StatusDormant, f.Head, f.MinMembers, true)
	}
	return f.Status
}

// HealthPoint is a community's score on one day, for the trend on its health page.
type HealthPoint struct {
	Day   time.Time `json:"day"`
	Score int       `json:"score"`
}
