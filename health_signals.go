package copse

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/copse-dev/copse/internal/cadence"
)

// The signals of Health, one function each. Weights add up to 100; each says why in
// words a facilitator can act on, and what to do when it is not ok.

const day = 24 * time.Hour

func membersSignal(f HealthFacts) Signal {
	n, min := f.Head.Counted(), max(f.MinMembers, 1)
	s := Signal{Name: "members", Label: "Members", Value: float64(n), Weight: 15, OK: n >= min, problem: "too few members"}
	s.Why = fmt.Sprintf("%s (facilitators, core and members) against the %d a community needs to be active.", peopleTakePart(n), min)
	if f.Head.Contributors > 0 {
		s.Why += fmt.Sprintf(" %s drop in too: welcome, but not counted.", capital(countWords(f.Head.Contributors, "contributor", "contributors")))
	}
	if !s.OK {
		s.Advice = fmt.Sprintf("Invite %s: seed 002 asks for three or more members to foster collaboration. Ask each member to bring one colleague to the next meeting.",
			countWords(min-n, "more person", "more people"))
	}
	return s
}

func peopleTakePart(n int) string {
	if n == 1 {
		return "1 person takes part"
	}
	return fmt.Sprintf("%d people take part", n)
}

func facilitatorSignal(f HealthFacts) Signal {
	n := f.Head.Facilitators
	s := Signal{Name: "facilitator", Label: "Facilitator", Value: float64(n), Weight: 15, OK: n > 0, problem: "no facilitator"}
	switch n {
	case 0:
		s.Why = "Nobody facilitates: nobody assembles the group, runs the meetings or looks after the pages."
		s.Advice = "Ask a core member or a regular to take the facilitator role; without one, a community drifts."
	case 1:
		s.Why = "One facilitator assembles the group and runs the meetings."
	default:
		s.Why = fmt.Sprintf("%d facilitators share the running of the community.", n)
	}
	return s
}

func cadenceSignal(f HealthFacts, now time.Time) Signal {
	s := Signal{Name: "cadence_kept", Label: "Cadence kept", Weight: 15, problem: "missed meetings"}
	var c cadence.Cadence
	var err error
	if f.Cadence != nil {
		c, err = cadence.Parse(f.Cadence.RRule, f.Cadence.Timezone, f.Cadence.DurationMinutes)
	}
	if f.Cadence == nil || err != nil {
		s.Why = "There is no regular meeting: a community without a rhythm drifts apart."
		s.Advice = "Set a cadence, such as monthly: seed 002's core team meets once a month to keep content maintained and updated."
		return s
	}
	window := min(max(90*day, 3*c.Period()), 365*day)
	from := now.Add(-window)
	if first := firstOf(f.CreatedAt, f.Held); first.After(from) {
		from = first // a young community is judged on its own life, not the year before it
	}
	expected := len(c.Occurrences(from, now, 400))
	held := 0
	for _, t := range f.Held {
		if !t.Before(from) && t.Before(now) {
			held++
		}
	}
	desc := strings.ToLower(c.Describe()[:1]) + c.Describe()[1:]
	switch {
	case expected == 0:
		s.OK, s.Value = true, 1
		s.Why = fmt.Sprintf("It meets %s, and its first meeting is still to come.", desc)
		return s
	default:
		s.Value = math.Min(float64(held)/float64(expected), 1)
		s.OK = s.Value >= 0.6 || expected <= 2 && held >= 1
	}
	s.Why = fmt.Sprintf("%d of the %s its cadence (%s) planned since %s %s held.",
		held, countWords(expected, "meeting", "meetings"), desc,
		from.UTC().Format("2 January 2006"), map[bool]string{true: "was", false: "were"}[held == 1])
	if !s.OK {
		s.Advice = "Hold the next meeting even if it is short, and record it: a Lean Coffee needs no preparation. If the cadence is too ambitious, make it less frequent rather than miss it."
	}
	return s
}

// firstOf is the earliest of a community's creation and its first held meeting
// (imported history can predate the community's record here).
func firstOf(created time.Time, held []time.Time) time.Time {
	first := created
	for _, t := range held {
		if t.Before(first) {
			first = t
		}
	}
	return first
}

func activitySignal(f HealthFacts, now time.Time) Signal {
	s := Signal{Name: "activity_trend", Label: "Activity over 90 days", Weight: 15, problem: "falling activity"}
	recent, earlier := 0, 0
	for _, t := range f.Activity {
		switch age := now.Sub(t); {
		case age < 0 || age >= 90*day:
		case age < 45*day:
			recent++
		default:
			earlier++
		}
	}
	s.Value = float64(recent)
	switch {
	case recent == 0 && earlier == 0:
		s.Why = "Nothing has happened in 90 days: no topic, vote, meeting, resource, answer or new member."
		s.problem = "no activity"
	case recent == 0:
		s.Why = fmt.Sprintf("Nothing happened in the last 45 days, after %s in the 45 before.", countWords(earlier, "thing", "things"))
	case recent*2 < earlier:
		s.Why = fmt.Sprintf("%s happened in the last 45 days, down from %d in the 45 before: falling.", capital(countWords(recent, "thing", "things")), earlier)
	default:
		s.OK = true
		trend := "steady"
		if recent > earlier {
			trend = "rising"
		}
		s.Why = fmt.Sprintf("%s happened in the last 45 days, against %d in the 45 before: %s.", capital(countWords(recent, "thing", "things")), earlier, trend)
	}
	if !s.OK {
		s.Advice = "Ask members to put the questions they are stuck on to the topic board and vote for what they want next; a board people vote on gives the next meeting its agenda."
	}
	return s
}

