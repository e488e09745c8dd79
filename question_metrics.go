package copse

import (
	"math"
	"slices"
	"strconv"
	"time"
)

// MetricWindows are the periods the help metrics cover, in days: a week, to read
// each week; a month and a quarter, to see the trend.
var MetricWindows = []int{7, 30, 90}

// MetricWeeks is how many weeks the weekly trend shows.
const MetricWeeks = 12

// HelpCounts are the counts of one window of questions asked.
type HelpCounts struct {
	Asked      int // questions asked in the window
	Accepted   int // … that have an accepted answer
	Unanswered int // … still open with no answer
	SOS        int // … asked as urgent production issues
	Escalated  int // … sos questions nobody answered in time
}

// FirstAnswer is when an answered question got its first answer, and from whom.
type FirstAnswer struct {
	AskedAt   time.Time
	After     time.Duration // from asking to the first answer by someone else
	By        string        // ByCommunity or ByPlatform
	Community int64         // where it was asked; 0 for site-wide
}

// HelpWindow is what the help desk did with the questions asked in the last Days.
type HelpWindow struct {
	Days       int `json:"days"`
	Asked      int `json:"asked"`
	Answered   int `json:"answered"` // got a first answer from someone other than the asker
	Accepted   int `json:"accepted"`
	Unanswered int `json:"unanswered"`
	SOS        int `json:"sos"`
	Escalated  int `json:"escalated"`
	// ByCommunity and ByPlatform split Answered by who answered first.
	ByCommunity int `json:"by_community"`
	ByPlatform  int `json:"by_platform"`
	// CommunityShare is ByCommunity / Answered, seed 000's promise as a number;
	// nil while nothing was answered.
	CommunityShare *float64 `json:"community_share"`
	// Median and P90 are the times to a first answer; nil while nothing was answered.
	Median *time.Duration `json:"-"`
	P90    *time.Duration `json:"-"`
}

// HelpWeek is one week of the trend: the questions asked in it that were answered.
type HelpWeek struct {
	Start          time.Time
	Answered       int
	ByCommunity    int
	CommunityShare *float64
	Median         *time.Duration
}

// HelpMetrics are a community's (or the site's) help metrics.
type HelpMetrics struct {
	Windows []HelpWindow
	Weeks   []HelpWeek // newest first
	// Communities splits the site's last CommunityDays by where questions were
	// asked, most asked first, so the platform team sees which communities carry
	// the help; empty on a community's own metrics.
	Communities []CommunityHelp
}

// CommunityDays is the window of the site's community-by-community table.
const CommunityDays = 30

// CommunityHelp is what one community (nil: questions asked site-wide) did with the
// questions asked in it over the last CommunityDays.
type CommunityHelp struct {
	Community      *CommunityRef
	Asked          int
	Answered       int
	ByCommunity    int
	CommunityShare *float64
	Median         *time.Duration
}

// SplitByCommunity puts the site's table together at now from each community's
// count of questions asked in the window (in the order to show them) and the first
// answers of at least that window, sorted by After as the store reads them.
func SplitByCommunity(now time.Time, asked []CommunityHelp, firsts []FirstAnswer) []CommunityHelp {
	from := now.AddDate(0, 0, -CommunityDays)
	out := slices.Clone(asked)
	at := map[int64]int{}
	for i, c := range out {
		at[communityID(c.Community)] = i
	}
	durations := make([][]time.Duration, len(out))
	for _, f := range firsts {
		i, ok := at[f.Community]
		if !ok || f.AskedAt.Before(from) || f.AskedAt.After(now) {
			continue
		}
		durations[i] = append(durations[i], f.After)
		if f.By != ByPlatform {
			out[i].ByCommunity++
		}
	}
	for i := range out {
		out[i].Answered = len(durations[i])
		out[i].CommunityShare = share(out[i].ByCommunity, out[i].Answered)
		out[i].Median = Percentile(durations[i], 50)
	}
	return out
}

func communityID(c *CommunityRef) int64 {
	if c == nil {
		return 0
	}
	return c.ID
}

