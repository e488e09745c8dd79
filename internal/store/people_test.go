package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/store"
	"github.com/copse-dev/copse/internal/store/storetest"
)

// TestProfile: a person's profile shows what they do; a badgeless person's
// organisation and employment stay off it for others but not for themselves; what
// they give a community they declare, as members only.
func TestProfile(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB, clock *storetest.Clock) {
		h := newHistory(t, db, clock)
		h.community(h.days(30), "iac", true, "fay", "mel")
		org, hide, emp := "DVSA", false, copse.EmploymentContractor
		tags := []string{"Terraform", "terraform", "CI/CD"}
		p, err := db.UpdatePerson(h.as("mel"), copse.PersonUpdate{Organisation: &org, ShowOrganisation: &hide, Employment: &emp, Expertise: &tags})
		if err != nil || strings.Join(p.Expertise, ",") != "terraform,ci/cd" || p.Organisation != "DVSA" || !p.Badgeless {
			t.Fatalf("own profile after update: %v %+v", err, p)
		}
		for _, ctx := range []context.Context{context.Background(), h.as("fay")} {
			p, err := db.FindPerson(ctx, "@MEL")
			if err != nil || p.Organisation != "" || p.Employment != "" || !p.Badgeless || p.Communities[0].CommitmentHours != nil {
				t.Errorf("a badgeless profile shows too much to others: %v %+v", err, p)
			}
		}
		bad := copse.Employment("pirate")
		if _, err := db.UpdatePerson(h.as("mel"), copse.PersonUpdate{Employment: &bad, Expertise: &[]string{"!!"}}); len(copse.ErrorFields(err)) != 2 {
			t.Errorf("bad profile: %v", err)
		}
		if _, err := db.UpdatePerson(context.Background(), copse.PersonUpdate{Organisation: &org}); copse.ErrorCode(err) != copse.EUNAUTHORIZED {
			t.Errorf("anonymous update: %v", err)
		}

		four, lots := 4, 500
		for _, tt := range []struct {
			ctx   context.Context
			slug  string
			hours *int
			code  string
		}{
			{context.Background(), "iac", &four, copse.EUNAUTHORIZED},
			{h.as("otto"), "iac", &four, copse.EFORBIDDEN},
			{h.as("mel"), "iac", &lots, copse.EINVALID},
			{h.as("mel"), "nowhere", &four, copse.ENOTFOUND},
			{h.as("mel"), "iac", &four, ""},
		} {
			if err := db.SetCommitment(tt.ctx, tt.slug, tt.hours); copse.ErrorCode(err) != tt.code {
				t.Errorf("commitment: %v, want %q", err, tt.code)
			}
		}
		if p, _ := db.FindPerson(h.as("mel"), "mel"); p.Communities[0].CommitmentHours == nil || *p.Communities[0].CommitmentHours != 4 {
			t.Errorf("mel's declared hours: %+v", p.Communities)
		}
		if _, err := db.FindPerson(context.Background(), "nobody"); copse.ErrorCode(err) != copse.ENOTFOUND {
			t.Errorf("unknown person: %v", err)
		}
	})
}

// TestExpertFinder: "who knows about terraform?" is answered by what people did on
// it, not by what they claim, and only from what the asker may read.
func TestExpertFinder(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB, clock *storetest.Clock) {
		h := newHistory(t, db, clock)
		h.community(h.days(60), "terraform", true, "fay", "mel", "ned")
		tp := h.topic(h.days(50), "terraform", "ned", "Modules")
		h.meeting(h.days(40), "terraform", "fay", tp.ID)
		h.resource(h.days(30), "terraform", "mel", "Remote state", "terraform")
		h.resource(h.days(20), "terraform", "mel", "Workspaces", "terraform")
		h.at(h.days(25), func() { // a secret community's work counts only for those who may read it
			if _, err := db.CreateCommunity(h.as("sid"), copse.NewCommunity{Name: "Hidden", Slug: "hidden", Subject: "Hidden things",
				Visibility: copse.VisibilityMembers, Tags: []string{"terraform"}}); err != nil {
				t.Fatal(err)
			}
		})
		for i := range 3 {
			h.resource(h.days(10+i), "hidden", "sid", "Secret "+string(rune('A'+i)), "terraform")
		}
		claim := []string{"terraform"}
		if _, err := db.UpdatePerson(h.as("bob"), copse.PersonUpdate{Expertise: &claim}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.UpdatePerson(h.as("ned"), copse.PersonUpdate{Expertise: &claim}); err != nil {
			t.Fatal(err)
		}
		ranking := func(ctx context.Context) string {
			page, err := db.Experts(ctx, copse.ExpertFilter{Subject: " Terraform "})
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, e := range page.Items {
				s := e.Handle + ":" + string(rune('0'+e.Score/10)) + string(rune('0'+e.Score%10))
				if e.Claims {
					s += "*"
				}
				out = append(out, s)
			}
			return strings.Join(out, " ")
		}
		if got := ranking(context.Background()); got != "mel:08 ned:03* fay:02" {
			t.Errorf("anonymous: %s", got)
		}
		if got := ranking(h.as("sid")); got != "sid:12 mel:08 ned:03* fay:02" {
			t.Errorf("for sid, who may read the hidden community: %s", got)
		}
		claims, _ := db.ClaimedBy(context.Background(), "terraform", []string{"ned"}, 10)
		if len(claims) != 1 || claims[0].Handle != "bob" {
			t.Errorf("claims without deeds: %+v", claims)
		}
		page, err := db.Experts(context.Background(), copse.ExpertFilter{Subject: "terraform", Limit: 1})
		if err != nil || len(page.Items) != 1 || page.Next == "" {
			t.Fatalf("first page: %v %+v", err, page)
		}
		next, err := db.Experts(context.Background(), copse.ExpertFilter{Subject: "terraform", Limit: 5, Cursor: page.Next})
		if err != nil || len(next.Items) != 2 || next.Items[0].Handle != "ned" {
			t.Errorf("second page: %v %+v", err, next)
		}
		if _, err := db.Experts(context.Background(), copse.ExpertFilter{}); copse.ErrorFields(err)["subject"] == "" {
			t.Errorf("no subject: %v", err)
		}
	})
}

