package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/copse-dev/copse"
)

// ImportOutcome says what importing one file did.
type ImportOutcome string

const (
	Imported  ImportOutcome = "imported"
	Updated   ImportOutcome = "updated"
	Unchanged ImportOutcome = "unchanged"
)

// ImportResult is what importing one file did, and the near-duplicates of the
// resource it wrote.
type ImportResult struct {
	Outcome  ImportOutcome
	Resource *copse.Resource
	Similar  []copse.Similar
}

// ImportResource writes a resource keyed by n.Source: the first import creates it,
// a later one with the same source updates it in place (keeping who added it and
// who reviewed it), and one with the same content changes nothing. Admins and the
// command line's operator may import. Each call is one transaction, so a file
// that fails leaves nothing behind.
func (db *DB) ImportResource(ctx context.Context, n copse.NewResource) (ImportResult, error) {
	var res ImportResult
	me := copse.UserFromContext(ctx)
	switch {
	case copse.IsOperator(ctx):
	case me == nil:
		return res, copse.Errorf(copse.EUNAUTHORIZED, "Sign in as an admin to import resources.")
	case !me.Admin:
		return res, copse.Errorf(copse.EFORBIDDEN, "Only an admin can import resources.")
	}
	if n.Source == "" {
		return res, &copse.Error{Code: copse.EINVALID, Message: "Some fields need attention.",
			Fields: map[string]string{"source": "is required: the path the resource is imported from"}}
	}
	err := db.update(ctx, func(tx *Tx) error {
		c, err := tx.resourceCommunity(ctx, &n)
		if err != nil {
			return err
		}
		var (
			id   int64
			hash string
		)
		err = tx.queryRow(ctx, "SELECT id, content_hash FROM resources WHERE source = ?"+tx.dialect.forUpdate(), n.Source).Scan(&id, &hash)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			res.Outcome = Imported
		case err != nil:
			return err
		case hash == contentHash(n):
			res.Outcome = Unchanged
		default:
			res.Outcome = Updated
		}
		if res.Outcome != Unchanged {
			if id, err = tx.saveResource(ctx, id, n, c); err != nil {
				return err
			}
		}
		res.Resource, res.Similar, err = tx.reloadResource(copse.AsOperator(ctx), id)
		return err
	})
	if err != nil {
		return res, fmt.Errorf("store: import %s: %w", n.Source, err)
	}
	return res, nil
}

// MergeResource folds a near-duplicate into the resource that keeps its place: the
// duplicate leaves the library and search, its tags and personas join the kept
// resource's, and its address leads to the kept one. The viewer must be able to
// change both.
func (db *DB) MergeResource(ctx context.Context, keep, drop int64) (*copse.Resource, error) {
	if keep == drop {
		return nil, &copse.Error{Code: copse.EINVALID, Message: "Some fields need attention.",
			Fields: map[string]string{"drop": "must be another resource than the one kept"}}
	}
	var kept *copse.Resource
	err := db.update(ctx, func(tx *Tx) error {
		var rs [2]*copse.Resource
		for i, id := range []int64{keep, drop} {
			r, v, err := tx.findResource(ctx, id, true)
			if err != nil {
				return err
			}
			if r.MergedInto != 0 {
				return copse.Errorf(copse.ECONFLICT, "%q was merged already.", r.Title)
			}
			if err := tx.authorizeResourceEdit(ctx, v, r); err != nil {
				return err
			}
			rs[i] = r
		}
		if err := tx.fillResources(ctx, rs[:]); err != nil {
			return err
		}
		n := rs[0].Input()
		n.Tags = appendNew(n.Tags, rs[1].Tags, 30)
		n.Personas = appendNew(n.Personas, rs[1].Personas, 10)
		c, err := tx.resourceCommunity(copse.AsOperator(ctx), &n)
		if err != nil {
			return err
		}
		if _, err := tx.saveResource(ctx, keep, n, c); err != nil {
			return err
		}
		if err := tx.forgetSimilar(ctx, drop); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, "UPDATE resources SET merged_into = ?, updated_at = ? WHERE id = ?", keep, tx.now, drop); err != nil {
			return err
		}
		// Anything merged into the duplicate earlier now leads to the kept one.
		if _, err := tx.exec(ctx, "UPDATE resources SET merged_into = ? WHERE merged_into = ?", keep, drop); err != nil {
			return err
		}
		if err := tx.unindex(ctx, "resource", drop); err != nil {
			return err
		}
		kept, _, err = tx.reloadResource(ctx, keep)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: merge resources: %w", err)
	}
	return kept, nil
}

// appendNew adds the values of more that list lacks, up to limit values in all.
func appendNew(list, more []string, limit int) []string {
	for _, m := range more {
		if len(list) >= limit {
			break
		}
		dup := false
		for _, l := range list {
			dup = dup || l == m
		}
		if !dup {
			list = append(list, m)
		}
	}
	return list
}
