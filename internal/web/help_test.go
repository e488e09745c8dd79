package web_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/store"
	"github.com/copse-dev/copse/internal/store/storetest"
)

// helpSite is newSite with a platform team member, pat, and a service on the
// status page with an open incident.
type helpSite struct {
	*site
	pat *client
}

func newHelpSite(t *testing.T, db *store.DB) *helpSite {
	t.Helper()
	h := &helpSite{site: newSite(t, db)}
	h.pat = h.app.as("pat", false)
	if err := db.SetPersonFlag(h.root.ctx(), "pat", store.FlagPlatformStaff, true); err != nil {
		t.Fatal(err)
	}
	svc, err := db.CreateService(h.pat.ctx(), copse.NewService{Name: "OpenShift", Description: "The application platform"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.OpenIncident(h.pat.ctx(), copse.NewIncident{Title: "Image pulls failing", Body: "Pulls from the **registry** time out.",
		Impact: copse.StatePartialOutage, Services: []int64{svc.ID}}); err != nil {
		t.Fatal(err)
	}
	return h
}

// TestAskFlow: the ask page starts with what is happening; an outage shows the
// status page first and is refused until the asker confirms; sos says where it
// goes; the similar questions are found without JavaScript.
func TestAskFlow(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB, _ *storetest.Clock) {
		h := newHelpSite(t, db)
		h.anon.get("/ask").expect(t, 200, "What is happening?", `name="urgency"`, "I think the platform itself is down")
		h.bob.get("/ask?urgency=panic").expect(t, 422, "There is a problem", "What is happening")
		h.anon.get("/ask?urgency=outage").expect(t, 200, "First: is it on the status page?", "Image pulls failing", "Partial outage",
			"#devops-alerts", "Sign in to ask")
		h.bob.get("/ask?urgency=sos").expect(t, 200, "marked <strong>urgent</strong>", "#devops-sos", "30 minutes", "Raise it as urgent")
		h.bob.get("/ask?urgency=how-to&community=iac").expect(t, 200, "#devops-how-to", `<option value="iac" selected>`, "Check for similar questions")

		outage := form("urgency", "outage", "title", "Nothing deploys to the cluster", "body", "Since 10:00 every deploy hangs.", "visibility", "public", "action", "ask")
		h.bob.post("/ask", outage).expect(t, 422, "Confirmation is needed", "Image pulls failing")
		outage.Set("confirm", "yes")
		r := h.bob.post("/ask", outage)
		if r.Status != http.StatusSeeOther || !strings.Contains(r.location(), "notice=outage") {
			t.Fatalf("outage report: %d %s", r.Status, r.location())
		}
		h.bob.get(r.location()).expect(t, 200, "Nothing deploys to the cluster", "Suspected outage", "Urgent", "with the platform team")

		howto := form("urgency", "how-to", "title", "How do I pin a Terraform provider?", "body", "It keeps upgrading.", "community", "iac",
			"tags", "terraform", "visibility", "public", "action", "ask")
		r = h.ada.post("/ask", howto)
		id := strings.TrimPrefix(strings.Split(r.location(), "?")[0], "/questions/")
		h.cyd.post("/ask", form("urgency", "how-to", "title", "Pinning terraform provider versions", "action", "similar")).
			expect(t, 200, "Asked or answered before?", "How do I pin a Terraform provider?")
		h.cyd.post("/ask", form("urgency", "how-to", "title", "Zebra stripes in kubernetes", "action", "similar")).expect(t, 200, "Nothing like it yet")
		h.cyd.post("/ask", form("urgency", "how-to", "title", "Help", "body", "", "visibility", "public", "action", "ask")).
			expect(t, 422, "Title must be at least 10 characters", "Details is required")
		h.anon.post("/ask", howto).expect(t, 401, "Sign in to ask")
		if _, err := strconv.Atoi(id); err != nil {
			t.Fatalf("asked: %q", r.location())
		}
	})
}

