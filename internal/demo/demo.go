// Package demo loads a small, realistic site drawn from the source documents, so a
// newcomer's first screen is alive: GitLab's customer-success communities (seed
// 002), BC Gov's DevOps Commons (seed 000), the UK public-sector cloud community
// (seed 004), the UK cross-government software community's Lean Coffee, and a
// product community like the one in seed 003.
package demo

import (
	"context"
	"fmt"
	"strings"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/store"
)

type person struct{ handle, name, organisation string }

type community struct {
	facilitator string // "" for a suggested community
	new         copse.NewCommunity
	core        []string
	members     []string
	contributor []string
	interested  []string
}

// Load fills an empty database with the demo and reports whether it did. A database
// that holds anything is left alone.
func Load(ctx context.Context, db *store.DB) (bool, error) {
	empty, err := db.Empty(ctx)
	if err != nil || !empty {
		return false, err
	}
	for _, p := range people {
		u := copse.NewUser{Handle: p.handle, Email: p.handle + "@demo.copse.invalid", Name: p.name}
		if _, err := db.CreateUser(ctx, u); err != nil {
			return false, fmt.Errorf("demo person %s: %w", p.handle, err)
		}
		if p.organisation != "" {
			org := p.organisation
			if _, err := db.UpdateProfile(as(ctx, db, p.handle), copse.ProfileUpdate{Organisation: &org}); err != nil {
				return false, err
			}
		}
	}
	for _, c := range communities {
		if err := load(ctx, db, c); err != nil {
			return false, fmt.Errorf("demo community %s: %w", c.new.Name, err)
		}
	}
	if err := loadMeetings(ctx, db); err != nil { // demo_meetings.go
		return false, err
	}
	if err := loadResources(ctx, db); err != nil {
		return false, err
	}
	if err := loadHelp(ctx, db); err != nil { // demo_help.go
		return false, err
	}
	if err := settle(ctx, db); err != nil { // the resources' events too
		return false, err
	}
	return true, nil
}

func load(ctx context.Context, db *store.DB, c community) error {
	creator := c.facilitator
	if creator == "" {
		creator = c.interested[0]
	}
	created, err := db.CreateCommunity(as(ctx, db, creator), c.new)
	if err != nil {
		return err
	}
	slug := created.Slug
	for _, group := range []struct {
		role    copse.Role
		handles []string
	}{{copse.RoleMember, c.core}, {copse.RoleMember, c.members}, {copse.RoleContributor, c.contributor}} {
		for _, h := range group.handles {
			if _, _, err := db.Join(as(ctx, db, h), slug, group.role); err != nil {
				return err
			}
		}
	}
	for _, h := range c.core {
		if _, err := db.SetRole(as(ctx, db, c.facilitator), slug, h, copse.RoleCore); err != nil {
			return err
		}
	}
	for _, h := range c.interested {
		if _, err := db.RegisterInterest(as(ctx, db, h), slug); err != nil {
			return err
		}
	}
	return nil
}

// as returns a context in which the demo person with that handle is signed in.
func as(ctx context.Context, db *store.DB, handle string) context.Context {
	u, err := db.FindUser(ctx, handle)
	if err != nil {
		panic("demo: unknown person " + handle) // the tables below are wrong; tests catch it
	}
	return copse.WithUser(ctx, u)
}

func monthly(rrule, zone string, minutes int) *copse.Cadence {
	return &copse.Cadence{RRule: rrule, Timezone: zone, DurationMinutes: minutes}
}

func charter(lines ...string) string { return strings.Join(lines, "\n") }
