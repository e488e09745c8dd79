package store

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/copse-dev/copse"
)

// reviewAfterKey is the settings row for how long a resource may go untouched
// before it needs review, in days. It lives beside the site settings and is read
// only here.
const reviewAfterKey = "resource_review_after_days"

// ReviewAfter returns how long a resource may go unchanged and unchecked before it
// needs review.
func (db *DB) ReviewAfter(ctx context.Context) (time.Duration, error) {
	var d time.Duration
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		d, err = tx.reviewAfter(ctx)
		return err
	})
	return d, err
}

func (tx *Tx) reviewAfter(ctx context.Context) (time.Duration, error) {
	var v string
	err := tx.queryRow(ctx, "SELECT coalesce(max(value), '') FROM settings WHERE key = ?", reviewAfterKey).Scan(&v)
	if err != nil {
		return 0, fmt.Errorf("store: review period: %w", err)
	}
	if days, err := strconv.Atoi(v); err == nil && days > 0 {
		return time.Duration(days) * 24 * time.Hour, nil
	}
	return copse.DefaultReviewAfter, nil
}

// SetReviewAfter changes how many days a resource may go untouched before it
// needs review (admins only).
func (db *DB) SetReviewAfter(ctx context.Context, days int) error {
	switch me := copse.UserFromContext(ctx); {
	case me == nil:
		return copse.Errorf(copse.EUNAUTHORIZED, "Sign in as an admin to change the review period.")
	case !me.Admin:
		return copse.Errorf(copse.EFORBIDDEN, "Only an admin can change the review period.")
	case days < 7 || days > 3650:
		return &copse.Error{Code: copse.EINVALID, Message: "Some fields need attention.",
			Fields: map[string]string{"review_after_days": "must be a whole number of days from 7 to 3650"}}
	}
	return db.update(ctx, func(tx *Tx) error {
		_, err := tx.exec(ctx, "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
			reviewAfterKey, strconv.Itoa(days))
		return err
	})
}

// staleClause is copse.Resource.Stale in SQL, for the needs-review list: the
// review-by date has passed, or the later of the last change and the last check is
// older than the review period.
func (tx *Tx) staleClause(ctx context.Context) (string, []any) {
	after, err := tx.reviewAfter(ctx)
	if err != nil {
		after = copse.DefaultReviewAfter
	}
	return `(r.review_by < ? OR CASE WHEN r.reviewed_at IS NOT NULL AND r.reviewed_at > r.updated_at
		THEN r.reviewed_at ELSE r.updated_at END < ?)`, []any{tx.now.Format(time.DateOnly), tx.now.Add(-after)}
}

// MarkReviewed records that the signed-in person checked the resource and found it
// still accurate. A review-by date that has passed moves on by the review period,
// so the resource leaves the needs-review list.
func (db *DB) MarkReviewed(ctx context.Context, id int64) (*copse.Resource, error) {
	var r *copse.Resource
	err := db.update(ctx, func(tx *Tx) error {
		var (
			v   copse.Viewer
			err error
		)
		if r, v, err = tx.findResource(ctx, id, true); err != nil {
			return err
		}
		if !v.CanReviewResource(r) {
			if v.User == nil {
				return copse.Errorf(copse.EUNAUTHORIZED, "Sign in to vouch for a resource.")
			}
			return copse.Errorf(copse.EFORBIDDEN, "Only members of its community, whoever added it or an admin can vouch for %q.", r.Title)
		}
		if err := tx.writableCommunity(ctx, r); err != nil {
			return err
		}
		after, err := tx.reviewAfter(ctx)
		if err != nil {
			return err
		}
		reviewBy := r.ReviewBy
		if reviewBy != "" && reviewBy < tx.now.Format(time.DateOnly) {
			reviewBy = tx.now.Add(after).Format(time.DateOnly)
		}
		if _, err := tx.exec(ctx, "UPDATE resources SET reviewed_at = ?, reviewed_by = ?, review_by = ? WHERE id = ?",
			tx.now, v.User.ID, nullValue(reviewBy), id); err != nil {
			return err
		}
		if r, _, err = tx.findResource(ctx, id, false); err != nil {
			return err
		}
		return tx.fillResources(ctx, []*copse.Resource{r})
	})
	if err != nil {
		return nil, fmt.Errorf("store: mark reviewed: %w", err)
	}
	return r, nil
}

// writableCommunity refuses changes to a resource of an archived community.
func (tx *Tx) writableCommunity(ctx context.Context, r *copse.Resource) error {
	if r.Community == nil {
		return nil
	}
	var status, name string
	if err := tx.queryRow(ctx, "SELECT status, name FROM communities WHERE id = ?", r.Community.ID).Scan(&status, &name); err != nil {
		return err
	}
	return copse.Writable(&copse.Community{Name: name, Status: copse.Status(status)})
}
