package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/copse-dev/copse"
)

// libraryCount marks the facet queries: counting the library by facet reads every
// resource the filter lets through (the page cache spares anonymous readers the
// cost); the query-plan test lets these, and only these, scan the resources table.
const libraryCount = "/* library count */ "

// maxFacetValues is how many values of each facet the library shows, most used first.
const maxFacetValues = 25

// ResourceFacets counts the resources that match the filter (its cursor and sort
// aside) by type, persona, tag and community, in four grouped queries. Each facet
// is counted without its own filter, so choosing a type still shows how many
// resources each other type has and the reader can switch between them.
func (db *DB) ResourceFacets(ctx context.Context, f copse.ResourceFilter) (copse.Facets, error) {
	var out copse.Facets
	err := db.view(ctx, func(tx *Tx) error {
		count := func(without func(*copse.ResourceFilter), sel, from, group string) ([]copse.FacetCount, error) {
			g := f
			without(&g)
			where, args := tx.resourceWhere(ctx, g)
			q := libraryCount + "SELECT " + sel + ", count(*) FROM resources r " + from + " WHERE " + strings.Join(where, " AND ") +
				" GROUP BY " + group + " ORDER BY count(*) DESC, 1 LIMIT ?"
			rows, err := tx.query(ctx, q, append(args, maxFacetValues)...)
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
			return err
		}
		if out.Personas, err = count(func(g *copse.ResourceFilter) { g.Persona = "" },
			"p.persona, p.persona", "JOIN resource_personas p ON p.resource_id = r.id", "p.persona"); err != nil {
			return err
		}
		if out.Tags, err = count(func(g *copse.ResourceFilter) { g.Tag = "" },
			"t.tag, t.tag", "JOIN resource_tags t ON t.resource_id = r.id", "t.tag"); err != nil {
			return err
		}
		if out.Communities, err = count(func(g *copse.ResourceFilter) { g.Community = "" },
			"coalesce(c.slug, '-'), coalesce(c.name, '')", "LEFT JOIN communities c ON c.id = r.community_id", "c.slug, c.name"); err != nil {
			return err
		}
		where, args := tx.resourceWhere(ctx, f)
		return tx.queryRow(ctx, libraryCount+"SELECT count(*) FROM resources r WHERE "+strings.Join(where, " AND "), args...).Scan(&out.Total)
	})
	if err != nil {
		return out, fmt.Errorf("store: resource facets: %w", err)
	}
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
