package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/store"
)

// The demo's help desk and status page follow seed 001's support model at BC Gov's
// DevOps Commons: people ask the community first, urgent production issues go to
// #devops-sos, and a suspected outage starts at the status page of the Platform
// Services team, who are platform staff here. Everything happened over the last
// two months, so the help metrics and the 90-day history have something to say.

// platformStaff are the demo's Platform Services team.
var platformStaff = []string{"tom.lefebvre"}

type demoAnswer struct {
	by       string
	after    time.Duration // after the question was asked
	body     string
	accepted bool
	votes    []string // people who found it useful
}

type demoQuestion struct {
	ago       time.Duration // before the demo was loaded
	by        string
	community string // "" for site-wide
	urgency   copse.Urgency
	title     string
	body      string
	tags      []string
	answers   []demoAnswer
}

var demoQuestions = []demoQuestion{
	{ago: 62 * day, by: "kchen", community: "devops-commons", urgency: copse.UrgencyHowTo,
		title: "How do I make a build pull base images from Artifactory?",
		body:  "Our `BuildConfig` still pulls from Docker Hub and hits the rate limit. What do we point it at instead, and where do the credentials go?",
		tags:  []string{"openshift", "artifactory", "builds"},
		answers: []demoAnswer{
			{by: "grace.ng", after: 47 * time.Minute, accepted: true, votes: []string{"kchen", "priya.raman", "darwinjs"},
				body: "Use the Artifactory remote for Docker Hub as the `from` image, and link a pull secret to the `builder` service account:\n\n```\noc secrets link builder artifactory-pull --for=pull\n```"},
			{by: "tom.lefebvre", after: 3 * time.Hour, votes: []string{"grace.ng"},
				body: "What Grace said. The remote's name is on the platform's Artifactory page; each team gets its own service account for it."},
		}},
	{ago: 40 * day, by: "dan.breyen", community: "devops-commons", urgency: copse.UrgencySOS,
		title: "Production pods stuck in ContainerCreating after last night's upgrade",
		body:  "Every new pod in our production namespace has been in `ContainerCreating` for 20 minutes. Events say the volume cannot be attached.",
		tags:  []string{"openshift", "storage"},
		answers: []demoAnswer{
			{by: "tom.lefebvre", after: 18 * time.Minute, accepted: true, votes: []string{"dan.breyen"},
				body: "A storage node did not come back after the upgrade; it is back now. Delete the stuck pods and they will be scheduled again."},
		}},
	{ago: 24 * day, by: "mia.paulin", community: "devops-commons", urgency: copse.UrgencyHowTo,
		title: "Where should a Jenkins pipeline keep its secrets?",
		body:  "We have a few API keys in the Jenkinsfile's environment. What do other teams do?",
		tags:  []string{"jenkins", "secrets"},
		answers: []demoAnswer{
			{by: "darwinjs", after: 2*time.Hour + 10*time.Minute, accepted: true, votes: []string{"mia.paulin", "grace.ng"},
				body: "Keep them in OpenShift secrets and let the Jenkins sync plugin turn them into credentials; the pipeline then uses `withCredentials`. Nothing lands in Git."},
			{by: "priya.raman", after: 5 * time.Hour,
				body: "There is a write-up of this in the library; bring questions to the next Commons meeting too."},
		}},
	{ago: 12 * day, by: "shaun.hare", urgency: copse.UrgencyHowTo,
		title: "Keycloak sign-in loops back to the login page",
		body:  "After signing in with our IDIR account the app redirects to Keycloak again, forever. Local development works.",
		tags:  []string{"keycloak", "sso"},
		answers: []demoAnswer{
			{by: "priya.raman", after: 65 * time.Minute, votes: []string{"grace.ng"},
				body: "Check the client's *Valid Redirect URIs*: the route's https address must be there, with a trailing `/*`."},
		}},
	{ago: 9*day + 20*time.Minute, by: "bill.sheboy", urgency: copse.UrgencyOutage,
		title: "Every deployment fails with ImagePullBackOff",
		body:  "For the last ten minutes no namespace we own could pull an image; the status page shows nothing yet.",
		tags:  []string{"artifactory"},
		answers: []demoAnswer{
			{by: "tom.lefebvre", after: 22 * time.Minute, accepted: true,
				body: "Thanks: confirmed, and it is on the status page now. Follow the incident there for updates."},
		}},
	{ago: 5 * day, by: "opal", community: "devops-commons", urgency: copse.UrgencyHowTo,
		title: "A route answers 503 for some requests only",
		body:  "About one request in ten gets a 503 from the router; the pods look healthy.",
		tags:  []string{"openshift", "networking"},
		answers: []demoAnswer{
			{by: "grace.ng", after: 35 * time.Minute, accepted: true, votes: []string{"opal"},
				body: "One of your pods is probably not ready but still listed: add a readiness probe, and the router stops sending it traffic until it is."},
		}},
	{ago: 2 * day, by: "amanda.barber", community: "devops-commons", urgency: copse.UrgencyHowTo,
		title: "Can a team get a larger resource quota for a load test?",
		body:  "We want to run a two-day load test next month that needs about twice our CPU quota. Who do we ask, and how early?",
		tags:  []string{"openshift", "quota"}},
}

const day = 24 * time.Hour

