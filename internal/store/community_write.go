package store

import (
	"context"
	"fmt"

	"github.com/copse-dev/copse"
)

// CreateCommunity creates a community. Its creator becomes its facilitator and it
// starts forming, unless it is a suggested community, which has no facilitator yet
// and counts its creator as interested.
func (db *DB) CreateCommunity(ctx context.Context, n copse.NewCommunity) (*copse.Community, error) {
	me := copse.UserFromContext(ctx)
	if me == nil {
		return nil, copse.Errorf(copse.EUNAUTHORIZED, "Sign in to start a community.")
	}
	if err := n.Validate(); err != nil {
		return nil, err
	}
	status := copse.StatusForming
	if n.Suggested {
		status = copse.StatusSuggested
	}
	var c *copse.Community
	err := db.update(ctx, func(tx *Tx) error {
		var cad copse.Cadence
		if n.Cadence != nil {
			cad = *n.Cadence
		}
		id, err := tx.insert(ctx, `INSERT INTO communities (slug, name, subject, description, status, visibility,
			channel_name, channel_url, cadence_rrule, cadence_timezone, cadence_minutes, created_by, created_at, updated_at, last_activity_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			n.Slug, n.Name, n.Subject, n.Description, string(status), string(n.Visibility), n.Channel.Name, n.Channel.URL,
			cad.RRule, cad.Timezone, cad.DurationMinutes, me.ID, tx.now, tx.now, tx.now)
		if isUnique(err) {
			return &copse.Error{Code: copse.ECONFLICT, Message: fmt.Sprintf("A community at %q exists already.", n.Slug),
				Fields: map[string]string{"slug": "is taken; choose another"}}
		}
		if err != nil {
			return err
		}
		if err := tx.setTags(ctx, id, n.Tags); err != nil {
			return err
		}
		if err := tx.setLinks(ctx, id, n.Links); err != nil {
			return err
		}
		if n.Suggested {
			// Whoever suggests a subject wants it: they count among the interested.
			if _, err := tx.exec(ctx, "INSERT INTO interests (community_id, user_id, created_at) VALUES (?, ?, ?)", id, me.ID, tx.now); err != nil {
				return err
			}
		} else {
			if _, err := tx.exec(ctx, "INSERT INTO members (community_id, user_id, role, joined_at) VALUES (?, ?, ?, ?)",
				id, me.ID, string(copse.RoleFacilitator), tx.now); err != nil {
				return err
			}
		}
		c, _, err = tx.findCommunity(ctx, n.Slug, false)
		if err != nil {
			return err
		}
		if err := tx.applyLifecycle(ctx, c, true); err != nil {
			return err
		}
		if err := tx.indexCommunity(ctx, id); err != nil {
			return err
		}
		return tx.fillCommunities(ctx, []*copse.Community{c})
	})
	if err != nil {
		return nil, fmt.Errorf("store: create community: %w", err)
	}
	return c, nil
}

// UpdateCommunity changes a community's charter and settings, archives it or
// restores it. Facilitators and admins only; archived communities only restore.
func (db *DB) UpdateCommunity(ctx context.Context, slug string, u copse.CommunityUpdate) (*copse.Community, error) {
	var c *copse.Community
	err := db.update(ctx, func(tx *Tx) error {
		var (
			v   copse.Viewer
			err error
		)
		c, v, err = tx.findCommunity(ctx, slug, true)
		if err != nil {
			return err
		}
		if err := v.AuthorizeEdit(c, &u); err != nil {
			return err
		}
		if err := u.Validate(); err != nil {
			return err
		}
		if u.Empty() {
			return tx.fillCommunities(ctx, []*copse.Community{c})
		}
		if u.Status != nil {
			if err := tx.setStatus(ctx, c, *u.Status); err != nil {
				return err
			}
		}
		var cad *copse.Cadence
		if u.Cadence != nil {
			cad = &copse.Cadence{}
			if *u.Cadence != nil {
				cad = *u.Cadence
			}
		}
		var chName, chURL *string
		if u.Channel != nil {
			chName, chURL = &u.Channel.Name, &u.Channel.URL
		}
		var rrule, tz *string
		var minutes *int
		if cad != nil {
			rrule, tz, minutes = &cad.RRule, &cad.Timezone, &cad.DurationMinutes
		}
		_, err = tx.exec(ctx, `UPDATE communities SET name = coalesce(?, name), subject = coalesce(?, subject),
			description = coalesce(?, description), visibility = coalesce(?, visibility),
			channel_name = coalesce(?, channel_name), channel_url = coalesce(?, channel_url),
			cadence_rrule = coalesce(?, cadence_rrule), cadence_timezone = coalesce(?, cadence_timezone),
			cadence_minutes = coalesce(?, cadence_minutes), updated_at = ? WHERE id = ?`,
			u.Name, u.Subject, u.Description, (*string)(u.Visibility), chName, chURL, rrule, tz, minutes, tx.now, c.ID)
		if err != nil {
			return err
		}
		if u.Tags != nil {
			if err := tx.setTags(ctx, c.ID, *u.Tags); err != nil {
				return err
			}
		}
		if u.Links != nil {
			if err := tx.setLinks(ctx, c.ID, *u.Links); err != nil {
				return err
			}
		}
		if err := tx.indexCommunity(ctx, c.ID); err != nil {
			return err
		}
		c, _, err = tx.findCommunity(ctx, c.Slug, false)
		if err != nil {
			return err
		}
		return tx.fillCommunities(ctx, []*copse.Community{c})
	})
	if err != nil {
		return nil, fmt.Errorf("store: update community: %w", err)
	}
	return c, nil
}

// setStatus archives a community, or restores an archived one to what its members
// make it now.
func (tx *Tx) setStatus(ctx context.Context, c *copse.Community, to copse.Status) error {
	next := copse.StatusArchived
	if to != copse.StatusArchived {
		h, err := tx.headcount(ctx, c.ID)
		if err != nil {
			return err
		}
		s, err := tx.settings(ctx)
		if err != nil {
			return err
		}
		next = copse.Restore(h, s.MinMembers)
	}
	_, err := tx.exec(ctx, "UPDATE communities SET status = ? WHERE id = ?", string(next), c.ID)
	c.Status = next
	return err
}

func (tx *Tx) setTags(ctx context.Context, id int64, tags []string) error {
	if _, err := tx.exec(ctx, "DELETE FROM community_tags WHERE community_id = ?", id); err != nil {
		return err
	}
	for i, t := range tags {
		if _, err := tx.exec(ctx, "INSERT INTO community_tags (community_id, tag, position) VALUES (?, ?, ?)", id, t, i); err != nil {
			return err
		}
	}
	return nil
}

func (tx *Tx) setLinks(ctx context.Context, id int64, links []copse.Link) error {
	if _, err := tx.exec(ctx, "DELETE FROM community_links WHERE community_id = ?", id); err != nil {
		return err
	}
	for i, l := range links {
		if _, err := tx.exec(ctx, "INSERT INTO community_links (community_id, position, title, url) VALUES (?, ?, ?, ?)", id, i, l.Title, l.URL); err != nil {
			return err
		}
	}
	return nil
}
