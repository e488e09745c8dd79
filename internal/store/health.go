package store

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/copse-dev/copse"
)

// Health is computed from what copse already knows — members, meetings, topics,
// votes, resources, answers, the points ledger's rules, declared commitment — for a
// batch of communities in a fixed number of queries, whatever the batch's size.

// healthBatch is how many communities one round of queries gathers facts for.
const healthBatch = 100

// CommunityHealth returns the health of a community the viewer may see.
func (db *DB) CommunityHealth(ctx context.Context, slug string) (copse.Health, error) {
	var h copse.Health
	// The version is read before the facts: a change in between makes the next
	// reader assess again, never the other way round.
	version, verr := db.Version(ctx)
	err := db.view(ctx, func(tx *Tx) error {
		c, _, err := tx.findCommunity(ctx, slug, false)
		if err != nil {
			return err
		}
		if c.Status == copse.StatusSuggested {
			return copse.Errorf(copse.ECONFLICT, "%s is a suggested community: it has no health until someone facilitates it.", c.Name)
		}
		var known bool
		if h, known = db.healthMemo.at(c.ID, version, tx.now.Add(-healthFresh)); verr == nil && known {
			return nil
		}
		facts, err := tx.healthFacts(ctx, []*copse.Community{c})
		if err != nil {
			return err
		}
		h = copse.Assess(*facts[c.ID], tx.now)
		if verr == nil {
			db.healthMemo.keepAt(c.ID, version, h)
		}
		return nil
	})
	if err != nil {
		return h, fmt.Errorf("store: community health: %w", err)
	}
	return h, nil
}

// HealthHistory returns a community's daily scores since from, oldest first.
func (db *DB) HealthHistory(ctx context.Context, communityID int64, from time.Time) ([]copse.HealthPoint, error) {
	out := []copse.HealthPoint{}
	err := db.view(ctx, func(tx *Tx) error {
		rows, err := tx.query(ctx, "SELECT day, score FROM health_snapshots WHERE community_id = ? AND day >= ? ORDER BY day",
			communityID, from.UTC().Format(time.DateOnly))
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var (
				p   copse.HealthPoint
				day string
			)
			if err := rows.Scan(&day, &p.Score); err != nil {
				return err
			}
			p.Day, _ = time.Parse(time.DateOnly, day)
			out = append(out, p)
		}
		return rows.Err()
	})
	return out, err
}

