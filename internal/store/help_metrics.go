package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/copse-dev/copse"
)

// HelpMetrics returns how a community (slug), or with slug "" the whole site,
// answered the questions asked over the metric windows: what was asked, answered
// and accepted, how long a first answer took, and how much of it came from the
// community rather than the platform team. Two queries, both on the created_at
// indexes, whatever the number of questions: the counts of every window at once,
// and the first answers of the longest window sorted by how long they took, from
// which the percentiles are read. A community's metrics are as open as the
// community; the site's are for the platform team and admins.
func (db *DB) HelpMetrics(ctx context.Context, slug string) (copse.HelpMetrics, error) {
	var m copse.HelpMetrics
	err := db.view(ctx, func(tx *Tx) error {
		scope, args := "1 = 1", []any{} // the whole site
		if slug != "" {
			c, _, err := tx.findCommunity(ctx, slug, false)
			if err != nil {
				return err
			}
			scope, args = "q.community_id = ?", []any{c.ID}
		} else {
			v, err := tx.helpViewer(ctx, "")
			if err != nil {
				return err
			}
			if !v.CanPostStatus() {
				if v.User == nil {
					return copse.Errorf(copse.EUNAUTHORIZED, "Sign in to read the site's help metrics.")
				}
				return copse.Errorf(copse.EFORBIDDEN, "The site's help metrics are for the platform team and admins; each community's are on its page.")
			}
		}
		now := tx.now
		windows := copse.MetricWindows
		longest := now.AddDate(0, 0, -slices.Max(windows))
		counts, err := tx.helpCounts(ctx, scope, args, now, longest, windows)
		if err != nil {
			return err
		}
		rows, err := tx.query(ctx, `SELECT q.created_at, q.first_answer_seconds, q.first_answer_by, coalesce(q.community_id, 0) FROM questions q
			WHERE (`+scope+`) AND q.created_at >= ? AND q.created_at <= ? AND q.first_answered_at IS NOT NULL
			ORDER BY q.first_answer_seconds, q.id`, append(args, longest, now)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		var firsts []copse.FirstAnswer
		for rows.Next() {
			var (
				f       copse.FirstAnswer
				seconds int64
			)
			if err := rows.Scan(dbTime{&f.AskedAt}, &seconds, &f.By, &f.Community); err != nil {
				return err
			}
			f.After = time.Duration(seconds) * time.Second
			firsts = append(firsts, f)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		m = copse.SummarizeHelp(now, counts, firsts)
		if slug != "" {
			return nil
		}
		asked, err := tx.askedByCommunity(ctx, now)
		m.Communities = copse.SplitByCommunity(now, asked, firsts)
		return err
	})
	if err != nil {
		return m, fmt.Errorf("store: help metrics: %w", err)
	}
	return m, nil
}

// helpCounts counts every window in one pass over the longest one.
func (tx *Tx) helpCounts(ctx context.Context, scope string, scopeArgs []any, now, longest time.Time, windows []int) (map[int]copse.HelpCounts, error) {
	measures := []string{
		"1",
		"CASE WHEN q.accepted_answer_id IS NOT NULL THEN 1 ELSE 0 END",
		"CASE WHEN q.status = 'open' AND q.first_answered_at IS NULL THEN 1 ELSE 0 END",
		"CASE WHEN q.urgency = 'sos' THEN 1 ELSE 0 END",
		"CASE WHEN q.escalated_at IS NOT NULL THEN 1 ELSE 0 END",
	}
	var (
		cols []string
		args []any
	)
	for _, days := range windows {
		from := now.AddDate(0, 0, -days)
		for _, m := range measures {
			cols = append(cols, "coalesce(sum(CASE WHEN q.created_at >= ? THEN "+m+" ELSE 0 END), 0)")
			args = append(args, from)
		}
	}
	args = append(append(args, scopeArgs...), longest, now)
	vals := make([]int, len(cols))
	dest := make([]any, len(cols))
	for i := range vals {
		dest[i] = &vals[i]
	}
	err := tx.queryRow(ctx, "SELECT "+strings.Join(cols, ", ")+" FROM questions q WHERE ("+scope+") AND q.created_at >= ? AND q.created_at <= ?",
		args...).Scan(dest...)
	if err != nil {
		return nil, err
	}
	out := map[int]copse.HelpCounts{}
	for i, days := range windows {
		v := vals[i*len(measures):]
		out[days] = copse.HelpCounts{Asked: v[0], Accepted: v[1], Unanswered: v[2], SOS: v[3], Escalated: v[4]}
	}
	return out, nil
}

// askedByCommunity counts the questions asked in each community (and site-wide)
// over the site table's window, most first: one grouped query on questions_created.
func (tx *Tx) askedByCommunity(ctx context.Context, now time.Time) ([]copse.CommunityHelp, error) {
	rows, err := tx.query(ctx, `SELECT coalesce(c.id, 0), coalesce(c.slug, ''), coalesce(c.name, ''), count(*) FROM questions q
		LEFT JOIN communities c ON c.id = q.community_id WHERE q.created_at >= ? AND q.created_at <= ?
		GROUP BY c.id, c.slug, c.name ORDER BY count(*) DESC, coalesce(c.name, '')`, now.AddDate(0, 0, -copse.CommunityDays), now)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []copse.CommunityHelp
	for rows.Next() {
		var (
			c copse.CommunityRef
			h copse.CommunityHelp
		)
		if err := rows.Scan(&c.ID, &c.Slug, &c.Name, &h.Asked); err != nil {
			return nil, err
		}
		if c.ID != 0 {
			h.Community = &c
		}
		out = append(out, h)
	}
	return out, rows.Err()
}
