package web_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/browsertest"
	"github.com/copse-dev/copse/internal/store/storetest"
)

// TestOnboardingAndHealthInBrowser: a newcomer finds the welcome journey from the
// People link of the main navigation, ticks a step off, follows a step's link to join
// a community (which ticks its own step), and then reads that community's health
// page, which says it is short of members and what to do about it. Every page the
// browser visits is axe-checked.
func TestOnboardingAndHealthInBrowser(t *testing.T) {
	b := browsertest.Start(t)
	db, _ := storetest.SQLite(t)
	ctx := context.Background()
	withPassword(t, db, "fay", "Fay Facilitator")
	withPassword(t, db, "nia", "Nia Newcomer")
	fay, err := db.FindUser(ctx, "fay")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.CreateCommunity(copse.WithUser(ctx, fay), copse.NewCommunity{Name: "Infrastructure as Code", Slug: "iac",
		Subject: "Terraform, modules and state", Cadence: &copse.Cadence{RRule: "FREQ=MONTHLY;BYDAY=2TU;BYHOUR=16;BYMINUTE=0", Timezone: "Europe/London", DurationMinutes: 60}}); err != nil {
		t.Fatal(err)
	}
	welcome, err := db.FindJourney(ctx, "welcome")
	if err != nil {
		t.Fatal(err)
	}
	step := map[string]int64{}
	for _, s := range welcome.Steps {
		step[s.Title] = s.ID
	}
	srv := startServer(t, db)
	p := b.NewPage(t)
	signIn(t, p, srv.URL, "nia")

	p.Submit(`.site-nav a[href="/people"]`)
	p.Submit(`main a[href="/journeys/welcome"]`)
	progress := func(want string) {
		t.Helper()
		if got := p.Text("#journey-progress"); got != want {
			t.Fatalf("the journey says %q, want %q", got, want)
		}
	}
	progress("You have done 1 of 6 steps.") // "Get an account" ticks itself
	p.Submit(fmt.Sprintf("#step-%d button[type=submit]", step["Join the chat"]))
	progress("You have done 2 of 6 steps.")
	if !p.Exists(fmt.Sprintf("#step-%d.journey-step-done", step["Join the chat"])) {
		t.Error("the step ticked off is not shown as done")
	}

	p.Submit(fmt.Sprintf("#step-%d .step-link a", step["Meet the community"]))
	if !strings.HasSuffix(p.URL(), "/communities") {
		t.Fatalf("the step's link went to %s", p.URL())
	}
	p.Submit(`main a[href="/communities/iac"]`)
	p.Submit(`form[action="/communities/iac/join"] button[type=submit]`)
	p.Visit(srv.URL + "/journeys/welcome")
	progress("You have done 3 of 6 steps.") // joining ticked "Meet the community"

	p.Visit(srv.URL + "/communities/iac")
	p.Submit(`main a[href="/communities/iac/health"]`)
	if got := p.Text("h1"); got != "How Infrastructure as Code is doing" {
		t.Fatalf("the health page's heading is %q", got)
	}
	main := p.Text("main")
	for _, want := range []string{"Needs attention", "too few members", "2 people take part", "What to do next", "Invite 1 more person"} {
		if !strings.Contains(main, want) {
			t.Errorf("the health page does not say %q:\n%s", want, main)
		}
	}
}
