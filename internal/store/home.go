package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"

	"github.com/copse-dev/copse"
)

// HomeCommunities returns the first n communities of each kind the home page
// shows — active ones busiest first, forming ones nearest to active, suggestions
// by interest — and how many of each kind the viewer may see. A ministry has
// hundreds of communities: they are ranked from their counts alone, and only the
// ones shown are read whole, in a fixed number of queries whatever the site's size.
func (db *DB) HomeCommunities(ctx context.Context, n int) (map[copse.Status][]*copse.Community, map[copse.Status]int, error) {
	type ranked struct {
		id       int64
		slug     string
		status   copse.Status
		counted  int // members who count towards min_members
		interest int
	}
	shown := map[copse.Status][]*copse.Community{}
	totals := map[copse.Status]int{}
	err := db.view(ctx, func(tx *Tx) error {
		var all []ranked
		err := tx.scanRows(ctx, `SELECT c.id, c.slug, c.status,
			(SELECT count(*) FROM members m WHERE m.community_id = c.id AND m.role <> 'contributor'),
			(SELECT count(*) FROM interests i WHERE i.community_id = c.id)
			FROM communities c WHERE c.status IN ('active', 'forming', 'suggested') AND `+visible,
			visibleArgs(copse.UserFromContext(ctx)), func(rows *sql.Rows) error {
				var r ranked
				var status string
				if err := rows.Scan(&r.id, &r.slug, &status, &r.counted, &r.interest); err != nil {
					return err
				}
				r.status = copse.Status(status)
				all = append(all, r)
				return nil
			})
		if err != nil {
			return err
		}
		slices.SortFunc(all, func(a, b ranked) int {
			if a.status == copse.StatusSuggested {
				if c := cmp.Compare(b.interest, a.interest); c != 0 {
					return c
				}
			} else if c := cmp.Compare(b.counted, a.counted); c != 0 {
				return c
			}
			return cmp.Compare(a.slug, b.slug)
		})
		var ids []any
		order := map[int64]int{}
		for _, r := range all {
			totals[r.status]++
			if totals[r.status] <= n {
				order[r.id] = len(ids)
				ids = append(ids, r.id)
			}
		}
		if len(ids) == 0 {
			return nil
		}
		rows, err := tx.query(ctx, communitySelect+" WHERE c.id IN ("+placeholders(len(ids))+")",
			append([]any{viewerID(copse.UserFromContext(ctx))}, ids...)...)
		if err != nil {
			return err
		}
		cs := make([]*copse.Community, len(ids))
		for rows.Next() {
			c, _, err := scanCommunity(rows)
			if err != nil {
				rows.Close()
				return err
			}
			cs[order[c.ID]] = c
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		cs = slices.DeleteFunc(cs, func(c *copse.Community) bool { return c == nil })
		for _, c := range cs {
			shown[c.Status] = append(shown[c.Status], c)
		}
		return tx.fillCommunities(ctx, cs)
	})
	if err != nil {
		return nil, nil, fmt.Errorf("store: home communities: %w", err)
	}
	return shown, totals, nil
}
