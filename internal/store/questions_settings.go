package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/copse-dev/copse"
)

// The help desk's routing lives in the settings table as rows under "help.":
// help.URGENCY.to, help.URGENCY.channel and help.URGENCY.url for each urgency,
// help.alerts.channel and help.alerts.url, and help.escalate_after_minutes. A row
// that was never written keeps seed 001's default.

// HelpSettings returns the help desk's routing.
func (db *DB) HelpSettings(ctx context.Context) (copse.HelpSettings, error) {
	var s copse.HelpSettings
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		s, err = tx.helpSettings(ctx)
		return err
	})
	return s, err
}

func (tx *Tx) helpSettings(ctx context.Context) (copse.HelpSettings, error) {
	s := copse.DefaultHelpSettings()
	rows, err := tx.query(ctx, "SELECT key, value FROM settings WHERE key LIKE 'help.%'")
	if err != nil {
		return s, fmt.Errorf("store: help settings: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return s, err
		}
		name, field, _ := strings.Cut(strings.TrimPrefix(k, "help."), ".")
		switch {
		case name == "escalate_after_minutes":
			if n, err := strconv.Atoi(v); err == nil {
				s.EscalateAfterMinutes = n
			}
		case name == "alerts" && field == "channel":
			s.Alerts.Name = v
		case name == "alerts" && field == "url":
			s.Alerts.URL = v
		default:
			for i := range s.Routes {
				if string(s.Routes[i].Urgency) != name {
					continue
				}
				switch field {
				case "to":
					s.Routes[i].To = copse.Destination(v)
				case "channel":
					s.Routes[i].Channel.Name = v
				case "url":
					s.Routes[i].Channel.URL = v
				}
			}
		}
	}
	return s, rows.Err()
}

// UpdateHelpSettings saves the help desk's routing (admins only).
func (db *DB) UpdateHelpSettings(ctx context.Context, s copse.HelpSettings) (copse.HelpSettings, error) {
	switch me := copse.UserFromContext(ctx); {
	case me == nil:
		return s, copse.Errorf(copse.EUNAUTHORIZED, "Sign in as an admin to change where help goes.")
	case !me.Admin:
		return s, copse.Errorf(copse.EFORBIDDEN, "Only an admin changes where help goes.")
	}
	if err := s.Validate(); err != nil {
		return s, err
	}
	rows := map[string]string{
		"help.alerts.channel": s.Alerts.Name, "help.alerts.url": s.Alerts.URL,
		"help.escalate_after_minutes": strconv.Itoa(s.EscalateAfterMinutes),
	}
	for _, r := range s.Routes {
		prefix := "help." + string(r.Urgency) + "."
		rows[prefix+"to"], rows[prefix+"channel"], rows[prefix+"url"] = string(r.To), r.Channel.Name, r.Channel.URL
	}
	err := db.update(ctx, func(tx *Tx) error {
		for k, v := range rows {
			if _, err := tx.exec(ctx, "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", k, v); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return s, fmt.Errorf("store: update help settings: %w", err)
	}
	return s, nil
}
