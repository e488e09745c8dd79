package copse

import (
	"slices"
	"strconv"
	"time"
)

// Recognition rewards helping others (seed 001: "your value is determined by what you
// do for others"). Points come from a published rule table, each rule a thing done for
// someone else; ranks follow points, with thresholds an admin tunes; and the ladder of
// seed 000 (early adopter → influencer → steward) is suggested by the data and
// confirmed by a facilitator.

// PointRule is one line of the published rule table.
type PointRule struct {
	Key    string `json:"rule"`   // "answer.accepted"
	Title  string `json:"title"`  // what earns it, in words
	Points int    `json:"points"` // per subject (per vote for topic.wanted)
	Cap    int    `json:"cap"`    // most points one subject earns; 0 when it is Points
	Fine   string `json:"fine_print"`
	Help   bool   `json:"-"` // reads the questions and answers of community help
}

// PointRules is the rule table, in the order the recognition page publishes it. None
// rewards self-serving activity alone: answering one's own question, voting for
// oneself, editing and bulk imports earn nothing.
var PointRules = []PointRule{
	{Key: "answer.accepted", Title: "An answer of yours is accepted", Points: 10, Help: true,
		Fine: "Only on someone else's question: accepting an answer to your own question earns you nothing."},
	{Key: "answer.given", Title: "You answer someone's question", Points: 2, Help: true,
		Fine: "Only on someone else's question."},
	{Key: "resource.shared", Title: "You write a resource for the library", Points: 5,
		Fine: "For each resource that names you as an author. Editing earns nothing, a duplicate merged into another stops counting, and a bulk import earns nothing for the person who runs it."},
	{Key: "topic.presented", Title: "A topic you proposed is discussed at a meeting", Points: 5,
		Fine: "Once the meeting is held."},
	{Key: "topic.wanted", Title: "People vote for a topic you proposed", Points: 1, Cap: 5,
		Fine: "One point per vote from someone else, up to five a topic; your own vote does not count."},
	{Key: "meeting.facilitated", Title: "You run a meeting that is held", Points: 5,
		Fine: "For the person who scheduled or prepared it."},
	{Key: "action.done", Title: "You carry an action through to done", Points: 3,
		Fine: "For the owner of a topic that reaches the done stage."},
}

// PointRuleByKey returns the rule with that key.
func PointRuleByKey(key string) (PointRule, bool) {
	i := slices.IndexFunc(PointRules, func(r PointRule) bool { return r.Key == key })
	if i < 0 {
		return PointRule{}, false
	}
	return PointRules[i], true
}

// Rank is a standing earned by points. The names are seed 003's own community's.
type Rank string

const (
	RankNewcomer        Rank = "Newcomer"
	RankContributor     Rank = "Contributor"
	RankRisingStar      Rank = "Rising Star"
	RankCommunityLeader Rank = "Community Leader"
)

// RankThresholds are the points each rank and ladder stage needs; admins tune them.
type RankThresholds struct {
	Contributor     int `json:"contributor"`
	RisingStar      int `json:"rising_star"`
	CommunityLeader int `json:"community_leader"`
	Influencer      int `json:"influencer"` // points earned in one community
	Steward         int `json:"steward"`
}

// DefaultRankThresholds are a new site's: a couple of good answers make a
// Contributor; a Community Leader has helped for months.
func DefaultRankThresholds() RankThresholds {
	return RankThresholds{Contributor: 10, RisingStar: 50, CommunityLeader: 150, Influencer: 25, Steward: 75}
}

// maxThreshold keeps thresholds within what a person could earn in a working life.
const maxThreshold = 1_000_000

// Validate refuses thresholds that make no sense: negative or zero, or out of order.
func (t *RankThresholds) Validate() error {
	p := Problems{}
	ok := func(field string, n int) bool {
		if n < 1 || n > maxThreshold {
			p.Add(field, "must be a whole number of points from 1 to "+strconv.Itoa(maxThreshold)+"; a Newcomer starts at 0")
			return false
		}
		return true
	}
	contributor, rising, leader := ok("contributor", t.Contributor), ok("rising_star", t.RisingStar), ok("community_leader", t.CommunityLeader)
	influencer, steward := ok("influencer", t.Influencer), ok("steward", t.Steward)
	// Order is checked between the thresholds that are numbers at all.
	if contributor && rising && t.RisingStar <= t.Contributor {
		p.Add("rising_star", "must be more than Contributor's "+strconv.Itoa(t.Contributor)+" points: ranks go up in order")
	}
	if rising && leader && t.CommunityLeader <= t.RisingStar {
		p.Add("community_leader", "must be more than Rising Star's "+strconv.Itoa(t.RisingStar)+" points: ranks go up in order")
	}
	if influencer && steward && t.Steward <= t.Influencer {
		p.Add("steward", "must be more than influencer's "+strconv.Itoa(t.Influencer)+" points: the ladder goes up in order")
	}
	return p.Err()
}

