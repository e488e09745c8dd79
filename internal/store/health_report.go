package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/copse-dev/copse"
)

// recordReports records the monthly report of each facilitator of the communities
// who has not had the month's yet: one facilitator_reports row (its key makes it
// once, whoever sweeps) and one report.monthly event, which the outbox mails to that
// facilitator alone. The month's facts are read only when a report is due.
func (tx *Tx) recordReports(ctx context.Context, cs []*copse.Community, healths map[int64]copse.Health, month time.Time) (int, error) {
	if len(cs) == 0 {
		return 0, nil
	}
	ids := make([]any, len(cs))
	byID := map[int64]*copse.Community{}
	for i, c := range cs {
		ids[i], byID[c.ID] = c.ID, c
	}
	in := "(" + placeholders(len(ids)) + ")"
	label := month.Format("2006-01")
	type due struct {
		community, user   int64
		name, handle, who string
	}
	var dues []due
	err := tx.scanRows(ctx, `SELECT m.community_id, u.id, u.name, u.handle, u.email FROM members m JOIN users u ON u.id = m.user_id
		WHERE m.role = 'facilitator' AND m.community_id IN `+in+`
		AND NOT EXISTS (SELECT 1 FROM facilitator_reports r WHERE r.community_id = m.community_id AND r.user_id = m.user_id AND r.month = ?)
		ORDER BY m.community_id, u.id`, concat(ids, []any{label}), func(rows *sql.Rows) error {
		var d due
		if err := rows.Scan(&d.community, &d.user, &d.name, &d.handle, &d.who); err != nil {
			return err
		}
		dues = append(dues, d)
		return nil
	})
	if err != nil || len(dues) == 0 {
		return 0, err
	}
	facts, err := tx.monthFacts(ctx, in, ids, month)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, d := range dues {
		res, err := tx.exec(ctx, "INSERT INTO facilitator_reports (community_id, user_id, month, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
			d.community, d.user, label, tx.now)
		if err != nil {
			return n, err
		}
		if added, _ := res.RowsAffected(); added == 0 {
			continue
		}
		c := byID[d.community]
		name := d.name
		if name == "" {
			name = d.handle
		}
		title, body := copse.MonthlyReport(healths[c.ID], *facts[c.ID], name)
		err = tx.recordEvent(ctx, copse.EventFacilitatorReport, c.ID, "community", c.ID, map[string]any{
			"community": c.Slug, "title": title, "text": body, "path": "/communities/" + c.Slug + "/health",
			"email": d.who, "month": label, "visibility": string(copse.VisibilityMembers)})
		if err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// monthFacts counts what happened in each community in the month, and who earned
// points there, in a fixed number of queries.
func (tx *Tx) monthFacts(ctx context.Context, in string, ids []any, month time.Time) (map[int64]*copse.ReportFacts, error) {
	out := map[int64]*copse.ReportFacts{}
	for _, id := range ids {
		out[id.(int64)] = &copse.ReportFacts{Month: month}
	}
	end := month.AddDate(0, 1, 0)
	counts := []struct {
		kind, q string
	}{
		{"meetings", "SELECT community_id, count(*) FROM meetings WHERE status = 'held' AND starts_at >= ? AND starts_at < ? AND community_id IN " + in + " GROUP BY community_id"},
		{"topics", "SELECT community_id, count(*) FROM topics WHERE created_at >= ? AND created_at < ? AND community_id IN " + in + " GROUP BY community_id"},
		{"resources", "SELECT community_id, count(*) FROM resources WHERE created_at >= ? AND created_at < ? AND merged_into IS NULL AND community_id IN " + in + " GROUP BY community_id"},
		{"joined", "SELECT community_id, count(*) FROM members WHERE joined_at >= ? AND joined_at < ? AND community_id IN " + in + " GROUP BY community_id"},
	}
	counts = append(counts, helpMonthCounts(in)...)
	for _, c := range counts {
		err := tx.scanRows(ctx, c.q, concat([]any{month, end}, ids), func(rows *sql.Rows) error {
			var id int64
			var n int
			if err := rows.Scan(&id, &n); err != nil {
				return err
			}
			f := out[id]
			switch c.kind {
			case "meetings":
				f.Meetings = n
			case "topics":
				f.Topics = n
			case "resources":
				f.Resources = n
			case "joined":
				f.Joined = n
			case "answers":
				f.Answers = n
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	err := tx.scanRows(ctx, `SELECT x.community_id, u.handle, u.name, sum(x.points) FROM points x
		JOIN users u ON u.id = x.user_id WHERE x.earned_at >= ? AND x.earned_at < ? AND x.community_id IN `+in+`
		GROUP BY x.community_id, u.id, u.handle, u.name ORDER BY x.community_id, sum(x.points) DESC, u.handle`,
		concat([]any{month, end}, ids), func(rows *sql.Rows) error {
			var (
				id int64
				h  copse.Helper
			)
			if err := rows.Scan(&id, &h.Handle, &h.Name, &h.Points); err != nil {
				return err
			}
			out[id].Helpers = append(out[id].Helpers, h)
			return nil
		})
	return out, err
}
