package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/copse-dev/copse"
)

// CreateResource adds a resource to a community's library (any member may) or to
// the site-wide one (anyone signed in), and reports the near-duplicates it has.
func (db *DB) CreateResource(ctx context.Context, n copse.NewResource) (*copse.Resource, []copse.Similar, error) {
	if copse.UserFromContext(ctx) == nil && !copse.IsOperator(ctx) {
		return nil, nil, copse.Errorf(copse.EUNAUTHORIZED, "Sign in to add a resource.")
	}
	n.Source = "" // only an import sets the source
	if me := copse.UserFromContext(ctx); me != nil && len(n.Authors) == 0 {
		n.Authors = []string{me.Handle} // whoever adds it maintains it, until they name others
	}
	var (
		r   *copse.Resource
		sim []copse.Similar
	)
	err := db.update(ctx, func(tx *Tx) error {
		c, err := tx.resourceCommunity(ctx, &n)
		if err != nil {
			return err
		}
		id, err := tx.saveResource(ctx, 0, n, c)
		if err != nil {
			return err
		}
		if r, sim, err = tx.reloadResource(ctx, id); err != nil || c == nil {
			return err
		}
		// A community's list hears of its new resources (the site-wide library has no list).
		return tx.recordEvent(ctx, "resource.added", c.ID, "resource", id, map[string]any{"community": c.Slug,
			"title": r.Title, "text": r.Description, "path": fmt.Sprintf("/library/%d", id), "visibility": string(r.Visibility)})
	})
	if err != nil {
		return nil, nil, fmt.Errorf("store: create resource: %w", err)
	}
	return r, sim, nil
}

// UpdateResource changes a resource: whoever added it, its community's
// facilitators and core team, and admins may.
func (db *DB) UpdateResource(ctx context.Context, id int64, u copse.ResourceUpdate) (*copse.Resource, []copse.Similar, error) {
	var (
		r   *copse.Resource
		sim []copse.Similar
	)
	err := db.update(ctx, func(tx *Tx) error {
		cur, v, err := tx.findResource(ctx, id, true)
		if err != nil {
			return err
		}
		if cur.MergedInto != 0 {
			return copse.Errorf(copse.ECONFLICT, "%q was merged into another resource; change that one instead.", cur.Title)
		}
		if err := tx.authorizeResourceEdit(ctx, v, cur); err != nil {
			return err
		}
		if err := tx.fillResources(ctx, []*copse.Resource{cur}); err != nil {
			return err
		}
		n := cur.Input() // with its tags, personas and authors, which the update may keep
		u.Apply(&n)
		c, err := tx.resourceCommunity(ctx, &n)
		if err != nil {
			return err
		}
		if _, err := tx.saveResource(ctx, id, n, c); err != nil {
			return err
		}
		r, sim, err = tx.reloadResource(ctx, id)
		return err
	})
	if err != nil {
		return nil, nil, fmt.Errorf("store: update resource: %w", err)
	}
	return r, sim, nil
}

// DeleteResource removes a resource from the library and from search.
func (db *DB) DeleteResource(ctx context.Context, id int64) error {
	err := db.update(ctx, func(tx *Tx) error {
		cur, v, err := tx.findResource(ctx, id, true)
		if err != nil {
			return err
		}
		if err := tx.authorizeResourceEdit(ctx, v, cur); err != nil {
			return err
		}
		if err := tx.unindex(ctx, "resource", id); err != nil {
			return err
		}
		_, err = tx.exec(ctx, "DELETE FROM resources WHERE id = ?", id)
		return err
	})
	if err != nil {
		return fmt.Errorf("store: delete resource: %w", err)
	}
	return nil
}

// authorizeResourceEdit checks the viewer may change the resource; the command
// line's operator may change anything.
func (tx *Tx) authorizeResourceEdit(ctx context.Context, v copse.Viewer, r *copse.Resource) error {
	if copse.IsOperator(ctx) {
		return nil
	}
	var c *copse.Community
	if r.Community != nil {
		var status string
		if err := tx.queryRow(ctx, "SELECT status FROM communities WHERE id = ?", r.Community.ID).Scan(&status); err != nil {
			return err
		}
		c = &copse.Community{Name: r.Community.Name, Status: copse.Status(status)}
	}
	return v.AuthorizeResourceEdit(r, c)
}

// resourceCommunity validates n and finds the community it goes to, checking that
// the viewer may add resources there.
func (tx *Tx) resourceCommunity(ctx context.Context, n *copse.NewResource) (*copse.Community, error) {
	if err := n.Validate(); err != nil {
		return nil, err
	}
	if n.Community == "" {
		if copse.IsOperator(ctx) {
			return nil, nil
		}
		return nil, copse.Viewer{User: copse.UserFromContext(ctx)}.AuthorizeResourceCreate(nil)
	}
	c, v, err := tx.findCommunity(ctx, n.Community, false)
	if copse.ErrorCode(err) == copse.ENOTFOUND {
		return nil, &copse.Error{Code: copse.EINVALID, Message: "Some fields need attention.",
			Fields: map[string]string{"community": fmt.Sprintf("there is no community at %q that you can see", n.Community)}}
	}
	if err != nil {
		return nil, err
	}
	if copse.IsOperator(ctx) {
		return c, copse.Writable(c)
	}
	return c, v.AuthorizeResourceCreate(c)
}

