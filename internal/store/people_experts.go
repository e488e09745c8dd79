package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/copse-dev/copse"
)

// The expert finder answers "who knows about X?" by what people did on X, never by
// what they claim: the resources tagged X they wrote, the topics they presented and
// the meetings they ran in communities tagged X, and (with community help) their
// answers, accepted or not, to questions tagged X. Only what the viewer may read
// counts as evidence, so a members-only community does not leak through a ranking.

// evidence is one kind of evidence: a SELECT of (user_id, kind) rows, the subject
// tag bound once, and whether it checks readability on the alias r (a resource's or
// a question's own visibility) rather than the community alias c.
type evidence struct {
	kind     string
	readable bool
	sql      string
}

// expertEvidence lists the queries. Answers count on someone else's question only,
// as the points do; an accepted one counts as an answer and as accepted.
var expertEvidence = []evidence{
	{"accepted", true, `SELECT a.author_id AS user_id, 'accepted' AS kind FROM questions r
		JOIN answers a ON a.id = r.accepted_answer_id JOIN question_tags qt ON qt.question_id = r.id AND qt.tag = ?
		WHERE a.author_id IS NOT NULL AND (r.author_id IS NULL OR r.author_id <> a.author_id) AND ` + readable("r")},
	{"answer", true, `SELECT a.author_id AS user_id, 'answer' AS kind FROM answers a
		JOIN questions r ON r.id = a.question_id JOIN question_tags qt ON qt.question_id = r.id AND qt.tag = ?
		WHERE a.author_id IS NOT NULL AND (r.author_id IS NULL OR r.author_id <> a.author_id) AND ` + readable("r")},
	{"resource", true, `SELECT ra.user_id AS user_id, 'resource' AS kind FROM resource_authors ra
		JOIN resources r ON r.id = ra.resource_id JOIN resource_tags rt ON rt.resource_id = r.id AND rt.tag = ?
		WHERE ra.user_id IS NOT NULL AND r.merged_into IS NULL AND ` + readable("r")},
	// Topics and meetings count in the communities tagged with the subject: the
	// community tag index finds them, then each community's own rows.
	{"topic", false, `SELECT t.proposer_id AS user_id, 'topic' AS kind FROM community_tags ct
		JOIN communities c ON c.id = ct.community_id JOIN topics t ON t.community_id = c.id
		JOIN meetings m ON m.id = t.meeting_id AND m.status = 'held'
		WHERE ct.tag = ? AND t.proposer_id IS NOT NULL AND t.stage IN ('discussed', 'action', 'done') AND ` + visible},
	{"meeting", false, `SELECT m.created_by AS user_id, 'meeting' AS kind FROM community_tags ct
		JOIN communities c ON c.id = ct.community_id JOIN meetings m ON m.community_id = c.id
		WHERE ct.tag = ? AND m.status = 'held' AND m.created_by IS NOT NULL AND ` + visible},
}

// Experts returns a page of the people who did most on the subject, best first.
func (db *DB) Experts(ctx context.Context, f copse.ExpertFilter) (copse.Page[copse.Expert], error) {
	var page copse.Page[copse.Expert]
	if err := f.Validate(); err != nil {
		return page, err
	}
	cur, err := decodeCursorParts(f.Cursor, 2)
	if err != nil {
		return page, err
	}
	me := copse.UserFromContext(ctx)
	limit := copse.ClampLimit(f.Limit)
	var (
		parts []string
		args  []any
	)
	for _, e := range expertEvidence {
		parts = append(parts, e.sql)
		args = append(args, f.Subject)
		if e.readable {
			args = append(args, readableArgs(me)...)
		} else {
			args = append(args, visibleArgs(me)...)
		}
	}
	score := fmt.Sprintf(`sum(CASE e.kind WHEN 'accepted' THEN %d WHEN 'resource' THEN %d WHEN 'topic' THEN %d
		WHEN 'answer' THEN %d WHEN 'meeting' THEN %d ELSE 0 END)`,
		copse.ExpertAccepted, copse.ExpertResource, copse.ExpertTopic, copse.ExpertAnswer, copse.ExpertMeeting)
	count := func(kind string) string { return "sum(CASE WHEN e.kind = '" + kind + "' THEN 1 ELSE 0 END)" }
	q := `SELECT x.* FROM (SELECT u.handle AS handle, u.name AS name, ` + score + ` AS score,
		` + count("accepted") + `, ` + count("answer") + `, ` + count("resource") + `, ` + count("topic") + `, ` + count("meeting") + `,
		EXISTS (SELECT 1 FROM user_expertise ue WHERE ue.user_id = u.id AND ue.tag = ?) AS claims
		FROM (` + strings.Join(parts, "\nUNION ALL\n") + `) e JOIN users u ON u.id = e.user_id
		GROUP BY u.id, u.handle, u.name) x`
	args = append([]any{f.Subject}, args...)
	if f.Cursor != "" {
		n, err := strconv.Atoi(cur[0])
		if err != nil {
			return page, badCursor()
		}
		q += " WHERE (x.score < ? OR x.score = ? AND x.handle > ?)"
		args = append(args, n, n, cur[1])
	}
	q += " ORDER BY x.score DESC, x.handle LIMIT ?"
	args = append(args, limit+1)
	err = db.view(ctx, func(tx *Tx) error {
		rows, err := tx.query(ctx, q, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var x copse.Expert
			ev := &x.Evidence
			if err := rows.Scan(&x.Handle, &x.Name, &x.Score, &ev.AcceptedAnswers, &ev.Answers, &ev.Resources,
				&ev.TopicsPresented, &ev.MeetingsFacilitated, &x.Claims); err != nil {
				return err
			}
			page.Items = append(page.Items, x)
		}
		if len(page.Items) > limit {
			page.Items = page.Items[:limit]
			last := page.Items[limit-1]
			page.Next = encodeCursor(strconv.Itoa(last.Score), last.Handle)
		}
		return rows.Err()
	})
	if err != nil {
		return page, fmt.Errorf("store: experts: %w", err)
	}
	if page.Items == nil {
		page.Items = []copse.Expert{}
	}
	return page, nil
}

// ClaimedBy returns the people who list the subject among their expertise but have
// no evidence yet, so the finder can show them apart: "also says they know".
func (db *DB) ClaimedBy(ctx context.Context, subject string, except []string, limit int) ([]copse.Expert, error) {
	out := []copse.Expert{}
	err := db.view(ctx, func(tx *Tx) error {
		q := "SELECT u.handle, u.name FROM user_expertise ue JOIN users u ON u.id = ue.user_id WHERE ue.tag = ?"
		args := []any{subject}
		if len(except) > 0 {
			q += " AND u.handle NOT IN (" + placeholders(len(except)) + ")"
			for _, h := range except {
				args = append(args, h)
			}
		}
		rows, err := tx.query(ctx, q+" ORDER BY u.handle LIMIT ?", append(args, copse.ClampLimit(limit))...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			x := copse.Expert{Claims: true}
			if err := rows.Scan(&x.Handle, &x.Name); err != nil {
				return err
			}
			out = append(out, x)
		}
		return rows.Err()
	})
	return out, err
}

func parseCursorTime(s string) (time.Time, error) { return time.Parse(sqliteTime, s) }