// healthFacts gathers the facts of Assess for the communities.
func (tx *Tx) healthFacts(ctx context.Context, cs []*copse.Community) (map[int64]*copse.HealthFacts, error) {
	out := make(map[int64]*copse.HealthFacts, len(cs))
	if len(cs) == 0 {
		return out, nil
	}
	s, err := tx.settings(ctx)
	if err != nil {
		return nil, err
	}
	ids := make([]any, len(cs))
	for i, c := range cs {
		ids[i] = c.ID
		out[c.ID] = &copse.HealthFacts{Community: copse.CommunityRef{ID: c.ID, Slug: c.Slug, Name: c.Name}, Status: c.Status,
			CreatedAt: c.CreatedAt, Cadence: c.Cadence, MinMembers: s.MinMembers}
	}
	in := "(" + placeholders(len(ids)) + ")"
	year, quarter := tx.now.AddDate(-1, 0, 0), tx.now.Add(-91*24*time.Hour)
	for _, step := range []func() error{
		func() error { // people: the headcount, and what counted members declared
			return tx.scanRows(ctx, "SELECT community_id, role, commitment_hours FROM members WHERE community_id IN "+in, ids, func(rows *sql.Rows) error {
				var (
					id    int64
					role  string
					hours sql.NullInt64
				)
				if err := rows.Scan(&id, &role, &hours); err != nil {
					return err
				}
				f := out[id]
				f.Head.Add(copse.Role(role), 1)
				if role != string(copse.RoleContributor) {
					var h *int
					if hours.Valid {
						n := int(hours.Int64)
						h = &n
					}
					f.Commitments = append(f.Commitments, h)
				}
				return nil
			})
		},
		func() error { // meetings held: this year's, and the latest ever
			return tx.scanTimes(ctx, `SELECT community_id, starts_at, 1 FROM meetings WHERE community_id IN `+in+` AND status = 'held' AND starts_at >= ? AND starts_at < ?
				UNION ALL SELECT community_id, max(starts_at), 0 FROM meetings WHERE community_id IN `+in+` AND status = 'held' AND starts_at < ? GROUP BY community_id`,
				concat(ids, []any{year, tx.now}, ids, []any{tx.now}), func(f *copse.HealthFacts, t time.Time, recent bool) {
					if recent {
						f.Held = append(f.Held, t)
					} else {
						f.LastMeeting = t
					}
				}, out)
		},
		func() error { // activity: the last 91 days of it, and the latest ever
			q, args := activityQuery(in, ids, quarter, tx.now)
			return tx.scanTimes(ctx, q, args, func(f *copse.HealthFacts, t time.Time, recent bool) {
				if recent {
					f.Activity = append(f.Activity, t)
				}
				if t.After(f.LastActivity) {
					f.LastActivity = t
				}
			}, out)
		},
		func() error { return tx.resourceFacts(ctx, in, ids, out) },
		func() error { return tx.contributorFacts(ctx, in, ids, year, out) },
		func() error { return tx.helpFacts(ctx, in, ids, out) },
	} {
		if err := step(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// activityQuery is everything that counts as a community doing something, each part
// a (community, time, recent) row: recent rows within the window, then the latest of
// each kind ever, for the dormant rule.
func activityQuery(in string, ids []any, from, now time.Time) (string, []any) {
	kinds := []struct {
		table, at, where string
		past             bool // the where clause takes now: only what has happened counts
	}{
		{"topics x", "x.created_at", "x.community_id IN " + in, false},
		{"topic_votes v JOIN topics x ON x.id = v.topic_id", "v.created_at", "x.community_id IN " + in, false},
		{"meetings x", "x.starts_at", "x.community_id IN " + in + " AND x.status = 'held' AND x.starts_at < ?", true},
		{"resources x", "x.created_at", "x.community_id IN " + in, false},
		{"announcements x", "x.created_at", "x.community_id IN " + in, false},
		{"members x", "x.joined_at", "x.community_id IN " + in, false},
		{"questions x", "x.created_at", "x.community_id IN " + in, false},
		{"answers a JOIN questions x ON x.id = a.question_id", "a.created_at", "x.community_id IN " + in, false},
	}
	var (
		parts []string
		args  []any
	)
	for _, k := range kinds {
		bound := []any{}
		if k.past {
			bound = []any{now}
		}
		parts = append(parts, "SELECT x.community_id, "+k.at+", 1 FROM "+k.table+" WHERE "+k.where+" AND "+k.at+" >= ?",
			"SELECT x.community_id, max("+k.at+"), 0 FROM "+k.table+" WHERE "+k.where+" GROUP BY x.community_id")
		args = concat(args, ids, bound, []any{from}, ids, bound)
	}
	parts = append(parts, "SELECT id, last_activity_at, 0 FROM communities WHERE id IN "+in)
	args = append(args, ids...)
	return strings.Join(parts, "\nUNION ALL\n"), args
}

// resourceFacts counts each community's resources and the stale ones, and reads
// the tags of each, for the breadth signal.
func (tx *Tx) resourceFacts(ctx context.Context, in string, ids []any, out map[int64]*copse.HealthFacts) error {
	stale, staleArgs := tx.staleClause(ctx)
	err := tx.scanRows(ctx, "SELECT r.community_id, count(*), sum(CASE WHEN "+stale+" THEN 1 ELSE 0 END) FROM resources r WHERE r.community_id IN "+in+
		" AND r.merged_into IS NULL GROUP BY r.community_id", concat(staleArgs, ids), func(rows *sql.Rows) error {
		var id int64
		var n, s int
		if err := rows.Scan(&id, &n, &s); err != nil {
			return err
		}
		out[id].Resources, out[id].StaleResources = n, s
		return nil
	})
	if err != nil {
		return err
	}
	var last int64 = -1
	return tx.scanRows(ctx, `SELECT r.community_id, r.id, rt.tag FROM resources r JOIN resource_tags rt ON rt.resource_id = r.id
		WHERE r.community_id IN `+in+` AND r.merged_into IS NULL ORDER BY r.community_id, r.id, rt.position`, ids, func(rows *sql.Rows) error {
		var (
			cid, rid int64
			tag      string
		)
		if err := rows.Scan(&cid, &rid, &tag); err != nil {
			return err
		}
		f := out[cid]
		if rid != last {
			f.TagSets = append(f.TagSets, nil)
			last = rid
		}
		f.TagSets[len(f.TagSets)-1] = append(f.TagSets[len(f.TagSets)-1], tag)
		return nil
	})
}

// contributorFacts reads who contributed what to each community in the last year
// from the points ledger (what people made, not the votes they drew), which the
// health sweep keeps up to date, and how many resources each maintains alone.
func (tx *Tx) contributorFacts(ctx context.Context, in string, ids []any, from time.Time, out map[int64]*copse.HealthFacts) error {
	type key struct {
		community int64
		handle    string
	}
	byHandle := map[key]*copse.Contributor{}
	err := tx.scanRows(ctx, `SELECT x.community_id, u.handle, u.name, count(*), sum(CASE WHEN x.rule = 'meeting.facilitated' THEN 1 ELSE 0 END)
		FROM points x JOIN users u ON u.id = x.user_id
		WHERE x.community_id IN `+in+` AND x.earned_at >= ? AND x.rule <> 'topic.wanted'
		GROUP BY x.community_id, u.id, u.handle, u.name ORDER BY x.community_id, count(*) DESC, u.handle`, concat(ids, []any{from}), func(rows *sql.Rows) error {
		var (
			id int64
			c  copse.Contributor
		)
		if err := rows.Scan(&id, &c.Handle, &c.Name, &c.Count, &c.Meetings); err != nil {
			return err
		}
		out[id].Contributors = append(out[id].Contributors, c)
		return nil
	})
	if err != nil {
		return err
	}
	for id, f := range out {
		for i := range f.Contributors {
			byHandle[key{id, f.Contributors[i].Handle}] = &f.Contributors[i]
		}
	}
	return tx.scanRows(ctx, `SELECT r.community_id, u.handle, count(*) FROM resources r JOIN resource_authors ra ON ra.resource_id = r.id
		JOIN users u ON u.id = ra.user_id
		WHERE r.community_id IN `+in+` AND r.merged_into IS NULL
		AND NOT EXISTS (SELECT 1 FROM resource_authors o WHERE o.resource_id = r.id AND (o.user_id IS NULL OR o.user_id <> ra.user_id))
		GROUP BY r.community_id, u.handle`, ids, func(rows *sql.Rows) error {
		var (
			id     int64
			handle string
			n      int
		)
		if err := rows.Scan(&id, &handle, &n); err != nil {
			return err
		}
		if c := byHandle[key{id, handle}]; c != nil {
			c.SoleResources = n
		}
		return nil
	})
}

// scanRows runs a query and hands each row to fn.
func (tx *Tx) scanRows(ctx context.Context, q string, args []any, fn func(*sql.Rows) error) error {
	rows, err := tx.query(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// scanTimes reads (community, time, recent) rows into the facts; NULL times (a
// max over nothing) are skipped.
func (tx *Tx) scanTimes(ctx context.Context, q string, args []any, fn func(f *copse.HealthFacts, t time.Time, recent bool), out map[int64]*copse.HealthFacts) error {
	return tx.scanRows(ctx, q, args, func(rows *sql.Rows) error {
		var (
			id     int64
			t      time.Time
			recent int
		)
		if err := rows.Scan(&id, dbTime{&t}, &recent); err != nil {
			return err
		}
		if f := out[id]; f != nil && !t.IsZero() {
			fn(f, t, recent == 1)
		}
		return nil
	})
}

func concat(parts ...[]any) []any {
	var out []any
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

// sortHealth orders health verdicts for the site's ranking: most at risk first.
func sortHealth(hs []copse.Health) {
	sort.SliceStable(hs, func(i, j int) bool {
		if hs[i].Score != hs[j].Score {
			return hs[i].Score < hs[j].Score
		}
		return hs[i].Community.Slug < hs[j].Community.Slug
	})
}
