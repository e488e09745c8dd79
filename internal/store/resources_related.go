package store

import (
	"context"
	"fmt"
	"slices"
	"strconv"

	"github.com/copse-dev/copse"
)

// RelatedResources returns up to n resources the viewer may read that share the
// most tags with the resource, then the newest of its community.
func (db *DB) RelatedResources(ctx context.Context, r *copse.Resource, n int) ([]*copse.Resource, error) {
	me := copse.UserFromContext(ctx)
	var communityID int64
	if r.Community != nil {
		communityID = r.Community.ID
	}
	// Candidates come from two indexed paths — the resources sharing most tags, and
	// the newest of the community — so the query never reads the whole library, nor
	// every resource of a common tag ("how-to" is on thousands).
	q := resourceSelect + ` JOIN (SELECT id, max(shared) AS shared FROM (
			SELECT id, shared FROM (SELECT t2.resource_id AS id, count(*) AS shared FROM resource_tags t1
			JOIN resource_tags t2 ON t2.tag = t1.tag AND t2.resource_id <> t1.resource_id
			WHERE t1.resource_id = ? GROUP BY t2.resource_id ORDER BY count(*) DESC, t2.resource_id DESC LIMIT ?) sharing
			UNION ALL
			SELECT id, 0 FROM (SELECT x.id FROM resources x WHERE x.community_id = ? AND x.id <> ?
				ORDER BY x.updated_at DESC LIMIT ?) newest
		) candidates GROUP BY id) m ON m.id = r.id
		WHERE r.merged_into IS NULL AND ` + readable("r") + `
		ORDER BY m.shared DESC, r.updated_at DESC, r.id LIMIT ?`
	args := append([]any{viewerID(me), r.ID, 4 * n, communityID, r.ID, 4 * n}, readableArgs(me)...)
	out := []*copse.Resource{}
	err := db.view(ctx, func(tx *Tx) error {
		rows, err := tx.query(ctx, q, append(args, n)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			x, _, err := scanResource(rows)
			if err != nil {
				return err
			}
			out = append(out, x)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		return tx.fillResources(ctx, out)
	})
	if err != nil {
		return nil, fmt.Errorf("store: related resources: %w", err)
	}
	return out, nil
}

// Cluster is a group of near-duplicate resources, to merge into one.
type Cluster struct {
	Resources []*copse.Resource
	Score     float64 // the highest similarity within the group
	CanMerge  bool    // the viewer may change every resource of the group
}

// maxPairs bounds the near-duplicate pairs one page of clusters is built from.
const maxPairs = 5000

// DuplicateClusters returns a page of groups of near-duplicates that the viewer
// may read, ordered by their first resource; stewards (admins, and the
// facilitators and core team of any community) may see it.
func (db *DB) DuplicateClusters(ctx context.Context, cursor string, limit int) (copse.Page[Cluster], error) {
	var page copse.Page[Cluster]
	me := copse.UserFromContext(ctx)
	if me == nil {
		return page, copse.Errorf(copse.EUNAUTHORIZED, "Sign in to see duplicate resources.")
	}
	after, err := decodeCursor(cursor)
	if err != nil {
		return page, err
	}
	afterID, _ := strconv.ParseInt(after, 10, 64)
	limit = copse.ClampLimit(limit)
	err = db.view(ctx, func(tx *Tx) error {
		steward, err := tx.steward(ctx)
		if err != nil {
			return err
		}
		if !steward {
			return copse.Errorf(copse.EFORBIDDEN, "Only stewards (facilitators, core members and admins) merge duplicate resources.")
		}
		parent := map[int64]int64{}
		var find func(int64) int64
		find = func(x int64) int64 {
			if p, ok := parent[x]; ok && p != x {
				parent[x] = find(p)
				return parent[x]
			}
			parent[x] = x
			return x
		}
		best := map[int64]float64{}
		q := `SELECT s.resource_id, s.similar_id, s.score FROM resource_similar s
			JOIN resources a ON a.id = s.resource_id JOIN resources b ON b.id = s.similar_id
			WHERE a.merged_into IS NULL AND b.merged_into IS NULL AND ` + readable("a") + ` AND ` + readable("b") + `
			ORDER BY s.resource_id, s.similar_id LIMIT ?`
		rows, err := tx.query(ctx, q, append(append(readableArgs(me), readableArgs(me)...), maxPairs)...)
		if err != nil {
			return err
		}
		var pairs [][2]int64
		var scores []float64
		for rows.Next() {
			var a, b int64
			var s float64
			if err := rows.Scan(&a, &b, &s); err != nil {
				rows.Close()
				return err
			}
			pairs, scores = append(pairs, [2]int64{a, b}), append(scores, s)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, p := range pairs {
			ra, rb := find(p[0]), find(p[1])
			parent[max(ra, rb)] = min(ra, rb) // the root is the group's smallest id
		}
		groups := map[int64][]int64{}
		for i, p := range pairs {
			root := find(p[0])
			best[root] = max(best[root], scores[i])
		}
		for x := range parent {
			groups[find(x)] = append(groups[find(x)], x)
		}
		roots := make([]int64, 0, len(groups))
		for root := range groups {
			if root > afterID {
				roots = append(roots, root)
			}
		}
		slices.Sort(roots)
		if len(roots) > limit {
			roots = roots[:limit]
			page.Next = encodeCursor(strconv.FormatInt(roots[limit-1], 10))
		}
		return tx.loadClusters(ctx, &page, roots, groups, best)
	})
	if err != nil {
		return page, fmt.Errorf("store: duplicate clusters: %w", err)
	}
	return page, nil
}

// loadClusters reads the resources of a page of clusters in one query.
func (tx *Tx) loadClusters(ctx context.Context, page *copse.Page[Cluster], roots []int64, groups map[int64][]int64, best map[int64]float64) error {
	var ids []any
	for _, root := range roots {
		for _, id := range groups[root] {
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	me := copse.UserFromContext(ctx)
	rows, err := tx.query(ctx, resourceSelect+" WHERE r.id IN ("+placeholders(len(ids))+")", append([]any{viewerID(me)}, ids...)...)
	if err != nil {
		return err
	}
	byID := map[int64]*copse.Resource{}
	roles := map[int64]copse.Role{}
	var all []*copse.Resource
	for rows.Next() {
		r, role, err := scanResource(rows)
		if err != nil {
			rows.Close()
			return err
		}
		byID[r.ID], roles[r.ID] = r, role
		all = append(all, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if err := tx.fillResources(ctx, all); err != nil {
		return err
	}
	for _, root := range roots {
		c := Cluster{Score: best[root], CanMerge: true}
		members := groups[root]
		slices.Sort(members)
		for _, id := range members {
			r := byID[id]
			c.Resources = append(c.Resources, r)
			c.CanMerge = c.CanMerge && copse.Viewer{User: me, Role: roles[id]}.CanEditResource(r)
		}
		page.Items = append(page.Items, c)
	}
	return nil
}

// Steward reports whether the signed-in person looks after content: an admin, or
// a facilitator or core member of any community.
func (db *DB) Steward(ctx context.Context) (bool, error) {
	var ok bool
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		ok, err = tx.steward(ctx)
		return err
	})
	return ok, err
}

func (tx *Tx) steward(ctx context.Context) (bool, error) {
	me := copse.UserFromContext(ctx)
	if me == nil || me.Admin {
		return me != nil, nil
	}
	var n int
	err := tx.queryRow(ctx, "SELECT count(*) FROM members WHERE user_id = ? AND role IN ('facilitator', 'core')", me.ID).Scan(&n)
	return n > 0, err
}
