package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/copse-dev/copse"
)

// statusWriter checks that the viewer in ctx posts to the status page.
func (tx *Tx) statusWriter(ctx context.Context) (copse.HelpViewer, error) {
	v, err := tx.helpViewer(ctx, "")
	if err != nil {
		return v, err
	}
	return v, v.AuthorizeStatus()
}

// CreateService adds a service to the status page.
func (db *DB) CreateService(ctx context.Context, n copse.NewService) (*copse.Service, error) {
	var s *copse.Service
	err := db.update(ctx, func(tx *Tx) error {
		if _, err := tx.statusWriter(ctx); err != nil {
			return err
		}
		if err := n.Validate(); err != nil {
			return err
		}
		pos := 0
		if n.Position != nil {
			pos = *n.Position
		} else if err := tx.queryRow(ctx, "SELECT coalesce(max(position), -1) + 1 FROM services").Scan(&pos); err != nil {
			return err
		}
		id, err := tx.insert(ctx, "INSERT INTO services (name, description, position, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
			n.Name, n.Description, pos, tx.now, tx.now)
		if isUnique(err) {
			return serviceTaken(n.Name)
		}
		if err != nil {
			return err
		}
		s, err = tx.findService(ctx, id)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: create service: %w", err)
	}
	return s, nil
}

func serviceTaken(name string) error {
	return &copse.Error{Code: copse.ECONFLICT, Message: fmt.Sprintf("A service called %q is on the status page already.", name),
		Fields: map[string]string{"name": "is taken by another service"}}
}

// AuthorizeStatus says whether the viewer in ctx may post to the status page, for
// handlers that must check before they read the rest of a request.
func (db *DB) AuthorizeStatus(ctx context.Context) error {
	return db.view(ctx, func(tx *Tx) error {
		_, err := tx.statusWriter(ctx)
		return err
	})
}

// UpdateService renames, describes or moves a service.
func (db *DB) UpdateService(ctx context.Context, id int64, u copse.ServiceUpdate) (*copse.Service, error) {
	var s *copse.Service
	err := db.update(ctx, func(tx *Tx) error {
		if _, err := tx.statusWriter(ctx); err != nil {
			return err
		}
		cur, err := tx.findService(ctx, id)
		if err != nil {
			return err
		}
		n := copse.NewService{Name: cur.Name, Description: cur.Description, Position: &cur.Position}
		u.Apply(&n)
		if err := n.Validate(); err != nil {
			return err
		}
		pos := *n.Position
		_, err = tx.exec(ctx, "UPDATE services SET name = ?, description = ?, position = ?, updated_at = ? WHERE id = ?",
			n.Name, n.Description, pos, tx.now, id)
		if isUnique(err) {
			return serviceTaken(n.Name)
		}
		if err != nil {
			return err
		}
		s, err = tx.findService(ctx, id)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: update service: %w", err)
	}
	return s, nil
}

// OpenIncident opens an incident with its first update, and records
// "incident.opened" for the alerts channel, mail and feeds.
func (db *DB) OpenIncident(ctx context.Context, n copse.NewIncident) (*copse.Incident, error) {
	var in *copse.Incident
	err := db.update(ctx, func(tx *Tx) error {
		v, err := tx.statusWriter(ctx)
		if err != nil {
			return err
		}
		if err := n.Validate(); err != nil {
			return err
		}
		if err := tx.checkServices(ctx, n.Services); err != nil {
			return err
		}
		id, err := tx.insert(ctx, `INSERT INTO incidents (title, impact, status, started_at, created_by, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, n.Title, string(n.Impact), string(n.Status), tx.now, v.User.ID, tx.now, tx.now)
		if err != nil {
			return err
		}
		for _, s := range n.Services {
			if _, err := tx.exec(ctx, "INSERT INTO incident_services (incident_id, service_id) VALUES (?, ?)", id, s); err != nil {
				return err
			}
		}
		if err := tx.addIncidentUpdate(ctx, id, n.Status, n.Impact, n.Body, v.User.ID); err != nil {
			return err
		}
		if in, err = tx.findIncident(ctx, id, false); err != nil {
			return err
		}
		return tx.incidentEvent(ctx, "incident.opened", in, n.Body)
	})
	if err != nil {
		return nil, fmt.Errorf("store: open incident: %w", err)
	}
	return in, nil
}

// UpdateIncident posts a timed update: a new status (resolved ends it), words, and
// perhaps a new impact. A resolved incident takes no more updates.
func (db *DB) UpdateIncident(ctx context.Context, id int64, n copse.NewIncidentUpdate) (*copse.Incident, error) {
	var in *copse.Incident
	err := db.update(ctx, func(tx *Tx) error {
		v, err := tx.statusWriter(ctx)
		if err != nil {
			return err
		}
		cur, err := tx.findIncident(ctx, id, true)
		if err != nil {
			return err
		}
		if cur.Status == copse.IncidentResolved {
			return copse.Errorf(copse.ECONFLICT, "Incident %d is resolved; open a new incident if the problem is back.", id)
		}
		if err := n.Validate(); err != nil {
			return err
		}
		if n.Impact == "" {
			n.Impact = cur.Impact
		}
		var resolved any
		if n.Status == copse.IncidentResolved {
			resolved = tx.now
		}
		if _, err := tx.exec(ctx, "UPDATE incidents SET status = ?, impact = ?, resolved_at = ?, updated_at = ? WHERE id = ?",
			string(n.Status), string(n.Impact), resolved, tx.now, id); err != nil {
			return err
		}
		if err := tx.addIncidentUpdate(ctx, id, n.Status, n.Impact, n.Body, v.User.ID); err != nil {
			return err
		}
		if in, err = tx.findIncident(ctx, id, false); err != nil {
			return err
		}
		kind := "incident.updated"
		if n.Status == copse.IncidentResolved {
			kind = "incident.resolved"
		}
		return tx.incidentEvent(ctx, kind, in, n.Body)
	})
	if err != nil {
		return nil, fmt.Errorf("store: update incident: %w", err)
	}
	return in, nil
}

func (tx *Tx) addIncidentUpdate(ctx context.Context, id int64, status copse.IncidentStatus, impact copse.ServiceState, body string, author int64) error {
	_, err := tx.exec(ctx, `INSERT INTO incident_updates (incident_id, status, impact, body, author_id, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
		id, string(status), string(impact), body, author, tx.now)
	return err
}

// incidentEvent records an incident's event: site-wide, public, with the services
// it touches.
func (tx *Tx) incidentEvent(ctx context.Context, kind string, in *copse.Incident, text string) error {
	names := make([]string, len(in.Services))
	for i, s := range in.Services {
		names[i] = s.Name
	}
	return tx.recordEvent(ctx, kind, 0, "incident", in.ID, map[string]any{
		"title": in.Title, "path": fmt.Sprintf("/status/incidents/%d", in.ID), "text": text, "visibility": "public",
		"status": string(in.Status), "impact": string(in.Impact), "services": strings.Join(names, ", ")})
}

// ScheduleMaintenance announces planned work on some services.
func (db *DB) ScheduleMaintenance(ctx context.Context, n copse.NewMaintenance) (*copse.Maintenance, error) {
	var m *copse.Maintenance
	err := db.update(ctx, func(tx *Tx) error {
		v, err := tx.statusWriter(ctx)
		if err != nil {
			return err
		}
		if err := n.Validate(tx.now); err != nil {
			return err
		}
		if err := tx.checkServices(ctx, n.Services); err != nil {
			return err
		}
		id, err := tx.insert(ctx, `INSERT INTO maintenance_windows (title, description, starts_at, ends_at, created_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?)`, n.Title, n.Description, n.StartsAt.UTC(), n.EndsAt.UTC(), v.User.ID, tx.now)
		if err != nil {
			return err
		}
		for _, s := range n.Services {
			if _, err := tx.exec(ctx, "INSERT INTO maintenance_services (maintenance_id, service_id) VALUES (?, ?)", id, s); err != nil {
				return err
			}
		}
		ms, err := tx.maintenance(ctx, "WHERE m.id = ?", id)
		if err != nil {
			return err
		}
		m = ms[0]
		text := fmt.Sprintf("From %s to %s UTC.\n\n%s", m.StartsAt.Format("Monday 2 January 2006 15:04"), m.EndsAt.Format("Monday 2 January 2006 15:04"), m.Description)
		return tx.recordEvent(ctx, "maintenance.scheduled", 0, "maintenance", id, map[string]any{
			"title": "Maintenance: " + m.Title, "path": "/status", "text": text, "visibility": "public"})
	})
	if err != nil {
		return nil, fmt.Errorf("store: schedule maintenance: %w", err)
	}
	return m, nil
}

// CancelMaintenance removes a maintenance window that will not happen.
func (db *DB) CancelMaintenance(ctx context.Context, id int64) error {
	err := db.update(ctx, func(tx *Tx) error {
		if _, err := tx.statusWriter(ctx); err != nil {
			return err
		}
		res, err := tx.exec(ctx, "DELETE FROM maintenance_windows WHERE id = ?", id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return notFound("There is no maintenance window %d.", id)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: cancel maintenance: %w", err)
	}
	return nil
}
