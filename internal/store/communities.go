package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/copse-dev/copse"
)

// communitySelect reads a community with its counts and the viewer's role; the
// first parameter is the viewer's user id (0 when anonymous).
const communitySelect = `SELECT c.id, c.slug, c.name, c.subject, c.description, c.status, c.visibility,
	c.channel_name, c.channel_url, c.cadence_rrule, c.cadence_timezone, c.cadence_minutes, c.created_at, c.updated_at,
	(SELECT count(*) FROM members m WHERE m.community_id = c.id),
	(SELECT count(*) FROM interests i WHERE i.community_id = c.id),
	coalesce((SELECT vm.role FROM members vm WHERE vm.community_id = c.id AND vm.user_id = ?), '')
	FROM communities c`

// visible is the WHERE clause that hides what the viewer may not read; it takes
// (signed in, user id, admin) as parameters.
const visible = `(c.visibility = 'public' OR (c.visibility = 'signed-in' AND ?)
	OR EXISTS (SELECT 1 FROM members vm WHERE vm.community_id = c.id AND vm.user_id = ?) OR ?)`

func visibleArgs(u *copse.User) []any {
	if u == nil {
		return []any{false, int64(0), false}
	}
	return []any{true, u.ID, u.Admin}
}

func viewerID(u *copse.User) int64 {
	if u == nil {
		return 0
	}
	return u.ID
}

func scanCommunity(row interface{ Scan(...any) error }) (*copse.Community, copse.Role, error) {
	var (
		c    copse.Community
		cad  copse.Cadence
		role string
	)
	err := row.Scan(&c.ID, &c.Slug, &c.Name, &c.Subject, &c.Description, &c.Status, &c.Visibility,
		&c.Channel.Name, &c.Channel.URL, &cad.RRule, &cad.Timezone, &cad.DurationMinutes,
		dbTime{&c.CreatedAt}, dbTime{&c.UpdatedAt}, &c.MemberCount, &c.InterestCount, &role)
	if cad.RRule != "" {
		cad.Describe()
		c.Cadence = &cad
	}
	c.Tags, c.Links, c.Facilitators = []string{}, []copse.Link{}, []string{}
	return &c, copse.Role(role), err
}

// FindCommunity returns a community the viewer may see, and the viewer's standing
// in it. A community the viewer may not see is not found, so its name does not leak.
func (db *DB) FindCommunity(ctx context.Context, slug string) (*copse.Community, copse.Viewer, error) {
	var (
		c *copse.Community
		v copse.Viewer
	)
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		c, v, err = tx.findCommunity(ctx, slug, false)
		if err != nil {
			return err
		}
		return tx.fillCommunities(ctx, []*copse.Community{c})
	})
	return c, v, err
}

// findCommunity loads a community by slug for the viewer in ctx; lock takes the row
// lock that serialises membership changes on PostgreSQL.
func (tx *Tx) findCommunity(ctx context.Context, slug string, lock bool) (*copse.Community, copse.Viewer, error) {
	me := copse.UserFromContext(ctx)
	q := communitySelect + " WHERE c.slug = ?"
	if lock {
		q += tx.dialect.forUpdate()
	}
	c, role, err := scanCommunity(tx.queryRow(ctx, q, viewerID(me), strings.ToLower(slug)))
	v := copse.Viewer{User: me, Role: role}
	if errors.Is(err, sql.ErrNoRows) || err == nil && !v.CanSee(c) {
		return nil, v, notFound("There is no community at %q.", slug)
	}
	if err != nil {
		return nil, v, fmt.Errorf("store: find community: %w", err)
	}
	return c, v, nil
}

