package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/copse-dev/copse"
)

// The health facts that community help gives: how long questions wait for a first
// answer, the ones left waiting, and the tags of questions (for the breadth signal).
// Their activity (questions asked, answers given) is part of activityQuery.

// helpFacts reads time to first answer and the questions' tags for the communities.
// A duplicate is not a question of its own, and a closed one waits for nothing.
func (tx *Tx) helpFacts(ctx context.Context, in string, ids []any, out map[int64]*copse.HealthFacts) error {
	quarter := tx.now.Add(-90 * 24 * time.Hour)
	for _, f := range out {
		f.HelpKnown = true
	}
	err := tx.scanRows(ctx, `SELECT community_id, first_answer_seconds FROM questions
		WHERE community_id IN `+in+` AND created_at >= ? AND first_answer_seconds IS NOT NULL AND status <> 'duplicate'`,
		concat(ids, []any{quarter}), func(rows *sql.Rows) error {
			var id, secs int64
			if err := rows.Scan(&id, &secs); err != nil {
				return err
			}
			out[id].FirstAnswers = append(out[id].FirstAnswers, time.Duration(secs)*time.Second)
			return nil
		})
	if err != nil {
		return err
	}
	// Still waiting after a day: a question asked an hour ago is not late yet.
	err = tx.scanRows(ctx, `SELECT community_id, count(*) FROM questions
		WHERE community_id IN `+in+` AND created_at >= ? AND created_at < ? AND first_answered_at IS NULL AND status = 'open'
		GROUP BY community_id`, concat(ids, []any{quarter, tx.now.Add(-24 * time.Hour)}), func(rows *sql.Rows) error {
		var id int64
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return err
		}
		out[id].Unanswered = n
		return nil
	})
	if err != nil {
		return err
	}
	var last int64 = -1
	return tx.scanRows(ctx, `SELECT q.community_id, q.id, qt.tag FROM questions q JOIN question_tags qt ON qt.question_id = q.id
		WHERE q.community_id IN `+in+` AND q.status <> 'duplicate' ORDER BY q.community_id, q.id, qt.position`, ids, func(rows *sql.Rows) error {
		var (
			cid, qid int64
			tag      string
		)
		if err := rows.Scan(&cid, &qid, &tag); err != nil {
			return err
		}
		f := out[cid]
		if qid != last {
			f.TagSets = append(f.TagSets, nil)
			last = qid
		}
		f.TagSets[len(f.TagSets)-1] = append(f.TagSets[len(f.TagSets)-1], tag)
		return nil
	})
}

// helpMonthCounts are the monthly report's counts from community help: answers given
// in the community's questions. Each query takes the month's bounds, then the ids.
func helpMonthCounts(in string) []struct{ kind, q string } {
	return []struct{ kind, q string }{
		{"answers", `SELECT q.community_id, count(*) FROM answers a JOIN questions q ON q.id = a.question_id
			WHERE a.created_at >= ? AND a.created_at < ? AND q.community_id IN ` + in + ` GROUP BY q.community_id`},
	}
}