// TestQuestionPage: answer, vote, accept, edit with history, mark a duplicate, by
// role; and the lists and the community's metrics follow.
func TestQuestionPage(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB, clock *storetest.Clock) {
		h := newHelpSite(t, db)
		q, err := db.AskQuestion(h.bob.ctx(), copse.NewQuestion{Title: "How do I share Terraform state?", Body: "Between **two** teams.",
			Urgency: copse.UrgencyHowTo, Community: "iac", Tags: []string{"terraform"}})
		if err != nil {
			t.Fatal(err)
		}
		path := "/questions/" + strconv.FormatInt(q.ID, 10)
		h.anon.get("/questions/unanswered").expect(t, 200, "How do I share Terraform state?", "Open, no answer yet")
		h.anon.get(path).expect(t, 200, "<strong>two</strong>", "No answer yet", "Sign in to answer").lacks(t, "Accept this answer")
		h.cyd.post(path+"/answers", form("body", "")).expect(t, 422, "Your answer is required")
		clock.Advance(12 * 60e9)
		r := h.cyd.post(path+"/answers", form("body", "Use a remote backend."))
		if r.Status != http.StatusSeeOther || !strings.Contains(r.location(), "notice=answered") {
			t.Fatalf("answer: %d %s", r.Status, r.location())
		}
		h.anon.get("/questions/unanswered").expect(t, 200, "Every question has an answer")
		page := h.bob.get(path).expect(t, 200, "Use a remote backend.", "Accept this answer", "First answered after 12 min by the community")
		aid := between(page.Body, `action="`+path+`/answers/`, `/vote"`)
		h.ada.post(path+"/answers/"+aid+"/vote", form("value", "1")).redirects(t, path+"?notice=voted#answer-"+aid)
		h.cyd.post(path+"/answers/"+aid+"/vote", form("value", "1")).expect(t, 403, "your own answer")
		h.cyd.post(path+"/accept", form("answer_id", aid)).expect(t, 403) // an answerer who is not a moderator
		h.bob.post(path+"/accept", form("answer_id", aid)).redirects(t, path+"?notice=accepted#answer-"+aid)
		h.anon.get(path).expect(t, 200, "Accepted answer", `<span class="votes-n">1</span>`, "Answered")

		h.cyd.get(path+"/edit").expect(t, 403)
		h.bob.post(path+"/edit", form("title", "Short", "body", "x", "urgency", "how-to")).expect(t, 422, "Title must be at least 10 characters")
		h.bob.post(path+"/edit", form("title", "How do I share Terraform state between teams?", "body", "Between two teams.", "tags", "terraform, state", "urgency", "how-to")).
			redirects(t, path+"?notice=updated")
		h.anon.get(path+"/history").expect(t, 200, "A version of the question", "How do I share Terraform state?", "@bob")

		other, _ := db.AskQuestion(h.root.ctx(), copse.NewQuestion{Title: "Sharing state across teams?", Body: "Same?", Urgency: copse.UrgencyHowTo, Community: "iac"})
		opath := "/questions/" + strconv.FormatInt(other.ID, 10)
		h.ada.post(opath+"/duplicate", form("duplicate_of", "nope")).expect(t, 422, "The question it repeats")
		h.ada.post(opath+"/duplicate", form("duplicate_of", "https://copse.example"+path)).redirects(t, opath+"?notice=duplicate")
		h.anon.get(opath).expect(t, 200, "Asked before.", "How do I share Terraform state between teams?")
		h.bob.post(opath+"/answers", form("body", "An answer")).expect(t, 409)

		h.anon.get("/questions?community=iac&tag=state").expect(t, 200, "Tagged “state”", "between teams")
		h.bob.get("/questions/mine").expect(t, 200, "How do I share Terraform state between teams?")
		h.anon.get("/questions/mine").redirects(t, "/signin?next=%2Fquestions%2Fmine")
		h.anon.get("/communities/iac").expect(t, 200, "Questions", "How do I share Terraform state between teams?", "Ask Infrastructure as Code")
		h.anon.get("/communities/iac/help").expect(t, 200, "How Infrastructure as Code helps", `<dd class="ttfa">12 min</dd>`, "100 %")
		h.bob.get("/help/metrics").expect(t, 403)
		h.bob.get("/questions").expect(t, 200).lacks(t, `href="/help/metrics"`)
		h.pat.get("/questions").expect(t, 200, `href="/help/metrics"`) // platform staff find the site's metrics
		h.pat.get("/help/metrics").expect(t, 200, "Help across the site", "Community by community, the last 30 days", `<a href="/communities/iac/help">Infrastructure as Code</a>`)
	})
}

func between(s, start, end string) string {
	_, after, ok := strings.Cut(s, start)
	if !ok {
		return ""
	}
	v, _, _ := strings.Cut(after, end)
	return v
}