// ListCommunities returns a page of the communities the viewer may see, by slug.
func (db *DB) ListCommunities(ctx context.Context, f copse.CommunityFilter) (copse.Page[*copse.Community], error) {
	var page copse.Page[*copse.Community]
	me := copse.UserFromContext(ctx)
	after, err := decodeCursor(f.Cursor)
	if err != nil {
		return page, err
	}
	limit := copse.ClampLimit(f.Limit)
	where := []string{visible, "c.slug > ?"}
	args := append([]any{viewerID(me)}, visibleArgs(me)...)
	args = append(args, after)
	if len(f.Status) == 0 {
		where = append(where, "c.status <> 'archived'")
	} else {
		where = append(where, "c.status IN ("+placeholders(len(f.Status))+")")
		for _, s := range f.Status {
			args = append(args, string(s))
		}
	}
	if f.Tag != "" {
		where = append(where, "EXISTS (SELECT 1 FROM community_tags t WHERE t.community_id = c.id AND t.tag = ?)")
		args = append(args, strings.ToLower(strings.TrimSpace(f.Tag)))
	}
	if q := strings.TrimSpace(f.Q); q != "" {
		where = append(where, `(lower(c.name) LIKE ? ESCAPE '\' OR lower(c.subject) LIKE ? ESCAPE '\')`)
		like := "%" + escapeLike(strings.ToLower(q)) + "%"
		args = append(args, like, like)
	}
	if f.Member != "" {
		where = append(where, "EXISTS (SELECT 1 FROM members fm JOIN users fu ON fu.id = fm.user_id WHERE fm.community_id = c.id AND fu.handle = ?)")
		args = append(args, copse.NormalizeHandle(f.Member))
	}
	args = append(args, limit+1)
	q := communitySelect + " WHERE " + strings.Join(where, " AND ") + " ORDER BY c.slug LIMIT ?"
	err = db.view(ctx, func(tx *Tx) error {
		rows, err := tx.query(ctx, q, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			c, _, err := scanCommunity(rows)
			if err != nil {
				return err
			}
			page.Items = append(page.Items, c)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		if len(page.Items) > limit {
			page.Items = page.Items[:limit]
			page.Next = encodeCursor(page.Items[limit-1].Slug)
		}
		return tx.fillCommunities(ctx, page.Items)
	})
	if err != nil {
		return page, fmt.Errorf("store: list communities: %w", err)
	}
	return page, nil
}

// fillCommunities loads tags, links and facilitators for a page of communities in
// three queries, whatever the page size (never one query per community).
func (tx *Tx) fillCommunities(ctx context.Context, cs []*copse.Community) error {
	if len(cs) == 0 {
		return nil
	}
	byID := make(map[int64]*copse.Community, len(cs))
	ids := make([]any, len(cs))
	for i, c := range cs {
		byID[c.ID], ids[i] = c, c.ID
	}
	in := "(" + placeholders(len(ids)) + ")"
	err := tx.each(ctx, "SELECT community_id, tag FROM community_tags WHERE community_id IN "+in+" ORDER BY community_id, position", ids,
		func(id int64, s ...string) { byID[id].Tags = append(byID[id].Tags, s[0]) })
	if err != nil {
		return err
	}
	err = tx.each(ctx, "SELECT community_id, title, url FROM community_links WHERE community_id IN "+in+" ORDER BY community_id, position", ids,
		func(id int64, s ...string) {
			byID[id].Links = append(byID[id].Links, copse.Link{Title: s[0], URL: s[1]})
		})
	if err != nil {
		return err
	}
	return tx.each(ctx, `SELECT m.community_id, u.handle FROM members m JOIN users u ON u.id = m.user_id
		WHERE m.role = 'facilitator' AND m.community_id IN `+in+" ORDER BY m.community_id, m.joined_at, u.handle", ids,
		func(id int64, s ...string) { byID[id].Facilitators = append(byID[id].Facilitators, s[0]) })
}

// each runs a query whose rows are an id and some strings.
func (tx *Tx) each(ctx context.Context, q string, args []any, fn func(id int64, s ...string)) error {
	rows, err := tx.query(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	vals := make([]string, len(cols)-1)
	dest := make([]any, len(cols))
	var id int64
	dest[0] = &id
	for i := range vals {
		dest[i+1] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		fn(id, vals...)
	}
	return rows.Err()
}

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}