// SummarizeHelp puts the metrics together at now: counts per window (keyed by days),
// and the first answers of the longest window sorted by After, shortest first, as
// the store reads them, so percentiles need no second sort.
func SummarizeHelp(now time.Time, counts map[int]HelpCounts, firsts []FirstAnswer) HelpMetrics {
	var m HelpMetrics
	for _, days := range MetricWindows {
		c := counts[days]
		w := HelpWindow{Days: days, Asked: c.Asked, Accepted: c.Accepted, Unanswered: c.Unanswered, SOS: c.SOS, Escalated: c.Escalated}
		from := now.Add(-time.Duration(days) * 24 * time.Hour)
		var durations []time.Duration
		for _, f := range firsts {
			if f.AskedAt.Before(from) || f.AskedAt.After(now) {
				continue
			}
			durations = append(durations, f.After)
			if f.By == ByPlatform {
				w.ByPlatform++
			} else {
				w.ByCommunity++
			}
		}
		w.Answered = len(durations)
		w.CommunityShare = share(w.ByCommunity, w.Answered)
		w.Median, w.P90 = Percentile(durations, 50), Percentile(durations, 90)
		m.Windows = append(m.Windows, w)
	}
	for i := range MetricWeeks {
		end := now.Add(-time.Duration(i) * 7 * 24 * time.Hour)
		wk := HelpWeek{Start: end.Add(-7 * 24 * time.Hour)}
		var durations []time.Duration
		for _, f := range firsts {
			// Weeks are [start, end); the current week also holds what was asked at now.
			in := !f.AskedAt.Before(wk.Start) && (f.AskedAt.Before(end) || i == 0 && f.AskedAt.Equal(end))
			if !in {
				continue
			}
			durations = append(durations, f.After)
			if f.By != ByPlatform {
				wk.ByCommunity++
			}
		}
		wk.Answered = len(durations)
		wk.CommunityShare = share(wk.ByCommunity, wk.Answered)
		wk.Median = Percentile(durations, 50)
		m.Weeks = append(m.Weeks, wk)
	}
	return m
}

func share(part, whole int) *float64 {
	if whole == 0 {
		return nil
	}
	s := float64(part) / float64(whole)
	return &s
}

// Percentile is the nearest-rank p-th percentile (0 < p ≤ 100) of durations sorted
// shortest first: the smallest value that at least p percent of them do not
// exceed. It is always one of the values, never an interpolation, so "median time
// to first answer: 2 h 34 min" is a time some question really waited. Nil when
// there is none.
func Percentile(sorted []time.Duration, p float64) *time.Duration {
	if len(sorted) == 0 || p <= 0 || p > 100 {
		return nil
	}
	if !slices.IsSorted(sorted) { // cheap insurance: a caller that forgot to sort gets the right answer
		sorted = slices.Sorted(slices.Values(sorted))
	}
	rank := int(math.Ceil(p / 100 * float64(len(sorted))))
	d := sorted[max(rank, 1)-1]
	return &d
}

// EscalationDue reports whether an sos question asked at askedAt and still without
// an answer should escalate to the platform team at now.
func EscalationDue(s HelpSettings, askedAt, now time.Time) bool {
	return !now.Before(askedAt.Add(time.Duration(s.EscalateAfterMinutes) * time.Minute))
}

// DurationWords says a wait as people do: "45 s", "12 min", "2 h 34 min", "3 days 4 h".
func DurationWords(d time.Duration) string {
	switch {
	case d < time.Minute:
		return strconv.Itoa(int(d.Seconds())) + " s"
	case d < time.Hour:
		return strconv.Itoa(int(d.Minutes())) + " min"
	case d < 48*time.Hour:
		return strconv.Itoa(int(d.Hours())) + " h " + strconv.Itoa(int(d.Minutes())%60) + " min"
	}
	return strconv.Itoa(int(d.Hours())/24) + " days " + strconv.Itoa(int(d.Hours())%24) + " h"
}
