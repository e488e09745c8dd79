package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/copse-dev/copse"
)

// resourceSelect reads a resource with its community, its creator and its last
// reviewer, and the viewer's role in its community; the first parameter is the
// viewer's user id (0 when anonymous).
const resourceSelect = `SELECT r.id, r.title, r.description, r.resource_type, coalesce(rb.body, ''), r.url, r.visibility,
	coalesce(r.source, ''), r.metadata, coalesce(r.review_by, ''), r.reviewed_at, coalesce(ru.handle, ''),
	coalesce(r.merged_into, 0), coalesce(r.created_by, 0), coalesce(cu.handle, ''), r.created_at, r.updated_at,
	coalesce(c.id, 0), coalesce(c.slug, ''), coalesce(c.name, ''),
	coalesce((SELECT vm.role FROM members vm WHERE vm.community_id = r.community_id AND vm.user_id = ?), '')
	FROM resources r LEFT JOIN resource_bodies rb ON rb.resource_id = r.id LEFT JOIN communities c ON c.id = r.community_id
	LEFT JOIN users cu ON cu.id = r.created_by LEFT JOIN users ru ON ru.id = r.reviewed_by`

// readable is the visibility rule shared by resources and search documents, for
// the table alias a: the row's own visibility (members means members of its
// community), and the visibility of its community, checked now rather than copied
// when the row was written. It takes the parameters of readableArgs.
func readable(a string) string {
	return `((` + a + `.visibility = 'public' OR (` + a + `.visibility = 'signed-in' AND ?)
	OR (` + a + `.visibility = 'members' AND EXISTS (SELECT 1 FROM members am WHERE am.community_id = ` + a + `.community_id AND am.user_id = ?)) OR ?)
	AND (` + a + `.community_id IS NULL OR EXISTS (SELECT 1 FROM communities ac WHERE ac.id = ` + a + `.community_id AND (ac.visibility = 'public'
	OR (ac.visibility = 'signed-in' AND ?) OR EXISTS (SELECT 1 FROM members acm WHERE acm.community_id = ac.id AND acm.user_id = ?) OR ?))))`
}

func readableArgs(u *copse.User) []any {
	v := visibleArgs(u)
	return append(v, v...)
}

func scanResource(row interface{ Scan(...any) error }) (*copse.Resource, copse.Role, error) {
	var (
		r          copse.Resource
		meta       string
		reviewedAt time.Time
		com        copse.CommunityRef
		role       string
	)
	err := row.Scan(&r.ID, &r.Title, &r.Description, &r.ResourceType, &r.Body, &r.URL, &r.Visibility,
		&r.Source, &meta, &r.ReviewBy, dbTime{&reviewedAt}, &r.ReviewedBy, &r.MergedInto, &r.CreatedByID, &r.CreatedBy,
		dbTime{&r.CreatedAt}, dbTime{&r.UpdatedAt}, &com.ID, &com.Slug, &com.Name, &role)
	if err != nil {
		return nil, "", err
	}
	if !reviewedAt.IsZero() {
		r.ReviewedAt = &reviewedAt
	}
	if com.ID != 0 {
		r.Community = &com
	}
	if err := json.Unmarshal([]byte(meta), &r.Metadata); err != nil || r.Metadata == nil {
		r.Metadata = map[string]any{}
	}
	r.Personas, r.Tags, r.Authors = []string{}, []string{}, []copse.Author{}
	return &r, copse.Role(role), nil
}

// FindResource returns a resource the viewer may read, with the viewer's standing
// in its community. A merged duplicate is returned too, with MergedInto set, so its
// old address can lead to the resource that kept its place.
func (db *DB) FindResource(ctx context.Context, id int64) (*copse.Resource, copse.Viewer, error) {
	var (
		r *copse.Resource
		v copse.Viewer
	)
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		if r, v, err = tx.findResource(ctx, id, false); err != nil {
			return err
		}
		return tx.fillResources(ctx, []*copse.Resource{r})
	})
	if err != nil {
		return nil, v, fmt.Errorf("store: find resource: %w", err)
	}
	return r, v, nil
}

