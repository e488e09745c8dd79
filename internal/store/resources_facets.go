package store

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/copse-dev/copse"
)

// libraryCount marks the facet queries: counting the library by facet reads every
// resource the filter lets through (the page cache spares anonymous readers the
// cost); the query-plan test lets these, and only these, scan the resources table.
const libraryCount = "/* library count */ "

// maxFacetValues is how many values of each facet the library shows, most used first.
const maxFacetValues = 25

// ResourceFacets counts the resources that match the filter (its cursor and sort
// aside) by type, persona, tag and community. Each facet is counted without its
// own filter, so choosing a type still shows how many resources each other type
// has and the reader can switch between them.
//
// Counting reads every resource the filter lets through, so the counts are made
// in two parts: what every reader (or every signed-in reader) may see, shared by
// all of them until the content version moves on, and what this reader sees only
// as a member (or an admin), counted for them alone — usually a handful.
func (db *DB) ResourceFacets(ctx context.Context, f copse.ResourceFilter) (copse.Facets, error) {
	me := copse.UserFromContext(ctx)
	// Everyone stands for any reader like this one without memberships or powers.
	standIn := &copse.User{ID: -1, Handle: "everyone"}
	everyone := ctx
	if me != nil {
		everyone = copse.WithUser(ctx, standIn)
	}
	key := facetKey{f.Type, f.Persona, f.Tag, f.Community, f.Q, f.NeedsReview, me != nil}
	version, verr := db.Version(ctx) // before the counts: a change in between makes the next reader count again
	var out copse.Facets
	err := db.view(ctx, func(tx *Tx) error {
		shared, known := db.facets.get(key, version)
		if verr != nil || !known {
			var err error
			if shared, err = tx.countFacets(everyone, f, "", nil); err != nil {
				return err
			}
			if verr == nil {
				db.facets.put(key, version, shared)
			}
		}
		out = shared.Clone()
		if me == nil {
			return nil
		}
		// What this reader sees beyond everyone: readable by them, not by everyone.
		extra := "NOT " + readable("r")
		args := readableArgs(standIn)
		if !me.Admin { // beyond everyone, a reader sees only their communities' resources
			extra += " AND r.community_id IN (SELECT xm.community_id FROM members xm WHERE xm.user_id = ?)"
			args = append(args, me.ID)
		}
		mine, err := tx.countFacets(ctx, f, extra, args)
		if err != nil {
			return err
		}
		out.Add(mine)
		return nil
	})
	if err != nil {
		return out, fmt.Errorf("store: resource facets: %w", err)
	}
	out.Top(maxFacetValues)
	for i := range out.Communities {
		if out.Communities[i].Value == copse.SiteWide {
			out.Communities[i].Label = "Site-wide"
		}
	}
	for i := range out.Types {
		if out.Types[i].Value == "" {
			out.Types[i].Label = "No type given"
		}
	}
	return out, nil
}

// countFacets counts every value of each facet among the resources the reader of
// ctx may read that match f, and the extra clause.
func (tx *Tx) countFacets(ctx context.Context, f copse.ResourceFilter, extra string, extraArgs []any) (copse.Facets, error) {
	var out copse.Facets
	count := func(without func(*copse.ResourceFilter), sel, from, group string) ([]copse.FacetCount, error) {
		g := f
		without(&g)
		where, args := tx.resourceWhere(ctx, g)
		if extra != "" {
			where, args = append(where, extra), append(args, extraArgs...)
		}
		rows, err := tx.query(ctx, libraryCount+"SELECT "+sel+", count(*) FROM resources r "+from+" WHERE "+strings.Join(where, " AND ")+
			" GROUP BY "+group, args...)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		var fc []copse.FacetCount
		for rows.Next() {
			var c copse.FacetCount
			if err := rows.Scan(&c.Value, &c.Label, &c.Count); err != nil {
				return nil, err
			}
			fc = append(fc, c)
		}
		return fc, rows.Err()
	}
	var err error
	if out.Types, err = count(func(g *copse.ResourceFilter) { g.Type = "" },
		"r.resource_type, r.resource_type", "", "r.resource_type"); err != nil {
		return out, err
	}
	if out.Personas, err = count(func(g *copse.ResourceFilter) { g.Persona = "" },
		"p.persona, p.persona", "JOIN resource_personas p ON p.resource_id = r.id", "p.persona"); err != nil {
		return out, err
	}
	if out.Tags, err = count(func(g *copse.ResourceFilter) { g.Tag = "" },
		"t.tag, t.tag", "JOIN resource_tags t ON t.resource_id = r.id", "t.tag"); err != nil {
		return out, err
	}
	if out.Communities, err = count(func(g *copse.ResourceFilter) { g.Community = "" },
		"coalesce(c.slug, '-'), coalesce(c.name, '')", "LEFT JOIN communities c ON c.id = r.community_id", "c.slug, c.name"); err != nil {
		return out, err
	}
	where, args := tx.resourceWhere(ctx, f)
	if extra != "" {
		where, args = append(where, extra), append(args, extraArgs...)
	}
	err = tx.queryRow(ctx, libraryCount+"SELECT count(*) FROM resources r WHERE "+strings.Join(where, " AND "), args...).Scan(&out.Total)
	return out, err
}

// facetKey is a library filter (cursor and sort aside) and whether its reader is
// signed in: the counts of what everyone may see depend on nothing else.
type facetKey struct {
	typ, persona, tag, community, q string
	needsReview, signedIn           bool
}

// facetMemo keeps the shared counts of recent filters at one content version.
type facetMemo struct {
	mu      sync.Mutex
	version int64
	by      map[facetKey]copse.Facets
}

// maxFacetMemo bounds the filters remembered: a few hundred cover what people
// click between two changes to the site.
const maxFacetMemo = 512

func (m *facetMemo) get(k facetKey, version int64) (copse.Facets, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	f, ok := m.by[k]
	return f, ok && m.version == version
}

func (m *facetMemo) put(k facetKey, version int64, f copse.Facets) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if version != m.version || m.by == nil || len(m.by) >= maxFacetMemo {
		if version < m.version {
			return // an older count, finished late
		}
		m.version, m.by = version, map[facetKey]copse.Facets{}
	}
	m.by[k] = f
}
