package store

import (
	"context"
	"fmt"
	"strconv"
	"sync"

	"github.com/copse-dev/copse"
)

// Settings returns the site settings, with defaults for what was never set.
// Every page shows them; on SQLite they are read again only after a commit.
func (db *DB) Settings(ctx context.Context) (copse.Settings, error) {
	sig, stable := db.lastCommit(ctx)
	m := &db.settings
	if stable {
		m.mu.Lock()
		if m.have && m.sig == sig {
			s := m.s
			m.mu.Unlock()
			return s, nil
		}
		m.mu.Unlock()
	}
	var s copse.Settings
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		s, err = tx.settings(ctx)
		return err
	})
	if err == nil && stable {
		m.mu.Lock()
		m.sig, m.s, m.have = sig, s, true
		m.mu.Unlock()
	}
	return s, err
}

// settingsMemo is the settings as they were at a wal-index header.
type settingsMemo struct {
	mu   sync.Mutex
	sig  walHeader
	s    copse.Settings
	have bool
}

func (tx *Tx) settings(ctx context.Context) (copse.Settings, error) {
	s := copse.DefaultSettings()
	rows, err := tx.query(ctx, "SELECT key, value FROM settings")
	if err != nil {
		return s, fmt.Errorf("store: settings: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return s, err
		}
		switch k {
		case "site_name":
			s.SiteName = v
		case "min_members":
			if n, err := strconv.Atoi(v); err == nil {
				s.MinMembers = n
			}
		}
	}
	return s, rows.Err()
}

// UpdateSettings saves the site settings (admins only). A new min_members applies to
// every community at once, in the same transaction: the lifecycle is a rule, not a
// record of the past.
func (db *DB) UpdateSettings(ctx context.Context, s copse.Settings) error {
	switch me := copse.UserFromContext(ctx); {
	case me == nil:
		return copse.Errorf(copse.EUNAUTHORIZED, "Sign in as an admin to change the site settings.")
	case !me.Admin:
		return copse.Errorf(copse.EFORBIDDEN, "Only an admin can change the site settings.")
	}
	if err := s.Validate(); err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		for k, v := range map[string]string{"site_name": s.SiteName, "min_members": strconv.Itoa(s.MinMembers)} {
			if _, err := tx.exec(ctx, "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", k, v); err != nil {
				return fmt.Errorf("store: update settings: %w", err)
			}
		}
		return tx.recomputeAllStatuses(ctx, s.MinMembers)
	})
}
