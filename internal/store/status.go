package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/copse-dev/copse"
)

// The status page is public: anyone, signed in or not, reads it. Only the platform
// team and admins write to it (status_write.go).

// Status returns the status page at this moment: every service with the state its
// open incidents and maintenance in progress give it, the open incidents with their
// updates, and the maintenance in progress or to come.
func (db *DB) Status(ctx context.Context) (*copse.StatusPage, error) {
	s := &copse.StatusPage{}
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		if s.Services, err = tx.services(ctx); err != nil {
			return err
		}
		if s.Incidents, err = tx.incidents(ctx, "WHERE i.resolved_at IS NULL ORDER BY i.started_at DESC, i.id DESC"); err != nil {
			return err
		}
		if s.Maintenance, err = tx.maintenance(ctx, "WHERE m.ends_at > ? ORDER BY m.starts_at, m.id", tx.now); err != nil {
			return err
		}
		s.Settle(tx.now)
		s.UpdatedAt = tx.now
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: status: %w", err)
	}
	return s, nil
}

// StatusHistory is what the status page shows of the past: each service's days,
// oldest first, and the incidents of those days, newest first.
type StatusHistory struct {
	Days      map[int64][]copse.Day
	Incidents []*copse.Incident
}

// History returns the last copse.HistoryDays of every service.
func (db *DB) History(ctx context.Context) (*StatusHistory, error) {
	h := &StatusHistory{Days: map[int64][]copse.Day{}}
	err := db.view(ctx, func(tx *Tx) error {
		since := tx.now.AddDate(0, 0, -copse.HistoryDays)
		services, err := tx.services(ctx)
		if err != nil {
			return err
		}
		// Two queries rather than an OR, so each reads its own index.
		open, err := tx.incidents(ctx, "WHERE i.resolved_at IS NULL ORDER BY i.started_at DESC, i.id DESC")
		if err != nil {
			return err
		}
		done, err := tx.incidents(ctx, "WHERE i.resolved_at >= ? ORDER BY i.started_at DESC, i.id DESC", since)
		if err != nil {
			return err
		}
		h.Incidents = append(open, done...)
		ms, err := tx.maintenance(ctx, "WHERE m.ends_at >= ? AND m.starts_at <= ? ORDER BY m.starts_at, m.id", since, tx.now)
		if err != nil {
			return err
		}
		for _, s := range services {
			h.Days[s.ID] = copse.History(s.ID, tx.now, copse.HistoryDays, h.Incidents, ms)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: status history: %w", err)
	}
	return h, nil
}

// FindIncident returns an incident with its services and updates.
func (db *DB) FindIncident(ctx context.Context, id int64) (*copse.Incident, error) {
	var in *copse.Incident
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		in, err = tx.findIncident(ctx, id, false)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: find incident: %w", err)
	}
	return in, nil
}

func (tx *Tx) findIncident(ctx context.Context, id int64, lock bool) (*copse.Incident, error) {
	q := "WHERE i.id = ?"
	if lock {
		q += tx.dialect.forUpdate()
	}
	ins, err := tx.incidents(ctx, q, id)
	if err != nil {
		return nil, err
	}
	if len(ins) == 0 {
		return nil, notFound("There is no incident %d.", id)
	}
	return ins[0], nil
}

func (tx *Tx) services(ctx context.Context) ([]*copse.Service, error) {
	rows, err := tx.query(ctx, "SELECT id, name, description, position, updated_at FROM services ORDER BY position, id")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*copse.Service{}
	for rows.Next() {
		s := &copse.Service{State: copse.StateOperational}
		if err := rows.Scan(&s.ID, &s.Name, &s.Description, &s.Position, dbTime{&s.UpdatedAt}); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// incidents reads incidents with their services and updates: three queries for
// any number of incidents.
func (tx *Tx) incidents(ctx context.Context, where string, args ...any) ([]*copse.Incident, error) {
	rows, err := tx.query(ctx, "SELECT i.id, i.title, i.impact, i.status, i.started_at, i.resolved_at, i.updated_at FROM incidents i "+where, args...)
	if err != nil {
		return nil, err
	}
	out := []*copse.Incident{}
	byID := map[int64]*copse.Incident{}
	var ids []any
	for rows.Next() {
		in := &copse.Incident{Services: []copse.ServiceRef{}, Updates: []copse.IncidentUpdate{}}
		var resolved time.Time
		if err := rows.Scan(&in.ID, &in.Title, &in.Impact, &in.Status, dbTime{&in.StartedAt}, dbTime{&resolved}, dbTime{&in.UpdatedAt}); err != nil {
			rows.Close()
			return nil, err
		}
		in.ResolvedAt = timeOrNil(resolved)
		out, byID[in.ID], ids = append(out, in), in, append(ids, in.ID)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(ids) == 0 {
		return out, err
	}
	in := "(" + placeholders(len(ids)) + ")"
	err = tx.each(ctx, `SELECT x.incident_id, s.id, s.name FROM incident_services x JOIN services s ON s.id = x.service_id
		WHERE x.incident_id IN `+in+" ORDER BY x.incident_id, s.position, s.id", ids, func(id int64, v ...string) {
		byID[id].Services = append(byID[id].Services, serviceRef(v[0], v[1]))
	})
	if err != nil {
		return nil, err
	}
	rows, err = tx.query(ctx, `SELECT u.id, u.incident_id, u.status, u.impact, u.body, coalesce(a.handle, ''), u.created_at
		FROM incident_updates u LEFT JOIN users a ON a.id = u.author_id
		WHERE u.incident_id IN `+in+" ORDER BY u.incident_id, u.created_at DESC, u.id DESC", ids...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var (
			up  copse.IncidentUpdate
			iid int64
		)
		if err := rows.Scan(&up.ID, &iid, &up.Status, &up.Impact, &up.Body, &up.Author, dbTime{&up.CreatedAt}); err != nil {
			return nil, err
		}
		byID[iid].Updates = append(byID[iid].Updates, up)
	}
	return out, rows.Err()
}

func (tx *Tx) maintenance(ctx context.Context, where string, args ...any) ([]*copse.Maintenance, error) {
	rows, err := tx.query(ctx, "SELECT m.id, m.title, m.description, m.starts_at, m.ends_at, m.created_at FROM maintenance_windows m "+where, args...)
	if err != nil {
		return nil, err
	}
	out := []*copse.Maintenance{}
	byID := map[int64]*copse.Maintenance{}
	var ids []any
	for rows.Next() {
		m := &copse.Maintenance{Services: []copse.ServiceRef{}}
		if err := rows.Scan(&m.ID, &m.Title, &m.Description, dbTime{&m.StartsAt}, dbTime{&m.EndsAt}, dbTime{&m.CreatedAt}); err != nil {
			rows.Close()
			return nil, err
		}
		out, byID[m.ID], ids = append(out, m), m, append(ids, m.ID)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(ids) == 0 {
		return out, err
	}
	err = tx.each(ctx, `SELECT x.maintenance_id, s.id, s.name FROM maintenance_services x JOIN services s ON s.id = x.service_id
		WHERE x.maintenance_id IN (`+placeholders(len(ids))+") ORDER BY x.maintenance_id, s.position, s.id", ids, func(id int64, v ...string) {
		byID[id].Services = append(byID[id].Services, serviceRef(v[0], v[1]))
	})
	return out, err
}

func serviceRef(id, name string) copse.ServiceRef {
	n, _ := strconv.ParseInt(id, 10, 64) // the database's own integer, as text
	return copse.ServiceRef{ID: n, Name: name}
}

// checkServices turns a list of service ids into a field error when any is unknown.
func (tx *Tx) checkServices(ctx context.Context, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	var known []int64
	err := tx.each(ctx, "SELECT id, name FROM services WHERE id IN ("+placeholders(len(ids))+")", args,
		func(id int64, _ ...string) { known = append(known, id) })
	if err != nil {
		return err
	}
	for _, id := range ids {
		if !slices.Contains(known, id) {
			return &copse.Error{Code: copse.EINVALID, Message: "Some fields need attention.",
				Fields: map[string]string{"services": fmt.Sprintf("there is no service %d; add it first", id)}}
		}
	}
	return nil
}

// StatusFeed returns the status page's latest events — incidents opened, updated and
// resolved, maintenance scheduled — newest first, for its Atom feed.
func (db *DB) StatusFeed(ctx context.Context, limit int) ([]FeedEntry, error) {
	var out []FeedEntry
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		out, err = tx.feedEntries(ctx, "WHERE e.community_id IS NULL AND e.kind IN (?, ?, ?, ?)",
			[]any{"incident.opened", "incident.updated", "incident.resolved", "maintenance.scheduled"}, limit,
			func(copse.Visibility) bool { return true })
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: status feed: %w", err)
	}
	return out, nil
}

// findService reads one service.
func (tx *Tx) findService(ctx context.Context, id int64) (*copse.Service, error) {
	s := &copse.Service{State: copse.StateOperational}
	err := tx.queryRow(ctx, "SELECT id, name, description, position, updated_at FROM services WHERE id = ?", id).
		Scan(&s.ID, &s.Name, &s.Description, &s.Position, dbTime{&s.UpdatedAt})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("There is no service %d.", id)
	}
	return s, err
}