// loadHelp adds the demo's platform team, status page and questions. The store
// stamps everything with its clock, so the loader sets that clock to when each
// thing happened and puts the real one back when it is done; it runs before the
// site serves anyone.
func loadHelp(ctx context.Context, db *store.DB) error {
	clock := db.Now
	defer func() { db.Now = clock }()
	now := clock()
	at := func(t time.Time) { db.Now = func() time.Time { return t } }

	// The site's first admin flags the Platform Services team, as /admin/people does.
	admin := copse.WithUser(ctx, &copse.User{ID: -1, Handle: "demo-admin", Admin: true})
	for _, h := range platformStaff {
		if err := db.SetPersonFlag(admin, h, store.FlagPlatformStaff, true); err != nil {
			return fmt.Errorf("demo platform staff %s: %w", h, err)
		}
	}
	at(now.Add(-80 * day))
	if err := loadStatus(ctx, db, now, at); err != nil {
		return fmt.Errorf("demo status page: %w", err)
	}
	for _, dq := range demoQuestions {
		asked := now.Add(-dq.ago)
		at(asked)
		q, err := db.AskQuestion(as(ctx, db, dq.by), copse.NewQuestion{Title: dq.title, Body: dq.body, Urgency: dq.urgency,
			Community: dq.community, Tags: dq.tags})
		if err != nil {
			return fmt.Errorf("demo question %q: %w", dq.title, err)
		}
		for _, da := range dq.answers {
			at(asked.Add(da.after))
			a, err := db.AnswerQuestion(as(ctx, db, da.by), q.ID, da.body)
			if err != nil {
				return fmt.Errorf("demo answer to %q: %w", dq.title, err)
			}
			at(asked.Add(da.after + 20*time.Minute))
			for _, v := range da.votes {
				if _, err := db.VoteAnswer(as(ctx, db, v), q.ID, a.ID, 1); err != nil {
					return err
				}
			}
			if da.accepted {
				if _, err := db.AcceptAnswer(as(ctx, db, dq.by), q.ID, a.ID); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// loadStatus adds the platform's services (seed 001's community-wide tools), two
// incidents the team resolved and maintenance coming next week.
func loadStatus(ctx context.Context, db *store.DB, now time.Time, at func(time.Time)) error {
	staff := as(ctx, db, platformStaff[0])
	ids := map[string]int64{}
	for _, s := range []copse.NewService{
		{Name: "OpenShift platform", Description: "The container platform every delivery team deploys to"},
		{Name: "Image registry", Description: "Artifactory: images, packages and the Docker Hub cache"},
		{Name: "RocketChat", Description: "The community's chat, where #devops-how-to and #devops-sos live"},
		{Name: "Single sign-on", Description: "Keycloak: sign-in with IDIR or GitHub for platform apps"},
		{Name: "Documentation", Description: "Documize: the platform's shared documentation"},
	} {
		svc, err := db.CreateService(staff, s)
		if err != nil {
			return err
		}
		ids[s.Name] = svc.ID
	}
	type update struct {
		after  time.Duration
		status copse.IncidentStatus
		body   string
	}
	for _, in := range []struct {
		ago      time.Duration
		title    string
		impact   copse.ServiceState
		services []string
		body     string
		updates  []update
	}{
		{ago: 33 * day, title: "RocketChat is slow to deliver messages", impact: copse.StateDegraded, services: []string{"RocketChat"},
			body: "Messages take up to a minute to appear. We are looking into it.",
			updates: []update{
				{50 * time.Minute, copse.IncidentIdentified, "The database behind RocketChat ran out of disk for its logs."},
				{3 * time.Hour, copse.IncidentResolved, "Disk cleared and alerting added; messages are delivered at once again."},
			}},
		{ago: 9 * day, title: "Image pulls failing from the registry", impact: copse.StatePartialOutage,
			services: []string{"Image registry", "OpenShift platform"},
			body:     "Pulls from the image registry time out for many namespaces; new pods cannot start.",
			updates: []update{
				{25 * time.Minute, copse.IncidentIdentified, "A certificate on the registry's load balancer expired this morning."},
				{70 * time.Minute, copse.IncidentMonitoring, "The certificate is renewed; pulls are recovering. Restart pods stuck in ImagePullBackOff."},
				{2 * time.Hour, copse.IncidentResolved, "Pulls have worked normally for an hour. Certificate expiry is now alerted a month ahead."},
			}},
	} {
		start := now.Add(-in.ago)
		at(start)
		var affected []int64
		for _, s := range in.services {
			affected = append(affected, ids[s])
		}
		opened, err := db.OpenIncident(staff, copse.NewIncident{Title: in.title, Body: in.body, Impact: in.impact, Services: affected})
		if err != nil {
			return err
		}
		for _, u := range in.updates {
			at(start.Add(u.after))
			if _, err := db.UpdateIncident(staff, opened.ID, copse.NewIncidentUpdate{Status: u.status, Body: u.body}); err != nil {
				return err
			}
		}
	}
	at(now.Add(-time.Hour))
	starts := time.Date(now.Year(), now.Month(), now.Day(), 5, 0, 0, 0, time.UTC).Add(6 * day) // 21:00 in Vancouver
	_, err := db.ScheduleMaintenance(staff, copse.NewMaintenance{Title: "OpenShift cluster upgrade",
		Description: "Nodes restart one at a time; apps with two or more replicas stay up.",
		StartsAt:    starts, EndsAt: starts.Add(3 * time.Hour), Services: []int64{ids["OpenShift platform"]}})
	return err
}