// contentHash identifies everything an import writes, so importing the same file
// again can tell "unchanged" from "updated" without writing.
func contentHash(n copse.NewResource) string {
	b, _ := json.Marshal(n)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// saveResource inserts (id 0) or rewrites a validated resource with its tags,
// personas and authors, its search document and its near-duplicate pairs.
func (tx *Tx) saveResource(ctx context.Context, id int64, n copse.NewResource, c *copse.Community) (int64, error) {
	var communityID any
	if c != nil {
		communityID = c.ID
	}
	meta, err := json.Marshal(n.Metadata)
	if err != nil || n.Metadata == nil {
		meta = []byte("{}")
	}
	hash := contentHash(n)
	if id == 0 {
		var createdBy any
		if me := copse.UserFromContext(ctx); me != nil {
			createdBy = me.ID
		}
		id, err = tx.insert(ctx, `INSERT INTO resources (title, description, resource_type, url, community_id, visibility,
			source, metadata, content_hash, review_by, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			n.Title, n.Description, n.ResourceType, n.URL, communityID, string(n.Visibility), nullValue(n.Source),
			string(meta), hash, nullValue(n.ReviewBy), createdBy, tx.now, tx.now)
		if isUnique(err) {
			return 0, copse.Errorf(copse.ECONFLICT, "A resource imported from %q exists already.", n.Source)
		}
	} else {
		_, err = tx.exec(ctx, `UPDATE resources SET title = ?, description = ?, resource_type = ?, url = ?, community_id = ?,
			visibility = ?, metadata = ?, content_hash = ?, review_by = ?, updated_at = ? WHERE id = ?`,
			n.Title, n.Description, n.ResourceType, n.URL, communityID, string(n.Visibility), string(meta), hash,
			nullValue(n.ReviewBy), tx.now, id)
	}
	if err != nil {
		return 0, err
	}
	if _, err := tx.exec(ctx, `INSERT INTO resource_bodies (resource_id, body) VALUES (?, ?)
		ON CONFLICT (resource_id) DO UPDATE SET body = excluded.body`, id, n.Body); err != nil {
		return 0, err
	}
	if err := tx.setResourceList(ctx, "resource_tags", "tag", id, n.Tags); err != nil {
		return 0, err
	}
	if err := tx.setResourceList(ctx, "resource_personas", "persona", id, n.Personas); err != nil {
		return 0, err
	}
	if err := tx.setAuthors(ctx, id, n.Authors); err != nil {
		return 0, err
	}
	text := strings.Join(slices.DeleteFunc([]string{n.Description, plainText(n.Body), n.ResourceType,
		strings.Join(n.Tags, ", ")}, func(s string) bool { return s == "" }), "\n")
	if err := tx.index(ctx, "resource", id, idOf(c), n.Visibility, n.Title, text); err != nil {
		return 0, err
	}
	return id, tx.updateSimilar(ctx, id, n.Body, n.URL)
}

func idOf(c *copse.Community) int64 {
	if c == nil {
		return 0
	}
	return c.ID
}

// reloadResource reads a resource just written, with its near-duplicates.
func (tx *Tx) reloadResource(ctx context.Context, id int64) (*copse.Resource, []copse.Similar, error) {
	r, _, err := tx.findResource(ctx, id, false)
	if err != nil {
		return nil, nil, err
	}
	if err := tx.fillResources(ctx, []*copse.Resource{r}); err != nil {
		return nil, nil, err
	}
	sim, err := tx.similarOf(ctx, id)
	return r, sim, err
}

// setResourceList replaces a resource's tags or personas (table and column are
// constants of this file, never input).
func (tx *Tx) setResourceList(ctx context.Context, table, column string, id int64, values []string) error {
	if _, err := tx.exec(ctx, "DELETE FROM "+table+" WHERE resource_id = ?", id); err != nil {
		return err
	}
	if len(values) == 0 {
		return nil
	}
	q := "INSERT INTO " + table + " (resource_id, " + column + ", position) VALUES "
	args := make([]any, 0, 3*len(values))
	for i, v := range values {
		if i > 0 {
			q += ", "
		}
		q += "(?, ?, ?)"
		args = append(args, id, v, i)
	}
	_, err := tx.exec(ctx, q, args...)
	return err
}

// setAuthors replaces a resource's authors; a name that is someone's handle here
// links to them, in one lookup for all the names.
func (tx *Tx) setAuthors(ctx context.Context, id int64, names []string) error {
	if _, err := tx.exec(ctx, "DELETE FROM resource_authors WHERE resource_id = ?", id); err != nil {
		return err
	}
	if len(names) == 0 {
		return nil
	}
	handles := map[string]any{}
	var lookup []any
	for _, n := range names {
		if h := copse.NormalizeHandle(n); handleLike.MatchString(h) {
			lookup = append(lookup, h)
		}
	}
	if len(lookup) > 0 {
		err := tx.each(ctx, "SELECT id, handle FROM users WHERE handle IN ("+placeholders(len(lookup))+")", lookup,
			func(uid int64, s ...string) { handles[s[0]] = uid })
		if err != nil {
			return err
		}
	}
	q := "INSERT INTO resource_authors (resource_id, position, name, user_id) VALUES "
	args := make([]any, 0, 4*len(names))
	for i, n := range names {
		if i > 0 {
			q += ", "
		}
		q += "(?, ?, ?, ?)"
		args = append(args, id, i, n, handles[copse.NormalizeHandle(n)])
	}
	_, err := tx.exec(ctx, q, args...)
	return err
}

// handleLike is the shape of a handle, to skip looking up names with spaces.
var handleLike = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,38}$`)