// RankStep is one rank and the points it starts at.
type RankStep struct {
	Rank   Rank `json:"rank"`
	Points int  `json:"points"`
}

// Ranks lists the ranks from the lowest, with the points each starts at.
func (t RankThresholds) Ranks() []RankStep {
	return []RankStep{{RankNewcomer, 0}, {RankContributor, t.Contributor}, {RankRisingStar, t.RisingStar}, {RankCommunityLeader, t.CommunityLeader}}
}

// RankFor is the rank that points earn.
func (t RankThresholds) RankFor(points int) Rank {
	rank := RankNewcomer
	for _, s := range t.Ranks() {
		if points >= s.Points {
			rank = s.Rank
		}
	}
	return rank
}

// NextRank is the rank after the one points earn and how many more points it needs;
// "" at the top.
func (t RankThresholds) NextRank(points int) (Rank, int) {
	for _, s := range t.Ranks() {
		if points < s.Points {
			return s.Rank, s.Points - points
		}
	}
	return "", 0
}

// LadderStage is a step of seed 000's ladder in one community.
type LadderStage string

const (
	StageEarlyAdopter LadderStage = "early-adopter"
	StageInfluencer   LadderStage = "influencer"
	StageSteward      LadderStage = "steward"
)

// LadderStages lists the stages from the first.
var LadderStages = []LadderStage{StageEarlyAdopter, StageInfluencer, StageSteward}

// Valid reports whether s is a stage.
func (s LadderStage) Valid() bool { return slices.Contains(LadderStages, s) }

// Above reports whether s is higher on the ladder than o ("" is below every stage).
func (s LadderStage) Above(o LadderStage) bool {
	return slices.Index(LadderStages, s) > slices.Index(LadderStages, o)
}

// Name is the stage in words.
func (s LadderStage) Name() string {
	switch s {
	case StageEarlyAdopter:
		return "Early adopter"
	case StageInfluencer:
		return "Influencer"
	case StageSteward:
		return "Steward"
	}
	return ""
}

// Promotion statuses: the data suggests, a facilitator confirms or declines.
const (
	PromotionSuggested = "suggested"
	PromotionConfirmed = "confirmed"
	PromotionDeclined  = "declined"
)

// Promotion is a step up the ladder in a community.
type Promotion struct {
	Community   string      `json:"community"`
	Handle      string      `json:"handle"`
	Name        string      `json:"name"`
	Stage       LadderStage `json:"stage"`
	Status      string      `json:"status"`
	Evidence    string      `json:"evidence"`
	SuggestedAt time.Time   `json:"suggested_at"`
	DecidedBy   string      `json:"decided_by,omitempty"`
	DecidedAt   *time.Time  `json:"decided_at"`
}

// LadderFacts are what the data knows of a member's part in one community.
type LadderFacts struct {
	Points           int       // earned in the community
	JoinedAt         time.Time // when they joined it
	JoinOrder        int       // 1 for its first member
	Founded          time.Time // when the community was created
	LastContribution time.Time // their latest point-earning act there
}

// Ladder rules: an early adopter joined in the community's first months (or among its
// first few people) and has given something back; a steward keeps giving.
const (
	earlyWindow      = 90 * 24 * time.Hour
	earlyMembers     = 5
	stewardRecentFor = 90 * 24 * time.Hour
)

// SuggestStage is the highest stage the facts support, with the evidence in words,
// or "" when they support none.
func (t RankThresholds) SuggestStage(f LadderFacts, now time.Time) (LadderStage, string) {
	pts := strconv.Itoa(f.Points) + " points earned helping others here"
	switch {
	case f.Points >= t.Steward && now.Sub(f.LastContribution) <= stewardRecentFor:
		return StageSteward, pts + ", and still giving in the last 90 days"
	case f.Points >= t.Influencer:
		return StageInfluencer, pts
	case f.Points > 0 && (f.JoinedAt.Sub(f.Founded) <= earlyWindow || f.JoinOrder > 0 && f.JoinOrder <= earlyMembers):
		return StageEarlyAdopter, "joined early (" + ordinalPerson(f.JoinOrder) + ") and has " + pts
	}
	return "", ""
}

func ordinalPerson(n int) string {
	if n <= 0 {
		return "in its first months"
	}
	suffix := "th"
	switch {
	case n%100 >= 11 && n%100 <= 13:
	case n%10 == 1:
		suffix = "st"
	case n%10 == 2:
		suffix = "nd"
	case n%10 == 3:
		suffix = "rd"
	}
	return "its " + strconv.Itoa(n) + suffix + " member"
}