func answerSignal(f HealthFacts) Signal {
	s := Signal{Name: "time_to_first_answer", Label: "Time to first answer", OK: true, problem: "slow answers"}
	asked := len(f.FirstAnswers) + f.Unanswered
	if !f.HelpKnown || asked == 0 {
		s.Why = "No questions were asked here in the last 90 days, so there is nothing to judge."
		return s
	}
	s.Weight = 10
	var median time.Duration
	if n := len(f.FirstAnswers); n > 0 {
		d := slices.Clone(f.FirstAnswers)
		slices.Sort(d)
		median = d[n/2]
		if n%2 == 0 {
			median = (d[n/2-1] + d[n/2]) / 2
		}
	}
	s.Value = math.Round(median.Hours()*10) / 10
	s.OK = len(f.FirstAnswers) > 0 && median <= day && f.Unanswered*3 <= asked
	if len(f.FirstAnswers) == 0 {
		s.Value = 0
		s.Why = fmt.Sprintf("None of the %s asked in the last 90 days has an answer yet.", countWords(asked, "question", "questions"))
	} else {
		s.Why = fmt.Sprintf("Questions asked in the last 90 days had a first answer in %s (the median of %d)", durationWords(median), len(f.FirstAnswers))
		if f.Unanswered > 0 {
			s.Why += fmt.Sprintf("; %s of %d still %s none after a day", countWords(f.Unanswered, "question", "questions"), asked, map[bool]string{true: "has", false: "have"}[f.Unanswered == 1])
		}
		s.Why += "."
	}
	if !s.OK {
		s.Advice = "Share the unanswered questions at the next meeting and in the chat channel: a strong community answers before the platform team can (seed 000)."
	}
	return s
}

func staleSignal(f HealthFacts) Signal {
	s := Signal{Name: "stale_resources", Label: "Stale resources", OK: true, problem: "stale resources"}
	if f.Resources == 0 {
		s.Why = "The community has no resources in the library yet."
		return s
	}
	s.Weight = 5
	s.Value = float64(f.StaleResources) / float64(f.Resources)
	s.OK = s.Value <= 0.25
	s.Why = fmt.Sprintf("%d of its %s %s review: past a review-by date, or unchanged and unchecked for too long.",
		f.StaleResources, countWords(f.Resources, "resource", "resources"), map[bool]string{true: "needs", false: "need"}[f.StaleResources == 1])
	if !s.OK {
		s.Advice = "Hold a review session: each member checks two resources and marks them reviewed, or retires them."
	}
	return s
}

// breadthSignal is seed 003's "boil the ocean": a community whose content spreads over
// many unrelated subjects, each with little depth, loses people's interest. Tags that
// appear on the same item are related; each group of related tags is one subject.
func breadthSignal(f HealthFacts) Signal {
	s := Signal{Name: "breadth", Label: "Focus", OK: true, problem: "too broad a focus"}
	subjects, uses, tags := tagSubjects(f.TagSets)
	items := 0
	for _, t := range f.TagSets {
		if len(t) > 0 {
			items++
		}
	}
	if items < 5 {
		s.Why = "Too little tagged content yet to judge the community's focus."
		return s
	}
	s.Weight = 10
	depth := float64(uses) / float64(tags)
	s.Value = float64(len(subjects))
	s.OK = !(len(subjects) >= 5 && depth < 2)
	top := subjects[:min(3, len(subjects))]
	s.Why = fmt.Sprintf("Its %d tagged resources and questions cover %s (%d tags, %.1f items each); the biggest: %s.",
		items, countWords(len(subjects), "subject", "unrelated subjects"), tags, depth, strings.Join(top, "; "))
	if !s.OK {
		s.Why = "It may be trying to boil the ocean. " + s.Why
		s.Advice = "Narrow the charter to the two or three subjects people come for, and suggest a community of its own for the rest: focused groups can start their own (seed 003)."
	}
	return s
}

