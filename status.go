package copse

import (
	"slices"
	"strconv"
	"strings"
	"time"
)

// ServiceState is how a platform service is doing, as the status page shows it.
type ServiceState string

const (
	StateOperational   ServiceState = "operational"
	StateMaintenance   ServiceState = "maintenance" // planned work in progress
	StateDegraded      ServiceState = "degraded"    // working, slowly or with errors
	StatePartialOutage ServiceState = "partial_outage"
	StateMajorOutage   ServiceState = "major_outage"
)

// ServiceStates lists the states, least severe first.
var ServiceStates = []ServiceState{StateOperational, StateMaintenance, StateDegraded, StatePartialOutage, StateMajorOutage}

// Impacts are the states an incident may put its services in.
var Impacts = []ServiceState{StateDegraded, StatePartialOutage, StateMajorOutage}

// Severity orders states: a day or a page shows its most severe one.
func (s ServiceState) Severity() int { return slices.Index(ServiceStates, s) }

// Worse returns the more severe of two states.
func Worse(a, b ServiceState) ServiceState {
	if b.Severity() > a.Severity() {
		return b
	}
	return a
}

const impactChoices = `must be "degraded", "partial_outage" or "major_outage"`

// IncidentStatus is where an incident is, from first report to resolution.
type IncidentStatus string

const (
	IncidentInvestigating IncidentStatus = "investigating"
	IncidentIdentified    IncidentStatus = "identified"
	IncidentMonitoring    IncidentStatus = "monitoring"
	IncidentResolved      IncidentStatus = "resolved"
)

// IncidentStatuses lists the statuses in the order an incident usually moves.
var IncidentStatuses = []IncidentStatus{IncidentInvestigating, IncidentIdentified, IncidentMonitoring, IncidentResolved}

const incidentStatusChoices = `must be "investigating", "identified", "monitoring" or "resolved"`

// Service is a platform service on the status page.
type Service struct {
	ID          int64        `json:"id"`
	Name        string       `json:"name"`
	Description string       `json:"description"`
	State       ServiceState `json:"state"` // derived from open incidents and maintenance in progress
	Position    int          `json:"position"`
	UpdatedAt   time.Time    `json:"updated_at"`
}

// ServiceRef names a service an incident or a maintenance window affects.
type ServiceRef struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// Incident is something wrong with some services, with its timed updates.
type Incident struct {
	ID         int64            `json:"id"`
	Title      string           `json:"title"`
	Impact     ServiceState     `json:"impact"`
	Status     IncidentStatus   `json:"status"`
	Services   []ServiceRef     `json:"services"`
	Updates    []IncidentUpdate `json:"updates"` // newest first
	StartedAt  time.Time        `json:"started_at"`
	ResolvedAt *time.Time       `json:"resolved_at"`
	UpdatedAt  time.Time        `json:"updated_at"`
}

// IncidentUpdate is one timed message on an incident.
type IncidentUpdate struct {
	ID        int64          `json:"id"`
	Status    IncidentStatus `json:"status"`
	Impact    ServiceState   `json:"impact"`
	Body      string         `json:"body"` // Markdown
	Author    string         `json:"author"`
	CreatedAt time.Time      `json:"created_at"`
}

// Maintenance is planned work on some services.
type Maintenance struct {
	ID          int64        `json:"id"`
	Title       string       `json:"title"`
	Description string       `json:"description"`
	Services    []ServiceRef `json:"services"`
	StartsAt    time.Time    `json:"starts_at"`
	EndsAt      time.Time    `json:"ends_at"`
	CreatedAt   time.Time    `json:"created_at"`
}

// InProgress reports whether the work is under way at now.
func (m *Maintenance) InProgress(now time.Time) bool {
	return !now.Before(m.StartsAt) && now.Before(m.EndsAt)
}

// Affects reports whether the service is in ids.
func affects(refs []ServiceRef, id int64) bool {
	return slices.ContainsFunc(refs, func(r ServiceRef) bool { return r.ID == id })
}

// StatusPage is the status page: the services with their state, the incidents still
// open, and maintenance under way or coming.
type StatusPage struct {
	State       ServiceState   `json:"state"` // the most severe of the services' states
	Services    []*Service     `json:"services"`
	Incidents   []*Incident    `json:"incidents"`   // open, newest first
	Maintenance []*Maintenance `json:"maintenance"` // in progress or scheduled, soonest first
	UpdatedAt   time.Time      `json:"updated_at"`
}

// Settle derives each service's state at now: the worst impact of the open
// incidents that affect it, else maintenance when work on it is in progress.
func (s *StatusPage) Settle(now time.Time) {
	s.State = StateOperational
	for _, svc := range s.Services {
		svc.State = StateOperational
		for _, m := range s.Maintenance {
			if m.InProgress(now) && affects(m.Services, svc.ID) {
				svc.State = StateMaintenance
			}
		}
		for _, in := range s.Incidents {
			if in.ResolvedAt == nil && affects(in.Services, svc.ID) {
				svc.State = Worse(svc.State, in.Impact)
			}
		}
		s.State = Worse(s.State, svc.State)
	}
}

// Day is one day of a service's history: its most severe state that day.
type Day struct {
	Date  time.Time // midnight UTC
	State ServiceState
}

// HistoryDays is how far back the status page shows each service.
const HistoryDays = 90