// TestStatusPages: the public page shows the states, the incident and its
// history; only the platform team and admins write to it.
func TestStatusPages(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB, _ *storetest.Clock) {
		h := newHelpSite(t, db)
		h.anon.get("/status").expect(t, 200, "Partial outage", "Image pulls failing", "<strong>registry</strong>", "OpenShift",
			"1 day with an incident or maintenance in 90", `href="/status/feed.atom"`).lacks(t, "Post an update")
		h.pat.get("/status").expect(t, 200, "Post an update")
		h.bob.get("/admin/status").expect(t, 403)
		h.anon.get("/admin/status").redirects(t, "/signin?next=%2Fadmin%2Fstatus")
		h.pat.get("/admin/status").expect(t, 200, "Open incidents", "Where it is now", "Add a service")
		h.pat.post("/admin/status/incidents/1/updates", form("update-1-status", "resolved", "update-1-body", "")).expect(t, 422, "Update is required")
		h.pat.post("/admin/status/incidents/1/updates", form("update-1-status", "resolved", "update-1-impact", "partial_outage", "update-1-body", "Fixed.")).
			redirects(t, "/admin/status?notice=resolved")
		h.pat.post("/admin/status/services", form("service-name", "OpenShift")).expect(t, 422, "is taken")
		h.root.post("/admin/status/services", form("service-name", "Rocket.Chat")).redirects(t, "/admin/status?notice=service")
		h.pat.post("/admin/status/maintenance", form("maintenance-title", "Cluster upgrade", "maintenance-date", "2026-03-10",
			"maintenance-time", "tomorrow", "maintenance-duration", "60", "maintenance-timezone", "UTC", "maintenance-services", "1")).
			expect(t, 422, "Start time must be a time of day")
		h.pat.post("/admin/status/maintenance", form("maintenance-title", "Cluster upgrade", "maintenance-date", "2026-03-10",
			"maintenance-time", "22:00", "maintenance-duration", "180", "maintenance-timezone", "UTC", "maintenance-services", "1")).
			redirects(t, "/admin/status?notice=maintenance")
		h.anon.get("/status").expect(t, 200, "All services are operational", "Cluster upgrade", "Tuesday 10 March 2026, 22:00 UTC", "Past incidents")
		h.anon.get("/status/incidents/1").expect(t, 200, "Resolved", "Fixed.", "@pat")
		feed := h.anon.get("/status/feed.atom").expect(t, 200, "Image pulls failing", "Maintenance: Cluster upgrade", "incident.resolved")
		if ct := feed.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/atom+xml") {
			t.Errorf("feed content type %q", ct)
		}
		h.bob.post("/admin/status/maintenance/1/cancel", form()).expect(t, 403)
		h.root.get("/admin").expect(t, 200, `href="/admin/help"`, `href="/admin/status"`, `href="/help/metrics"`) // found from the admin page
		h.root.get("/admin/help").expect(t, 200, "Where help goes", "#devops-sos")
		h.bob.get("/admin/help").expect(t, 403)
		h.root.post("/admin/help", form("routes.how-to.to", "community", "routes.sos.to", "pager", "escalate_after_minutes", "2")).
			expect(t, 422, "SOS: goes to", "Minutes before an sos escalates")
	})
}

// TestHelpPagesAreCleanHTML lints every help and status page, as each viewer.
func TestHelpPagesAreCleanHTML(t *testing.T) {
	db, _ := storetest.SQLite(t)
	h := newHelpSite(t, db)
	q, err := db.AskQuestion(h.bob.ctx(), copse.NewQuestion{Title: "How do I share Terraform state?", Body: "Between teams.", Urgency: copse.UrgencySOS, Community: "iac"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.AnswerQuestion(h.cyd.ctx(), q.ID, "Use a remote backend."); err != nil {
		t.Fatal(err)
	}
	path := "/questions/" + strconv.FormatInt(q.ID, 10)
	for _, p := range []struct {
		who  *client
		path string
	}{
		{h.anon, "/ask"}, {h.bob, "/ask?urgency=outage"}, {h.bob, "/ask?urgency=sos"}, {h.bob, "/ask?urgency=how-to"}, {h.bob, "/ask?urgency=x"},
		{h.anon, "/questions"}, {h.bob, "/questions/unanswered"}, {h.bob, "/questions/mine"}, {h.anon, path}, {h.bob, path}, {h.cyd, path},
		{h.root, path}, {h.bob, path + "/edit"}, {h.anon, path + "/history"}, {h.anon, "/communities/iac/help"}, {h.pat, "/help/metrics"},
		{h.anon, "/status"}, {h.pat, "/status"}, {h.pat, "/admin/status"}, {h.anon, "/status/incidents/1"}, {h.root, "/admin/help"},
	} {
		r := p.who.get(p.path)
		if r.Status != 200 && r.Status != 422 {
			t.Errorf("%s: status %d", p.path, r.Status)
		}
		for _, problem := range lintHTML(r.Body) {
			t.Errorf("%s: %s", p.path, problem)
		}
	}
	for _, post := range []struct {
		who  *client
		path string
		form []string
	}{
		{h.bob, "/ask", []string{"urgency", "outage", "title", "x", "action", "ask"}},
		{h.bob, "/ask", []string{"urgency", "how-to", "title", "terraform state", "action", "similar"}},
		{h.cyd, path + "/answers", []string{"body", ""}},
		{h.pat, "/admin/status/incidents", []string{"incident-title", ""}},
		{h.root, "/admin/help", []string{"escalate_after_minutes", "x"}},
	} {
		r := post.who.post(post.path, form(post.form...))
		for _, problem := range lintHTML(r.Body) {
			t.Errorf("POST %s: %s", post.path, problem)
		}
	}
}