// tagSubjects groups tags that appear together into subjects, biggest first, each
// named by its most used tags; it also returns the tag uses and the distinct tags.
func tagSubjects(sets [][]string) (subjects []string, uses, distinct int) {
	parent := map[string]string{}
	count := map[string]int{}
	var find func(string) string
	find = func(t string) string {
		if parent[t] != t {
			parent[t] = find(parent[t])
		}
		return parent[t]
	}
	for _, set := range sets {
		for _, t := range set {
			if _, ok := parent[t]; !ok {
				parent[t] = t
			}
			count[t]++
			uses++
		}
		for _, t := range set[min(1, len(set)):] {
			if a, b := find(set[0]), find(t); a != b {
				parent[b] = a
			}
		}
	}
	groups := map[string][]string{}
	for t := range parent {
		groups[find(t)] = append(groups[find(t)], t)
	}
	type group struct {
		tags []string
		n    int
	}
	var gs []group
	for _, tags := range groups {
		sort.Slice(tags, func(i, j int) bool {
			return count[tags[i]] > count[tags[j]] || count[tags[i]] == count[tags[j]] && tags[i] < tags[j]
		})
		n := 0
		for _, t := range tags {
			n += count[t]
		}
		gs = append(gs, group{tags, n})
	}
	sort.Slice(gs, func(i, j int) bool { return gs[i].n > gs[j].n || gs[i].n == gs[j].n && gs[i].tags[0] < gs[j].tags[0] })
	for _, g := range gs {
		subjects = append(subjects, strings.Join(g.tags[:min(2, len(g.tags))], ", "))
	}
	return subjects, uses, len(parent)
}

// concentrationSignal is seed 003's "if people retire, you can lose a lot of
// experience out the door": one person holding nearly all of a community's
// contributions, and what their leaving would take with them.
func concentrationSignal(f HealthFacts) Signal {
	s := Signal{Name: "knowledge_concentration", Label: "Knowledge spread", OK: true, problem: "knowledge held by one person"}
	total := 0
	for _, c := range f.Contributors {
		total += c.Count
	}
	if total < 5 || len(f.Contributors) == 0 {
		s.Why = "Too few contributions in the last year to see who holds the knowledge."
		return s
	}
	s.Weight = 10
	top := f.Contributors[0]
	for _, c := range f.Contributors[1:] {
		if c.Count > top.Count {
			top = c
		}
	}
	name := top.Name
	if name == "" {
		name = top.Handle
	}
	s.Value = float64(top.Count) / float64(total)
	s.OK = s.Value < 0.6
	s.Why = fmt.Sprintf("%s made %d of the %d contributions of the last year (%.0f%%), across %s.",
		name, top.Count, total, s.Value*100, countWords(len(f.Contributors), "person", "people"))
	if !s.OK {
		var loss []string
		if top.SoleResources > 0 {
			loss = append(loss, fmt.Sprintf("%s would have nobody else to maintain %s", countWords(top.SoleResources, "resource", "resources"),
				map[bool]string{true: "it", false: "them"}[top.SoleResources == 1]))
		}
		others := 0
		for _, c := range f.Contributors {
			if c.Handle != top.Handle {
				others += c.Meetings
			}
		}
		if top.Meetings > 0 && others == 0 {
			loss = append(loss, "nobody else has run a meeting")
		}
		if len(loss) > 0 {
			s.Why += fmt.Sprintf(" If %s left, %s.", name, andWords(loss))
		}
		s.Advice = fmt.Sprintf("Spread what %s knows: let a core member run the next meeting, and name a co-author on each of %s's resources.", name, name)
	}
	return s
}

func commitmentSignal(f HealthFacts) Signal {
	s := Signal{Name: "commitment", Label: "Commitment", OK: true, problem: "little declared commitment"}
	n := len(f.Commitments)
	if n == 0 {
		s.Why = "Nobody counts as a member yet."
		return s
	}
	s.Weight = 5
	declared, enough, hours := 0, 0, 0
	for _, h := range f.Commitments {
		if h != nil {
			declared++
			hours += *h
			if *h >= 3 {
				enough++
			}
		}
	}
	s.Value = float64(hours)
	s.OK = enough*2 >= n
	switch {
	case declared == 0 && n == 1:
		s.Why = "Its one member has not said how many hours a month they give; seed 002 expects 3 to 5 from active members."
	case declared == 0:
		s.Why = fmt.Sprintf("None of the %s has said how many hours a month they give; seed 002 expects 3 to 5 from active members.", countWords(n, "member", "members"))
	default:
		s.Why = fmt.Sprintf("%d of the %s give 3 hours a month or more (%s declared in all); seed 002 expects 3 to 5 from active members.",
			enough, countWords(n, "member", "members"), countWords(hours, "hour", "hours"))
	}
	if !s.OK {
		s.Advice = "Ask members to declare the hours a month they can give, on their profile: an honest 2 is worth more than a silent 5."
	}
	return s
}

// countWords writes "1 meeting", "3 meetings".
func countWords(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprint(n) + " " + many
}

func capital(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// durationWords says a wait in the largest unit that reads well.
func durationWords(d time.Duration) string {
	switch {
	case d < time.Hour:
		return countWords(max(int(d.Minutes()), 1), "minute", "minutes")
	case d < 2*day:
		return countWords(int(math.Round(d.Hours())), "hour", "hours")
	}
	return countWords(int(math.Round(d.Hours()/24)), "day", "days")
}
