package copse_test

import (
	"testing"
	"time"

	"github.com/copse-dev/copse"
)

func TestStatusSettle(t *testing.T) {
	now := time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)
	api, chat, sso := &copse.Service{ID: 1}, &copse.Service{ID: 2}, &copse.Service{ID: 3}
	resolved := now.Add(-time.Hour)
	s := &copse.StatusPage{
		Services: []*copse.Service{api, chat, sso},
		Incidents: []*copse.Incident{
			{Impact: copse.StateDegraded, Services: []copse.ServiceRef{{ID: 1}, {ID: 2}}},
			{Impact: copse.StatePartialOutage, Services: []copse.ServiceRef{{ID: 2}}},
			{Impact: copse.StateMajorOutage, Services: []copse.ServiceRef{{ID: 3}}, ResolvedAt: &resolved},
		},
		Maintenance: []*copse.Maintenance{
			{StartsAt: now.Add(-time.Hour), EndsAt: now.Add(time.Hour), Services: []copse.ServiceRef{{ID: 1}, {ID: 3}}},
			{StartsAt: now.Add(time.Hour), EndsAt: now.Add(2 * time.Hour), Services: []copse.ServiceRef{{ID: 2}}},
		},
	}
	s.Settle(now)
	for _, tt := range []struct {
		svc  *copse.Service
		want copse.ServiceState
	}{{api, copse.StateDegraded}, {chat, copse.StatePartialOutage}, {sso, copse.StateMaintenance}} {
		if tt.svc.State != tt.want {
			t.Errorf("service %d: %s, want %s", tt.svc.ID, tt.svc.State, tt.want)
		}
	}
	if s.State != copse.StatePartialOutage {
		t.Errorf("the page: %s", s.State)
	}
}

// TestHistory: each day takes the most severe state of what overlapped it; an open
// incident lasts until now.
func TestHistory(t *testing.T) {
	now := time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)
	at := func(day, hour int) time.Time { return time.Date(2026, 3, day, hour, 0, 0, 0, time.UTC) }
	end := at(1, 3)
	incidents := []*copse.Incident{
		{Impact: copse.StateDegraded, StartedAt: at(-1, 22), ResolvedAt: &end, Services: []copse.ServiceRef{{ID: 7}}},   // 27 Feb 22:00 to 1 Mar 03:00
		{Impact: copse.StateMajorOutage, StartedAt: at(2, 8), Services: []copse.ServiceRef{{ID: 7}}},                    // open, today
		{Impact: copse.StateMajorOutage, StartedAt: at(-5, 8), ResolvedAt: &end, Services: []copse.ServiceRef{{ID: 8}}}, // another service
	}
	maintenance := []*copse.Maintenance{
		{StartsAt: at(-1, 20), EndsAt: at(-1, 23), Services: []copse.ServiceRef{{ID: 7}}}, // 27 Feb, overlapping the incident
		{StartsAt: at(3, 1), EndsAt: at(3, 2), Services: []copse.ServiceRef{{ID: 7}}},     // tomorrow: not history yet
	}
	days := copse.History(7, now, 5, incidents, maintenance)
	want := []struct {
		date  string
		state copse.ServiceState
	}{
		{"2026-02-26", copse.StateOperational},
		{"2026-02-27", copse.StateDegraded}, // maintenance, then the incident: the worse wins
		{"2026-02-28", copse.StateDegraded},
		{"2026-03-01", copse.StateDegraded},
		{"2026-03-02", copse.StateMajorOutage},
	}
	if len(days) != len(want) {
		t.Fatalf("%d days", len(days))
	}
	for i, w := range want {
		if got := days[i].Date.Format(time.DateOnly); got != w.date || days[i].State != w.state {
			t.Errorf("day %d: %s %s, want %s %s", i, got, days[i].State, w.date, w.state)
		}
	}
}

func TestStatusValidate(t *testing.T) {
	now := time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)
	in := copse.NewIncident{Title: "x", Impact: "catastrophic", Status: copse.IncidentResolved}
	err := in.Validate()
	for _, f := range []string{"title", "body", "impact", "status", "services"} {
		if copse.ErrorFields(err)[f] == "" {
			t.Errorf("incident: no message for %s in %v", f, err)
		}
	}
	ok := copse.NewIncident{Title: "Registry slow", Body: "Pulls time out.", Impact: copse.StateDegraded, Services: []int64{2, 2}}
	if err := ok.Validate(); err != nil || ok.Status != copse.IncidentInvestigating || len(ok.Services) != 1 {
		t.Errorf("incident: %+v, %v", ok, err)
	}
	up := copse.NewIncidentUpdate{Status: "fixed", Impact: copse.StateOperational}
	err = up.Validate()
	for _, f := range []string{"status", "body", "impact"} {
		if copse.ErrorFields(err)[f] == "" {
			t.Errorf("update: no message for %s in %v", f, err)
		}
	}
	m := copse.NewMaintenance{Title: "Upgrade", StartsAt: now.Add(-2 * time.Hour), EndsAt: now.Add(-time.Hour), Services: []int64{1}}
	if copse.ErrorFields(m.Validate(now))["ends_at"] == "" {
		t.Errorf("maintenance already over is refused")
	}
	m = copse.NewMaintenance{Title: "Upgrade the cluster", StartsAt: now.Add(time.Hour), EndsAt: now.Add(3 * time.Hour), Services: []int64{1}}
	if err := m.Validate(now); err != nil {
		t.Errorf("maintenance: %v", err)
	}
	if copse.Worse(copse.StateMaintenance, copse.StateDegraded) != copse.StateDegraded || copse.Worse(copse.StateMajorOutage, copse.StateOperational) != copse.StateMajorOutage {
		t.Errorf("Worse orders states by severity")
	}
}
