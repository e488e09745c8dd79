package web_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/browsertest"
	"github.com/copse-dev/copse/internal/store"
	"github.com/copse-dev/copse/internal/store/storetest"
)

// TestHelpInBrowser drives community help in Chromium, every page checked with
// axe-core: someone suspects an outage, sees the open incident on the ask page
// before anything else and reports it only once they confirm; then asks a how-to
// question, sees a similar one appear as the title is typed, gets an answer from a
// member, accepts it, and the community's time to first answer shows it.
// Screenshots at desktop and phone widths go to $COPSE_SCREENSHOTS (else a
// temporary folder).
func TestHelpInBrowser(t *testing.T) {
	b := browsertest.Start(t)
	db, clock := storetest.SQLite(t)
	ctx := context.Background()
	for _, p := range [][2]string{{"fay", "Fay Osei"}, {"ana", "Ana Lima"}, {"mo", "Mo Chen"}, {"pat", "Pat Rao"}} {
		withPassword(t, db, p[0], p[1])
	}
	as := func(handle string) context.Context {
		u, err := db.FindUser(ctx, handle)
		if err != nil {
			t.Fatal(err)
		}
		return copse.WithUser(ctx, u)
	}
	if _, err := db.CreateCommunity(as("fay"), copse.NewCommunity{Name: "Infrastructure as Code", Slug: "iac", Subject: "Terraform and GitOps"}); err != nil {
		t.Fatal(err)
	}
	for _, h := range []string{"ana", "mo"} {
		if _, _, err := db.Join(as(h), "iac", copse.RoleMember); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.SetPersonFlag(as("fay"), "pat", store.FlagPlatformStaff, true); copse.ErrorCode(err) != copse.EFORBIDDEN {
		t.Fatalf("a facilitator made someone platform staff: %v", err)
	}
	root, _ := storetest.User(t, db, "root", true)
	if err := db.SetPersonFlag(copse.WithUser(ctx, root), "pat", store.FlagPlatformStaff, true); err != nil {
		t.Fatal(err)
	}
	svc, err := db.CreateService(as("pat"), copse.NewService{Name: "Image registry", Description: "Where images are pulled from"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.OpenIncident(as("pat"), copse.NewIncident{Title: "Image pulls failing", Body: "Pulls from the registry time out; we are looking.",
		Impact: copse.StatePartialOutage, Services: []int64{svc.ID}}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.AskQuestion(as("mo"), copse.NewQuestion{Title: "Pinning a provider version in CI", Body: "Our pipeline upgrades it.",
		Urgency: copse.UrgencyHowTo, Community: "iac", Tags: []string{"terraform"}}); err != nil {
		t.Fatal(err)
	}
	srv := startServer(t, db)
	dir := os.Getenv("COPSE_SCREENSHOTS")
	if dir == "" {
		dir = t.TempDir()
	}
	shoot := func(p *browsertest.Page, name string) {
		t.Helper()
		for _, v := range []struct {
			suffix        string
			width, height int
		}{{"desktop", 1280, 900}, {"mobile", 390, 844}} {
			p.SetViewport(v.width, v.height)
			var overflow []string
			p.Eval(overflowJS, &overflow)
			if len(overflow) > 0 {
				t.Errorf("%s at %dpx: wider than the screen: %v", name, v.width, overflow)
			}
			p.Eval(`document.documentElement.style.scrollbarWidth = "none"`, nil)
			p.Screenshot(filepath.Join(dir, "help-"+name+"-"+v.suffix+".png"))
		}
		p.SetViewport(1280, 900)
	}

	ana := b.NewPage(t)
	signIn(t, ana, srv.URL, "ana")
	ana.Submit(`.site-nav a[href="/questions"]`)
	ana.Submit(`.page-head a[href="/ask"]`)
	ana.Click("#urgency-2") // "I think the platform itself is down"
	ana.Submit(`form[action="/ask"] button[type=submit]`)
	if got := ana.Text(".status-check"); !strings.Contains(got, "Image pulls failing") || !strings.Contains(got, "Partial outage") {
		t.Fatalf("the outage path does not show the open incident first: %q", got)
	}
	shoot(ana, "ask-outage")
	ana.Fill("#title", "Nothing deploys to the cluster")
	ana.Fill("#body", "Since 09:00 every deploy hangs at pulling the image.")
	ana.Submit(`button[value=ask]`)
	if ana.Status() != 422 || !strings.Contains(ana.Text(".error-summary"), "Confirmation is needed") {
		t.Fatalf("reported without confirming: %d %q", ana.Status(), ana.Text("main"))
	}
	ana.Click("#confirm")
	ana.Submit(`button[value=ask]`)
	if !strings.Contains(ana.Text(".notice"), "with the platform team") || ana.Text("h1") != "Nothing deploys to the cluster" {
		t.Fatalf("after reporting: %q", ana.Text("main"))
	}

	ana.Visit(srv.URL + "/communities/iac/help")
	if got := ana.Text(".ttfa"); got != "–" {
		t.Errorf("before any answer, the time to first answer reads %q", got)
	}
	ana.Visit(srv.URL + "/communities/iac")
	ana.Submit(`a[href="/ask?community=iac"]`)
	ana.Click("#urgency") // "I have a question or a problem that is not urgent"
	ana.Submit(`form[action="/ask"] button[type=submit]`)
	ana.Fill("#title", "How do I pin a provider version?")
	waitFor(t, ana, `Array.from(document.querySelectorAll("#similar .similar-list a")).some(a => a.textContent === "Pinning a provider version in CI")`,
		"the similar question appearing as the title is typed")
	shoot(ana, "ask-how-to")
	ana.Fill("#body", "Terraform keeps upgrading the AWS provider.")
	ana.Fill("#tags", "terraform")
	ana.Submit(`button[value=ask]`)
	if !strings.Contains(ana.Text(".notice"), "community’s questions and answers") {
		t.Fatalf("after asking: %q", ana.Text("main"))
	}
	question := ana.URL()
	question = question[:strings.Index(question, "?")]

	clock.Advance(25 * time.Minute)
	mo := b.NewPage(t)
	signIn(t, mo, srv.URL, "mo")
	mo.Visit(srv.URL + "/questions/unanswered?community=iac")
	mo.Submit(`.question-item-title a[href="` + strings.TrimPrefix(question, srv.URL) + `"]`)
	mo.Fill("#body", "Pin it with `required_providers` and a `~>` constraint, and commit `.terraform.lock.hcl`.")
	mo.Submit(`.answer-form button[type=submit]`)
	if !strings.Contains(mo.Text(".notice"), "Your answer is posted") {
		t.Fatalf("after answering: %q", mo.Text("main"))
	}

	ana.Visit(question)
	ana.Submit(`.answer form[action$="/accept"] button`)
	if !strings.Contains(ana.Text(".answer-accepted"), "Accepted answer") || !strings.Contains(ana.Text(".question-meta"), "First answered after 25 min by the community") {
		t.Errorf("after accepting: %q", ana.Text("main"))
	}
	shoot(ana, "question")
	ana.Visit(srv.URL + "/communities/iac/help")
	if got := ana.Text(".ttfa"); got != "25 min" {
		t.Errorf("the community's median time to first answer reads %q, want 25 min", got)
	}
	if got := ana.Text(".help-stats div:nth-child(3) dd"); got != "100 %" {
		t.Errorf("the community's share reads %q", got)
	}
	shoot(ana, "metrics")
	ana.Visit(srv.URL + "/status")
	shoot(ana, "status")
	t.Logf("screenshots in %s", dir)
}
