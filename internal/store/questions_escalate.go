package store

import (
	"context"
	"fmt"
	"time"

	"github.com/copse-dev/copse"
)

// escalateBatch bounds one round of escalations; the next round takes the rest.
const escalateBatch = 100

// EscalateSOS escalates to the platform team every sos question that has waited
// longer than the routing's limit without an answer: it is stamped, and an
// "sos.escalated" event (which site-wide webhooks receive) is written in the same
// transaction. It returns how many it escalated. The notification worker runs it
// on its cycle; several instances may, as each question escalates once.
func (db *DB) EscalateSOS(ctx context.Context) (int, error) {
	due := false
	err := db.view(ctx, func(tx *Tx) error { // most rounds find nothing: they leave cached pages alone
		s, err := tx.helpSettings(ctx)
		if err != nil {
			return err
		}
		var n int
		err = tx.queryRow(ctx, "SELECT count(*) FROM (SELECT 1 FROM questions WHERE "+escalationDue+" LIMIT 1) d", cutoff(s, tx.now)).Scan(&n)
		due = n > 0
		return err
	})
	if err != nil || !due {
		return 0, err
	}
	n := 0
	err = db.update(ctx, func(tx *Tx) error {
		s, err := tx.helpSettings(ctx)
		if err != nil {
			return err
		}
		rows, err := tx.query(ctx, "SELECT id FROM questions WHERE "+escalationDue+" ORDER BY created_at LIMIT ?"+tx.dialect.skipLocked(),
			cutoff(s, tx.now), escalateBatch)
		if err != nil {
			return err
		}
		var ids []int64
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			ids = append(ids, id)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, id := range ids {
			if _, err := tx.exec(ctx, "UPDATE questions SET escalated_at = ? WHERE id = ? AND escalated_at IS NULL", tx.now, id); err != nil {
				return err
			}
			r, err := tx.questionByID(ctx, id)
			if err != nil {
				return err
			}
			waited := tx.now.Sub(r.q.CreatedAt).Round(time.Minute)
			text := fmt.Sprintf("Nobody has answered this urgent question in %s. It is now the platform team's.\n\n%s", waited, r.q.Body)
			if err := tx.questionEvent(ctx, "sos.escalated", r.q, text); err != nil {
				return err
			}
		}
		n = len(ids)
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("store: escalate sos: %w", err)
	}
	return n, nil
}

// escalationDue is what an escalation looks for, in the shape of the partial index
// questions_escalation; its one parameter is the cutoff.
const escalationDue = "urgency = 'sos' AND status = 'open' AND first_answered_at IS NULL AND escalated_at IS NULL AND created_at <= ?"

func cutoff(s copse.HelpSettings, now time.Time) time.Time {
	return now.Add(-time.Duration(s.EscalateAfterMinutes) * time.Minute)
}

// questionByID reads a question whoever may see it, for the site's own work.
func (tx *Tx) questionByID(ctx context.Context, id int64) (questionRow, error) {
	return scanQuestion(tx.queryRow(ctx, questionSelect+" WHERE q.id = ?", 0, id))
}