// History works out the last days of one service, oldest first, from the incidents
// and maintenance that touched it: a day takes the most severe state of anything
// that overlapped it (an open incident lasts until now).
func History(service int64, now time.Time, days int, incidents []*Incident, maintenance []*Maintenance) []Day {
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	out := make([]Day, days)
	for i := range out {
		out[i] = Day{Date: today.AddDate(0, 0, i-days+1), State: StateOperational}
	}
	mark := func(from, to time.Time, state ServiceState) {
		for i := range out {
			start, end := out[i].Date, out[i].Date.AddDate(0, 0, 1)
			if from.Before(end) && to.After(start) || from.Equal(start) {
				out[i].State = Worse(out[i].State, state)
			}
		}
	}
	for _, m := range maintenance {
		if affects(m.Services, service) && !m.StartsAt.After(now) {
			mark(m.StartsAt, minTime(m.EndsAt, now), StateMaintenance)
		}
	}
	for _, in := range incidents {
		if !affects(in.Services, service) {
			continue
		}
		end := now
		if in.ResolvedAt != nil {
			end = *in.ResolvedAt
		}
		mark(in.StartedAt, end, in.Impact)
	}
	return out
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// NewService is what adding a service takes.
type NewService struct {
	Name        string
	Description string
	Position    *int
}

// Validate normalises and checks the service.
func (n *NewService) Validate() error {
	p := Problems{}
	n.Name = oneLine(n.Name)
	validateText(p, "name", n.Name, 2, 80)
	n.Description = strings.TrimSpace(n.Description)
	validateText(p, "description", n.Description, 0, 500)
	if n.Position != nil && (*n.Position < 0 || *n.Position > 1000) {
		p.Add("position", "must be a whole number from 0 to 1000")
	}
	return p.Err()
}

// ServiceUpdate holds the fields a PATCH changes; nil means unchanged.
type ServiceUpdate struct {
	Name        *string
	Description *string
	Position    *int
}

// Apply writes the changed fields over n.
func (u ServiceUpdate) Apply(n *NewService) {
	if u.Name != nil {
		n.Name = *u.Name
	}
	if u.Description != nil {
		n.Description = *u.Description
	}
	if u.Position != nil {
		n.Position = u.Position
	}
}

// NewIncident is what opening an incident takes: its first update is Body.
type NewIncident struct {
	Title    string
	Body     string
	Impact   ServiceState
	Status   IncidentStatus // investigating unless said otherwise
	Services []int64
}

// Validate normalises and checks the incident.
func (n *NewIncident) Validate() error {
	p := Problems{}
	n.Title = oneLine(n.Title)
	validateText(p, "title", n.Title, 5, 160)
	n.Body = strings.TrimSpace(n.Body)
	validateText(p, "body", n.Body, 1, 10000)
	if !slices.Contains(Impacts, n.Impact) {
		p.Add("impact", impactChoices)
	}
	if n.Status == "" {
		n.Status = IncidentInvestigating
	}
	if !slices.Contains(IncidentStatuses, n.Status) || n.Status == IncidentResolved {
		p.Add("status", `must be "investigating", "identified" or "monitoring": an incident opens unresolved`)
	}
	n.Services = validateServiceIDs(p, n.Services, true)
	return p.Err()
}

// NewIncidentUpdate is a timed update on an incident; Impact changes it when set.
type NewIncidentUpdate struct {
	Status IncidentStatus
	Body   string
	Impact ServiceState
}

// Validate normalises and checks the update.
func (n *NewIncidentUpdate) Validate() error {
	p := Problems{}
	if !slices.Contains(IncidentStatuses, n.Status) {
		p.Add("status", incidentStatusChoices)
	}
	n.Body = strings.TrimSpace(n.Body)
	validateText(p, "body", n.Body, 1, 10000)
	if n.Impact != "" && !slices.Contains(Impacts, n.Impact) {
		p.Add("impact", impactChoices)
	}
	return p.Err()
}

// NewMaintenance is what scheduling maintenance takes.
type NewMaintenance struct {
	Title       string
	Description string
	StartsAt    time.Time
	EndsAt      time.Time
	Services    []int64
}

// Validate normalises and checks the window; now refuses windows already over.
func (n *NewMaintenance) Validate(now time.Time) error {
	p := Problems{}
	n.Title = oneLine(n.Title)
	validateText(p, "title", n.Title, 5, 160)
	n.Description = strings.TrimSpace(n.Description)
	validateText(p, "description", n.Description, 0, 10000)
	switch {
	case n.StartsAt.IsZero():
		p.Add("starts_at", "is required, as a time such as 2026-03-10T22:00:00Z")
	case n.EndsAt.IsZero():
		p.Add("ends_at", "is required, as a time such as 2026-03-11T01:00:00Z")
	case !n.EndsAt.After(n.StartsAt):
		p.Add("ends_at", "must be after starts_at")
	case n.EndsAt.Sub(n.StartsAt) > 14*24*time.Hour:
		p.Add("ends_at", "must be at most two weeks after starts_at")
	case !n.EndsAt.After(now):
		p.Add("ends_at", "must be in the future: maintenance that is over needs no notice")
	}
	n.Services = validateServiceIDs(p, n.Services, true)
	return p.Err()
}

func validateServiceIDs(p Problems, ids []int64, required bool) []int64 {
	var out []int64
	for _, id := range ids {
		switch {
		case id < 1:
			p.Add("services", strconv.FormatInt(id, 10)+" is not a service's id")
		case !slices.Contains(out, id):
			out = append(out, id)
		}
	}
	if required && len(out) == 0 {
		p.Add("services", "name at least one affected service")
	}
	return out
}

// CanPostStatus reports whether the viewer posts to the status page: admins and
// platform staff (seed 001's Platform Services team).
func (v HelpViewer) CanPostStatus() bool { return v.User != nil && (v.admin() || v.PlatformStaff) }

// AuthorizeStatus checks that the viewer may change the status page.
func (v HelpViewer) AuthorizeStatus() error {
	if !v.CanPostStatus() {
		return v.denied("Only the platform team (platform staff) and admins post to the status page.")
	}
	return nil
}
