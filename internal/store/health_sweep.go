package store

import (
	"context"
	"fmt"
	"time"

	"github.com/copse-dev/copse"
)

// SiteHealth returns a page of the communities the viewer may see, with their
// health, most at risk first, from assessments at most healthFresh old (see
// health_memo.go); the cursor is the position in that order (score, then slug).
func (db *DB) SiteHealth(ctx context.Context, limit int, cursor string) (copse.Page[copse.Health], error) {
	var page copse.Page[copse.Health]
	cur, err := decodeCursorParts(cursor, 2)
	if err != nil {
		return page, err
	}
	limit = copse.ClampLimit(limit)
	var all []copse.Health
	err = db.view(ctx, func(tx *Tx) error {
		all, err = tx.rankedHealth(ctx, &db.healthMemo)
		return err
	})
	if err != nil {
		return page, fmt.Errorf("store: site health: %w", err)
	}
	sortHealth(all)
	start := 0
	if cursor != "" {
		var score int
		if _, err := fmt.Sscan(cur[0], &score); err != nil {
			return page, badCursor()
		}
		for start < len(all) && (all[start].Score < score || all[start].Score == score && all[start].Community.Slug <= cur[1]) {
			start++
		}
	}
	end := min(start+limit, len(all))
	page.Items = all[start:end]
	if end < len(all) {
		last := all[end-1]
		page.Next = encodeCursor(fmt.Sprint(last.Score), last.Community.Slug)
	}
	if page.Items == nil {
		page.Items = []copse.Health{}
	}
	return page, nil
}

// eachCommunityBatch hands the forming, active and dormant communities that match
// the clause (on alias c) to fn, a batch at a time, with their health facts.
func (tx *Tx) eachCommunityBatch(ctx context.Context, clause string, args []any, fn func([]*copse.Community, map[int64]*copse.HealthFacts) error) error {
	after := int64(0)
	for {
		rows, err := tx.query(ctx, communitySelect+" WHERE c.status IN ('forming', 'active', 'dormant') AND c.id > ? AND "+clause+" ORDER BY c.id LIMIT ?",
			concat([]any{int64(0), after}, args, []any{healthBatch})...)
		if err != nil {
			return err
		}
		var cs []*copse.Community
		for rows.Next() {
			c, _, err := scanCommunity(rows)
			if err != nil {
				rows.Close()
				return err
			}
			cs = append(cs, c)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if len(cs) == 0 {
			return nil
		}
		facts, err := tx.healthFacts(ctx, cs)
		if err != nil {
			return err
		}
		if err := fn(cs, facts); err != nil {
			return err
		}
		if len(cs) < healthBatch {
			return nil
		}
		after = cs[len(cs)-1].ID
	}
}

// SweepResult says what a health sweep did.
type SweepResult struct {
	Points  int // ledger rows that changed
	Dormant int // communities that fell dormant
	Woken   int // dormant communities that woke
	Reports int // monthly reports recorded
}

// SweepHealth is the periodic work of recognition and health, which the outbox
// worker runs every few minutes: it brings the points ledger up to date, applies
// CONTRACT.md's dormant rule (recording a community.dormant event), keeps each
// community's score of the day, and records each facilitator's monthly report once.
// Each step is idempotent, so several instances may sweep at once.
func (db *DB) SweepHealth(ctx context.Context) (SweepResult, error) {
	var r SweepResult
	var err error
	if r.Points, err = db.RefreshRecognition(ctx); err != nil {
		return r, err
	}
	var swept []copse.Health
	err = db.updateQuiet(ctx, func(tx *Tx) error {
		swept = swept[:0]
		changed := false
		month := copse.ReportMonth(tx.now)
		err := tx.eachCommunityBatch(ctx, "true", nil, func(cs []*copse.Community, facts map[int64]*copse.HealthFacts) error {
			var due []*copse.Community
			healths := map[int64]copse.Health{}
			for _, c := range cs {
				f := facts[c.ID]
				switch next := f.NextDormancy(tx.now); {
				case next == c.Status:
				case next == copse.StatusDormant:
					if err := tx.fallDormant(ctx, c, f); err != nil {
						return err
					}
					r.Dormant++
					f.Status, c.Status, changed = next, next, true
				default:
					if _, err := tx.exec(ctx, "UPDATE communities SET status = ? WHERE id = ?", string(next), c.ID); err != nil {
						return err
					}
					r.Woken++
					f.Status, c.Status, changed = next, next, true
				}
				h := copse.Assess(*f, tx.now)
				healths[c.ID] = h
				swept = append(swept, h)
				res, err := tx.exec(ctx, `INSERT INTO health_snapshots (community_id, day, score) VALUES (?, ?, ?)
					ON CONFLICT (community_id, day) DO UPDATE SET score = excluded.score WHERE health_snapshots.score <> excluded.score`,
					c.ID, tx.now.Format(time.DateOnly), h.Score)
				if err != nil {
					return err
				}
				if n, _ := res.RowsAffected(); n > 0 {
					changed = true
				}
				if c.CreatedAt.Before(month.AddDate(0, 1, 0)) {
					due = append(due, c)
				}
			}
			n, err := tx.recordReports(ctx, due, healths, month)
			r.Reports += n
			return err
		})
		if err != nil || !changed {
			return err
		}
		_, err = tx.exec(ctx, "UPDATE content_version SET n = n + 1 WHERE id = 1")
		return err
	})
	if err != nil {
		return r, fmt.Errorf("store: health sweep: %w", err)
	}
	db.healthMemo.keep(swept) // the site's ranking shows these while they are fresh
	return r, nil
}

// fallDormant makes a community dormant and tells its list why, in the same transaction.
func (tx *Tx) fallDormant(ctx context.Context, c *copse.Community, f *copse.HealthFacts) error {
	if _, err := tx.exec(ctx, "UPDATE communities SET status = 'dormant' WHERE id = ?", c.ID); err != nil {
		return err
	}
	quiet, _ := f.QuietFor(tx.now)
	return tx.recordEvent(ctx, copse.EventCommunityDormant, c.ID, "community", c.ID, map[string]any{
		"community": c.Slug, "title": c.Name + " is dormant", "path": "/communities/" + c.Slug + "/health",
		"text": fmt.Sprintf("Nothing has happened in %s for %d days: no meeting, no topic, no resource, no new member. "+
			"It is dormant now, and wakes as soon as something happens: propose a topic, or come to the next meeting.", c.Name, int(quiet.Hours()/24)),
		"visibility": string(c.Visibility)})
}
