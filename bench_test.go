package copse

import (
	"fmt"
	"testing"
	"time"
)

// The lifecycle and health computations run for every community on the site health
// page and in the sweep; these benchmarks size them on a busy community.

func BenchmarkNextStatus(b *testing.B) {
	h := Headcount{Facilitators: 2, Core: 5, Members: 180, Contributors: 12}
	for b.Loop() {
		for _, s := range []Status{StatusSuggested, StatusForming, StatusActive, StatusDormant} {
			NextStatus(s, h, 3, true)
		}
	}
}

// busy is thriving() at a ministry's scale: a year of meetings, 2,000 things done
// in 90 days, 400 tagged resources and questions, and 150 contributors.
func busy() HealthFacts {
	f := thriving()
	f.Activity = f.Activity[:0]
	for i := range 2000 {
		f.Activity = append(f.Activity, hnow.Add(-time.Duration(i)*65*time.Minute))
	}
	f.TagSets = nil
	for i := range 400 {
		f.TagSets = append(f.TagSets, []string{fmt.Sprintf("tag%d", i%40), fmt.Sprintf("tag%d", i%7)})
	}
	f.Contributors = nil
	for i := range 150 {
		f.Contributors = append(f.Contributors, Contributor{Handle: fmt.Sprintf("p%d", i), Name: "P", Count: 150 - i, Meetings: i % 3})
	}
	for i := range 300 {
		f.FirstAnswers = append(f.FirstAnswers, time.Duration(i)*time.Hour/3)
	}
	return f
}

func BenchmarkAssess(b *testing.B) {
	f := busy()
	b.ReportAllocs()
	for b.Loop() {
		Assess(f, hnow)
	}
}