// TestJourneys: the default journeys follow seed 001; each person ticks steps off,
// some tick themselves; admins edit a journey and the progress on kept steps stays.
func TestJourneys(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB, clock *storetest.Clock) {
		h := newHistory(t, db, clock)
		js, err := db.ListJourneys(context.Background())
		if err != nil || len(js) != 3 || js[0].Slug != "welcome" || js[0].Audience != copse.AudiencePerson {
			t.Fatalf("default journeys: %v %+v", err, js)
		}
		var titles []string
		for _, s := range js[0].Steps {
			titles = append(titles, s.Title)
		}
		if got := strings.Join(titles, " / "); !strings.HasPrefix(got, "Get an account / Join the chat / Find your help channels / Meet the community / Read the shared docs") {
			t.Errorf("the welcome journey: %s", got)
		}
		if help := js[0].Steps[2]; help.Link != "/questions" { // seed 001: the community's help channels
			t.Errorf("%q links to %q, want the help page", help.Title, help.Link)
		}
		mel := h.as("mel")
		j, _ := db.FindJourney(mel, "welcome")
		if j.Done != 1 || !j.Steps[0].Done { // having an account ticks the first step
			t.Errorf("a new person's progress: %d, %+v", j.Done, j.Steps[0])
		}
		chat := j.Steps[1].ID
		if j, err = db.MarkStep(mel, "welcome", chat, true); err != nil || j.Done != 2 || j.Steps[1].DoneAt == nil {
			t.Fatalf("tick: %v %+v", err, j)
		}
		if _, err := db.MarkStep(context.Background(), "welcome", chat, true); copse.ErrorCode(err) != copse.EUNAUTHORIZED {
			t.Errorf("anonymous tick: %v", err)
		}
		if _, err := db.MarkStep(mel, "welcome", 99999, true); copse.ErrorCode(err) != copse.ENOTFOUND {
			t.Errorf("a step of no journey: %v", err)
		}
		h.community(h.days(1), "iac", false, "fay", "mel") // joining ticks "Meet the community"
		if j, _ = db.FindJourney(mel, "welcome"); j.Done != 3 {
			t.Errorf("after joining: %d done", j.Done)
		}

		in := copse.JourneyInput{Title: "Welcome aboard", Slug: "welcome", Audience: copse.AudiencePerson, Steps: []copse.StepInput{
			{ID: chat, Title: "Join the chat", Link: "https://chat.example.org"},
			{Title: "Read the library", Link: "/library"},
		}}
		if _, err := db.SaveJourney(mel, "welcome", in); copse.ErrorCode(err) != copse.EFORBIDDEN {
			t.Errorf("a member edited a journey: %v", err)
		}
		bad := copse.JourneyInput{Title: "x", Audience: "robots", Steps: []copse.StepInput{{Title: "", Link: "javascript:alert(1)"}, {ID: 424242, Title: "Ghost"}}}
		_, err = db.SaveJourney(h.as("root"), "welcome", bad)
		if f := copse.ErrorFields(err); f["title"] == "" || f["audience"] == "" || f["steps[0].title"] == "" || f["steps[0].link"] == "" {
			t.Errorf("a bad journey: %v", err)
		}
		bad = copse.JourneyInput{Title: "Welcome", Steps: []copse.StepInput{{ID: 424242, Title: "Ghost"}}}
		if _, err = db.SaveJourney(h.as("root"), "welcome", bad); copse.ErrorFields(err)["steps[0].id"] == "" {
			t.Errorf("another journey's step: %v", err)
		}
		if _, err := db.SaveJourney(h.as("root"), "welcome", in); err != nil {
			t.Fatal(err)
		}
		j, _ = db.FindJourney(mel, "welcome")
		if j.Title != "Welcome aboard" || len(j.Steps) != 2 || !j.Steps[0].Done || j.Steps[1].Done {
			t.Errorf("after the edit, mel's progress: %+v", j)
		}
		if _, err := db.SaveJourney(h.as("root"), "", copse.JourneyInput{Title: "Welcome", Slug: "welcome", Steps: in.Steps[1:]}); copse.ErrorCode(err) != copse.ECONFLICT {
			t.Errorf("a taken slug: %v", err)
		}
	})
}
