package store_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/store"
	"github.com/copse-dev/copse/internal/store/storetest"
)

// TestStatusPage: the platform team adds services, opens an incident, posts timed
// updates until it is resolved, and schedules maintenance; the page, its history
// and its feed follow, and every change records its event.
func TestStatusPage(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB, clock *storetest.Clock) {
		h := newHelpDesk(t, db)
		kindsOf(t, db)
		for _, who := range []struct {
			name string
			ctx  context.Context
			code string
		}{{"anonymous", h.anon, copse.EUNAUTHORIZED}, {"a member", h.mel, copse.EFORBIDDEN}, {"a facilitator", h.fay, copse.EFORBIDDEN}} {
			_, err := db.CreateService(who.ctx, copse.NewService{Name: "OpenShift"})
			wantCode(t, who.name+" adds a service", err, who.code)
		}
		ocp, err := db.CreateService(h.pat, copse.NewService{Name: "OpenShift", Description: "The application platform"})
		if err != nil {
			t.Fatal(err)
		}
		chat, err := db.CreateService(h.root, copse.NewService{Name: "Rocket.Chat"})
		if err != nil || chat.Position != 1 {
			t.Fatalf("second service: %+v, %v", chat, err)
		}
		_, err = db.CreateService(h.pat, copse.NewService{Name: "OpenShift"})
		wantCode(t, "a second OpenShift", err, copse.ECONFLICT)

		_, err = db.OpenIncident(h.pat, copse.NewIncident{Title: "Image pulls failing", Body: "x", Impact: copse.StateDegraded, Services: []int64{99}})
		wantFields(t, "an unknown service", err, "services")
		_, err = db.OpenIncident(h.mel, copse.NewIncident{Title: "Image pulls failing", Body: "x", Impact: copse.StateDegraded, Services: []int64{ocp.ID}})
		wantCode(t, "a member opens an incident", err, copse.EFORBIDDEN)
		in, err := db.OpenIncident(h.pat, copse.NewIncident{Title: "Image pulls failing", Body: "Pulls from the registry time out.",
			Impact: copse.StatePartialOutage, Services: []int64{ocp.ID}})
		if err != nil {
			t.Fatal(err)
		}
		s, err := db.Status(h.anon)
		if err != nil || s.State != copse.StatePartialOutage || s.Services[0].State != copse.StatePartialOutage ||
			s.Services[1].State != copse.StateOperational || len(s.Incidents) != 1 {
			t.Fatalf("the page: %+v, %v", s, err)
		}
		clock.Advance(20 * time.Minute)
		if _, err := db.UpdateIncident(h.pat, in.ID, copse.NewIncidentUpdate{Status: copse.IncidentIdentified, Body: "A full disk on the registry.", Impact: copse.StateDegraded}); err != nil {
			t.Fatal(err)
		}
		clock.Advance(time.Hour)
		in, err = db.UpdateIncident(h.root, in.ID, copse.NewIncidentUpdate{Status: copse.IncidentResolved, Body: "Disk grown; pulls work."})
		if err != nil {
			t.Fatal(err)
		}
		if in.ResolvedAt == nil || len(in.Updates) != 3 || in.Updates[0].Status != copse.IncidentResolved || in.Impact != copse.StateDegraded {
			t.Errorf("resolved: %+v", in)
		}
		_, err = db.UpdateIncident(h.pat, in.ID, copse.NewIncidentUpdate{Status: copse.IncidentMonitoring, Body: "Again?"})
		wantCode(t, "updating a resolved incident", err, copse.ECONFLICT)

		m, err := db.ScheduleMaintenance(h.pat, copse.NewMaintenance{Title: "Cluster upgrade", StartsAt: clock.Now().Add(time.Hour),
			EndsAt: clock.Now().Add(3 * time.Hour), Services: []int64{ocp.ID, chat.ID}})
		if err != nil {
			t.Fatal(err)
		}
		s, _ = db.Status(h.anon)
		if s.State != copse.StateOperational || len(s.Incidents) != 0 || len(s.Maintenance) != 1 {
			t.Errorf("after the incident: %+v", s)
		}
		clock.Advance(2 * time.Hour)
		s, _ = db.Status(h.anon)
		if s.Services[1].State != copse.StateMaintenance {
			t.Errorf("during maintenance: %s", s.Services[1].State)
		}
		hist, err := db.History(h.anon)
		if err != nil || len(hist.Days[ocp.ID]) != copse.HistoryDays || hist.Days[ocp.ID][copse.HistoryDays-1].State != copse.StatePartialOutage && hist.Days[ocp.ID][copse.HistoryDays-1].State != copse.StateDegraded {
			t.Errorf("history: %v, %v", hist, err)
		}
		if len(hist.Incidents) != 1 {
			t.Errorf("history incidents: %d", len(hist.Incidents))
		}
		if got := kindsOf(t, db); !slices.Equal(got, []string{"incident.opened", "incident.updated", "incident.resolved", "maintenance.scheduled"}) {
			t.Errorf("events: %v", got)
		}
		feed, err := db.StatusFeed(h.anon, 10)
		if err != nil || len(feed) != 4 || feed[0].Kind != "maintenance.scheduled" {
			t.Errorf("feed: %d entries, %v", len(feed), err)
		}
		if err := db.CancelMaintenance(h.mel, m.ID); copse.ErrorCode(err) != copse.EFORBIDDEN {
			t.Errorf("a member cancels maintenance: %v", err)
		}
		if err := db.CancelMaintenance(h.pat, m.ID); err != nil {
			t.Fatal(err)
		}
		renamed := "OpenShift 4"
		svc, err := db.UpdateService(h.pat, ocp.ID, copse.ServiceUpdate{Name: &renamed})
		if err != nil || svc.Name != renamed || svc.Description != "The application platform" {
			t.Errorf("rename: %+v, %v", svc, err)
		}
	})
}
