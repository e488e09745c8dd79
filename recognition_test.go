package copse

import (
	"strings"
	"testing"
	"time"
)

func TestRankThresholdsValidate(t *testing.T) {
	tests := []struct {
		name   string
		t      RankThresholds
		fields []string
	}{
		{"defaults", DefaultRankThresholds(), nil},
		{"negative", RankThresholds{Contributor: -1, RisingStar: 50, CommunityLeader: 150, Influencer: 25, Steward: 75}, []string{"contributor"}},
		{"zero", RankThresholds{Contributor: 10, RisingStar: 50, CommunityLeader: 0, Influencer: 25, Steward: 75}, []string{"community_leader"}},
		{"ranks out of order", RankThresholds{Contributor: 60, RisingStar: 50, CommunityLeader: 40, Influencer: 25, Steward: 75}, []string{"rising_star", "community_leader"}},
		{"equal ranks", RankThresholds{Contributor: 50, RisingStar: 50, CommunityLeader: 150, Influencer: 25, Steward: 75}, []string{"rising_star"}},
		{"ladder out of order", RankThresholds{Contributor: 10, RisingStar: 50, CommunityLeader: 150, Influencer: 80, Steward: 75}, []string{"steward"}},
		{"absurd", RankThresholds{Contributor: 10, RisingStar: 50, CommunityLeader: 2_000_000, Influencer: 25, Steward: 75}, []string{"community_leader"}},
	}
	for _, tt := range tests {
		err := tt.t.Validate()
		got := ErrorFields(err)
		if len(got) != len(tt.fields) {
			t.Errorf("%s: %v, want problems with %v", tt.name, err, tt.fields)
		}
		for _, f := range tt.fields {
			if got[f] == "" {
				t.Errorf("%s: no message for %s: %v", tt.name, f, err)
			}
		}
	}
}

func TestRanks(t *testing.T) {
	th := DefaultRankThresholds()
	for _, tt := range []struct {
		points int
		rank   Rank
		next   Rank
		needs  int
	}{
		{0, RankNewcomer, RankContributor, 10}, {9, RankNewcomer, RankContributor, 1}, {10, RankContributor, RankRisingStar, 40},
		{50, RankRisingStar, RankCommunityLeader, 100}, {149, RankRisingStar, RankCommunityLeader, 1}, {150, RankCommunityLeader, "", 0},
	} {
		next, needs := th.NextRank(tt.points)
		if got := th.RankFor(tt.points); got != tt.rank || next != tt.next || needs != tt.needs {
			t.Errorf("%d points: %s, next %s in %d; want %s, %s in %d", tt.points, got, next, needs, tt.rank, tt.next, tt.needs)
		}
	}
}

func TestPointRulesArePublished(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range PointRules {
		if r.Key == "" || r.Title == "" || r.Points <= 0 || r.Fine == "" || seen[r.Key] {
			t.Errorf("rule %+v is not fit to publish", r)
		}
		seen[r.Key] = true
	}
	for _, key := range []string{"answer.accepted", "answer.given", "resource.shared", "topic.presented", "meeting.facilitated"} {
		if _, ok := PointRuleByKey(key); !ok {
			t.Errorf("no rule %s: the contributions count it", key)
		}
	}
	for _, self := range []string{"your own question", "your own vote", "bulk import"} {
		found := false
		for _, r := range PointRules {
			found = found || strings.Contains(r.Fine, self)
		}
		if !found {
			t.Errorf("no rule says that %q earns nothing", self)
		}
	}
}

func TestSuggestStage(t *testing.T) {
	now := time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)
	founded := now.AddDate(-1, 0, 0)
	th := DefaultRankThresholds()
	tests := []struct {
		name  string
		f     LadderFacts
		stage LadderStage
	}{
		{"joined early, gave back", LadderFacts{Points: 5, JoinedAt: founded.AddDate(0, 0, 20), JoinOrder: 9, Founded: founded}, StageEarlyAdopter},
		{"among the first five", LadderFacts{Points: 1, JoinedAt: founded.AddDate(0, 6, 0), JoinOrder: 3, Founded: founded}, StageEarlyAdopter},
		{"joined early, gave nothing", LadderFacts{JoinedAt: founded, JoinOrder: 1, Founded: founded}, ""},
		{"joined late", LadderFacts{Points: 10, JoinedAt: founded.AddDate(0, 6, 0), JoinOrder: 12, Founded: founded}, ""},
		{"an influencer", LadderFacts{Points: 30, JoinedAt: founded.AddDate(0, 6, 0), JoinOrder: 12, Founded: founded}, StageInfluencer},
		{"a steward", LadderFacts{Points: 80, LastContribution: now.AddDate(0, 0, -10), Founded: founded}, StageSteward},
		{"a steward no more", LadderFacts{Points: 80, LastContribution: now.AddDate(0, -6, 0), Founded: founded}, StageInfluencer},
	}
	for _, tt := range tests {
		stage, why := th.SuggestStage(tt.f, now)
		if stage != tt.stage || stage != "" && why == "" {
			t.Errorf("%s: %q (%s), want %q", tt.name, stage, why, tt.stage)
		}
	}
	if !StageSteward.Above(StageInfluencer) || StageEarlyAdopter.Above(StageInfluencer) || !StageEarlyAdopter.Above("") {
		t.Error("the ladder's order is wrong")
	}
}