// findResource loads a resource the viewer in ctx may read; lock takes the row
// lock that serialises changes to it on PostgreSQL.
func (tx *Tx) findResource(ctx context.Context, id int64, lock bool) (*copse.Resource, copse.Viewer, error) {
	me := copse.UserFromContext(ctx)
	q := resourceSelect + " WHERE r.id = ?"
	args := []any{viewerID(me), id}
	if !copse.IsOperator(ctx) {
		q += " AND " + readable("r")
		args = append(args, readableArgs(me)...)
	}
	if lock && tx.dialect.forUpdate() != "" {
		q += tx.dialect.forUpdate() + " OF r" // not the outer-joined community and people
	}
	r, role, err := scanResource(tx.queryRow(ctx, q, args...))
	v := copse.Viewer{User: me, Role: role}
	if errors.Is(err, sql.ErrNoRows) {
		return nil, v, notFound("There is no resource %d, or it is not shared with you.", id)
	}
	if err != nil {
		return nil, v, err
	}
	return r, v, nil
}

// ListResources returns a page of the library the viewer may read.
func (db *DB) ListResources(ctx context.Context, f copse.ResourceFilter) (copse.Page[*copse.Resource], error) {
	var page copse.Page[*copse.Resource]
	if f.Sort == "" {
		f.Sort = copse.SortUpdated
	}
	order, after, err := resourceOrder(f.Sort, f.Cursor)
	if err != nil {
		return page, err
	}
	limit := copse.ClampLimit(f.Limit)
	err = db.view(ctx, func(tx *Tx) error {
		where, args := tx.resourceWhere(ctx, f)
		if after.clause != "" {
			where = append(where, after.clause)
			args = append(args, after.args...)
		}
		q := resourceSelect + " WHERE " + strings.Join(where, " AND ") + " ORDER BY " + order + " LIMIT ?"
		rows, err := tx.query(ctx, q, append(append([]any{viewerID(copse.UserFromContext(ctx))}, args...), limit+1)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			r, _, err := scanResource(rows)
			if err != nil {
				return err
			}
			page.Items = append(page.Items, r)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		if len(page.Items) > limit {
			page.Items = page.Items[:limit]
			page.Next = resourceCursor(f.Sort, page.Items[limit-1])
		}
		return tx.fillResources(ctx, page.Items)
	})
	if err != nil {
		return page, fmt.Errorf("store: list resources: %w", err)
	}
	if page.Items == nil {
		page.Items = []*copse.Resource{}
	}
	return page, nil
}

// resourceWhere turns a filter into WHERE clauses and their parameters, the
// visibility rule first. Merged duplicates are never listed.
func (tx *Tx) resourceWhere(ctx context.Context, f copse.ResourceFilter) ([]string, []any) {
	where := []string{"r.merged_into IS NULL", readable("r")}
	args := readableArgs(copse.UserFromContext(ctx))
	if f.Type != "" {
		where = append(where, "r.resource_type = ?")
		args = append(args, f.Type)
	}
	if f.Persona != "" {
		where = append(where, "EXISTS (SELECT 1 FROM resource_personas fp WHERE fp.resource_id = r.id AND fp.persona = ?)")
		args = append(args, f.Persona)
	}
	if f.Tag != "" {
		where = append(where, "EXISTS (SELECT 1 FROM resource_tags ft WHERE ft.resource_id = r.id AND ft.tag = ?)")
		args = append(args, strings.ToLower(strings.TrimSpace(f.Tag)))
	}
	switch f.Community {
	case "":
	case copse.SiteWide:
		where = append(where, "r.community_id IS NULL")
	default:
		where = append(where, "r.community_id = (SELECT fc.id FROM communities fc WHERE fc.slug = ?)")
		args = append(args, strings.ToLower(f.Community))
	}
	if q := strings.TrimSpace(f.Q); q != "" {
		where = append(where, `(lower(r.title) LIKE ? ESCAPE '\' OR lower(r.description) LIKE ? ESCAPE '\')`)
		like := "%" + escapeLike(strings.ToLower(q)) + "%"
		args = append(args, like, like)
	}
	if f.NeedsReview {
		clause, a := tx.staleClause(ctx)
		where = append(where, clause)
		args = append(args, a...)
	}
	return where, args
}

// keyset is a WHERE clause that starts a page after the cursor's item.
type keyset struct {
	clause string
	args   []any
}

// resourceOrder is the ORDER BY of a sort and the clause that continues after a
// cursor. Every order ends with the id, so no two items tie.
func resourceOrder(s copse.ResourceSort, cursor string) (string, keyset, error) {
	var k keyset
	parts, err := decodeCursorParts(cursor, 2)
	if err != nil {
		return "", k, err
	}
	id, _ := strconv.ParseInt(parts[1], 10, 64)
	var at time.Time
	if cursor != "" && s != copse.SortTitle {
		if at, err = time.Parse(time.RFC3339Nano, parts[0]); err != nil {
			return "", k, badCursor()
		}
	}
	switch s {
	case copse.SortTitle:
		if cursor != "" {
			k = keyset{"(lower(r.title) > ? OR lower(r.title) = ? AND r.id > ?)", []any{parts[0], parts[0], id}}
		}
		return "lower(r.title), r.id", k, nil
	case copse.SortOldest:
		if cursor != "" {
			k = keyset{"(r.updated_at > ? OR r.updated_at = ? AND r.id > ?)", []any{at, at, id}}
		}
		return "r.updated_at, r.id", k, nil
	case copse.SortUpdated:
		if cursor != "" {
			k = keyset{"(r.updated_at < ? OR r.updated_at = ? AND r.id < ?)", []any{at, at, id}}
		}
		return "r.updated_at DESC, r.id DESC", k, nil
	}
	return "", k, &copse.Error{Code: copse.EINVALID, Message: "Some fields need attention.",
		Fields: map[string]string{"sort": "must be updated, title or oldest"}}
}

func resourceCursor(s copse.ResourceSort, r *copse.Resource) string {
	id := strconv.FormatInt(r.ID, 10)
	if s == copse.SortTitle {
		// The database's lower() is what the order uses; Go's agrees on the ASCII
		// letters SQLite folds, and a title that differs only beyond them merely
		// repeats or skips among equal titles.
		return encodeCursor(strings.ToLower(r.Title), id)
	}
	return encodeCursor(r.UpdatedAt.UTC().Format(time.RFC3339Nano), id)
}

// fillResources loads tags, personas and authors for a page of resources in three
// queries, whatever the page size.
func (tx *Tx) fillResources(ctx context.Context, rs []*copse.Resource) error {
	if len(rs) == 0 {
		return nil
	}
	after, err := tx.reviewAfter(ctx)
	if err != nil {
		return err
	}
	for _, r := range rs {
		r.NeedsReview = r.Stale(tx.now, after)
	}
	byID := make(map[int64]*copse.Resource, len(rs))
	ids := make([]any, 0, len(rs))
	for _, r := range rs {
		if byID[r.ID] == nil {
			ids = append(ids, r.ID)
		}
		byID[r.ID] = r
	}
	in := "(" + placeholders(len(ids)) + ")"
	err = tx.each(ctx, "SELECT resource_id, tag FROM resource_tags WHERE resource_id IN "+in+" ORDER BY resource_id, position", ids,
		func(id int64, s ...string) { byID[id].Tags = append(byID[id].Tags, s[0]) })
	if err != nil {
		return err
	}
	err = tx.each(ctx, "SELECT resource_id, persona FROM resource_personas WHERE resource_id IN "+in+" ORDER BY resource_id, position", ids,
		func(id int64, s ...string) { byID[id].Personas = append(byID[id].Personas, s[0]) })
	if err != nil {
		return err
	}
	return tx.each(ctx, `SELECT a.resource_id, coalesce(u.name, a.name), coalesce(u.handle, ''), a.name FROM resource_authors a
		LEFT JOIN users u ON u.id = a.user_id WHERE a.resource_id IN `+in+" ORDER BY a.resource_id, a.position", ids,
		func(id int64, s ...string) {
			byID[id].Authors = append(byID[id].Authors, copse.Author{Name: cmpOr(s[0], s[2]), Handle: s[1]})
		})
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
