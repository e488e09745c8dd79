package store

import (
	"context"
	"fmt"
	"strconv"

	"github.com/copse-dev/copse"
)

// Recognition: the points ledger is derived from what happened, rule by rule. Each
// rule of copse.PointRules is a query over the tables of the thing it rewards (no
// other code records points), so that a rule needs no change to the code that makes
// the change it rewards, every point names its rule and subject, running the rules
// twice awards nothing twice (the ledger's key), and a subject that stops
// qualifying (a merged duplicate, a vote taken back) loses its points.

// ruleQueries are the rules' SELECTs, each yielding the columns user_id, subject_id,
// community_id, visibility, points, title and earned_at, in that order. Adding a rule
// is one entry here and one line of copse.PointRules.
var ruleQueries = map[string]string{
	// An answer accepted on someone else's question (subject: the answer). The asker
	// accepting their own answer earns nothing.
	"answer.accepted": `SELECT a.author_id AS user_id, a.id AS subject_id, q.community_id AS community_id, q.visibility AS visibility,
		10 AS points, q.title AS title, coalesce(q.accepted_at, a.created_at) AS earned_at
		FROM questions q JOIN answers a ON a.id = q.accepted_answer_id
		WHERE a.author_id IS NOT NULL AND (q.author_id IS NULL OR q.author_id <> a.author_id)`,
	// An answer to someone else's question; answering one's own earns nothing.
	"answer.given": `SELECT a.author_id AS user_id, a.id AS subject_id, q.community_id AS community_id, q.visibility AS visibility,
		2 AS points, q.title AS title, a.created_at AS earned_at
		FROM answers a JOIN questions q ON q.id = a.question_id
		WHERE a.author_id IS NOT NULL AND (q.author_id IS NULL OR q.author_id <> a.author_id)`,
	// A resource that names the person as an author; not a merged duplicate, and
	// not one they bulk-imported themselves.
	"resource.shared": `SELECT DISTINCT ra.user_id AS user_id, r.id AS subject_id, r.community_id AS community_id, r.visibility AS visibility,
		5 AS points, r.title AS title, r.created_at AS earned_at
		FROM resource_authors ra JOIN resources r ON r.id = ra.resource_id
		WHERE ra.user_id IS NOT NULL AND r.merged_into IS NULL
		AND (r.source IS NULL OR r.created_by IS NULL OR r.created_by <> ra.user_id)`,
	// A topic the person proposed, discussed at a meeting that was held.
	"topic.presented": `SELECT t.proposer_id AS user_id, t.id AS subject_id, t.community_id AS community_id, c.visibility AS visibility,
		5 AS points, t.title AS title, m.starts_at AS earned_at
		FROM topics t JOIN meetings m ON m.id = t.meeting_id JOIN communities c ON c.id = t.community_id
		WHERE t.proposer_id IS NOT NULL AND m.status = 'held' AND t.stage IN ('discussed', 'action', 'done')`,
	// Votes from others for a topic the person proposed, a point each, up to five.
	"topic.wanted": `SELECT t.proposer_id AS user_id, t.id AS subject_id, t.community_id AS community_id, c.visibility AS visibility,
		CASE WHEN count(*) > 5 THEN 5 ELSE count(*) END AS points, t.title AS title, t.created_at AS earned_at
		FROM topics t JOIN topic_votes v ON v.topic_id = t.id AND v.user_id <> t.proposer_id
		JOIN communities c ON c.id = t.community_id
		WHERE t.proposer_id IS NOT NULL
		GROUP BY t.proposer_id, t.id, t.community_id, c.visibility, t.title, t.created_at`,
	// A meeting the person scheduled or prepared, once held.
	"meeting.facilitated": `SELECT m.created_by AS user_id, m.id AS subject_id, m.community_id AS community_id, c.visibility AS visibility,
		5 AS points, m.title AS title, m.starts_at AS earned_at
		FROM meetings m JOIN communities c ON c.id = m.community_id
		WHERE m.status = 'held' AND m.created_by IS NOT NULL`,
	// An action the person owned, done.
	"action.done": `SELECT t.owner_id AS user_id, t.id AS subject_id, t.community_id AS community_id, c.visibility AS visibility,
		3 AS points, t.title AS title, t.updated_at AS earned_at
		FROM topics t JOIN communities c ON c.id = t.community_id
		WHERE t.stage = 'done' AND t.owner_id IS NOT NULL`,
}

// RefreshRecognition brings the points ledger and the suggested promotions up to
// date with what happened, and reports how many ledger rows changed. The outbox
// worker runs it every minute or so; it is safe to run from several instances at
// once (each row is keyed), and cheap when nothing changed.
func (db *DB) RefreshRecognition(ctx context.Context) (int, error) {
	changed := 0
	err := db.updateQuiet(ctx, func(tx *Tx) error {
		var err error
		if changed, err = tx.refreshPoints(ctx); err != nil {
			return err
		}
		n, err := tx.suggestPromotions(ctx)
		if err != nil {
			return err
		}
		if changed+n > 0 { // profiles and health pages show these: cached copies must go
			_, err = tx.exec(ctx, "UPDATE content_version SET n = n + 1 WHERE id = 1")
		}
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("store: refresh recognition: %w", err)
	}
	return changed, nil
}

func (tx *Tx) refreshPoints(ctx context.Context) (int, error) {
	changed := int64(0)
	for _, rule := range copse.PointRules {
		q, ok := ruleQueries[rule.Key]
		if !ok {
			continue
		}
		// "WHERE true" tells SQLite that ON CONFLICT belongs to the INSERT, not to a join.
		res, err := tx.exec(ctx, `INSERT INTO points (user_id, subject_id, community_id, visibility, points, title, earned_at, rule, created_at)
			SELECT q.*, ?, ? FROM (`+q+`) q WHERE true
			ON CONFLICT (rule, subject_id, user_id) DO UPDATE SET points = excluded.points, title = excluded.title,
				community_id = excluded.community_id, visibility = excluded.visibility
			WHERE points.points <> excluded.points OR points.title <> excluded.title
				OR points.visibility <> excluded.visibility OR coalesce(points.community_id, 0) <> coalesce(excluded.community_id, 0)`,
			rule.Key, tx.now)
		if err != nil {
			return 0, fmt.Errorf("rule %s: %w", rule.Key, err)
		}
		n, _ := res.RowsAffected()
		changed += n
		res, err = tx.exec(ctx, `DELETE FROM points WHERE rule = ? AND id NOT IN (SELECT p.id FROM points p
			JOIN (`+q+`) q ON q.user_id = p.user_id AND q.subject_id = p.subject_id WHERE p.rule = ?)`, rule.Key, rule.Key)
		if err != nil {
			return 0, fmt.Errorf("rule %s: %w", rule.Key, err)
		}
		n, _ = res.RowsAffected()
		changed += n
	}
	return int(changed), nil
}

// thresholdKeys are the settings rows of the rank and ladder thresholds.
var thresholdKeys = []string{"rank_contributor", "rank_rising_star", "rank_community_leader", "ladder_influencer", "ladder_steward"}

func thresholdFields(t *copse.RankThresholds) []*int {
	return []*int{&t.Contributor, &t.RisingStar, &t.CommunityLeader, &t.Influencer, &t.Steward}
}

// RankThresholds returns the rank and ladder thresholds, with defaults for what an
// admin never set.
func (db *DB) RankThresholds(ctx context.Context) (copse.RankThresholds, error) {
	var t copse.RankThresholds
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		t, err = tx.rankThresholds(ctx)
		return err
	})
	return t, err
}

func (tx *Tx) rankThresholds(ctx context.Context) (copse.RankThresholds, error) {
	t := copse.DefaultRankThresholds()
	fields := thresholdFields(&t)
	keys := make([]any, len(thresholdKeys))
	for i, k := range thresholdKeys {
		keys[i] = k
	}
	rows, err := tx.query(ctx, "SELECT key, value FROM settings WHERE key IN ("+placeholders(len(keys))+")", keys...)
	if err != nil {
		return t, fmt.Errorf("store: rank thresholds: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return t, err
		}
		for i, key := range thresholdKeys {
			if n, err := strconv.Atoi(v); key == k && err == nil {
				*fields[i] = n
			}
		}
	}
	return t, rows.Err()
}

// SetRankThresholds saves new thresholds (admins only); nonsense is refused with a
// message naming the field.
func (db *DB) SetRankThresholds(ctx context.Context, t copse.RankThresholds) error {
	switch me := copse.UserFromContext(ctx); {
	case me == nil:
		return copse.Errorf(copse.EUNAUTHORIZED, "Sign in as an admin to change the rank thresholds.")
	case !me.Admin:
		return copse.Errorf(copse.EFORBIDDEN, "Only an admin can change the rank thresholds.")
	}
	if err := t.Validate(); err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		for i, f := range thresholdFields(&t) {
			if _, err := tx.exec(ctx, "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
				thresholdKeys[i], strconv.Itoa(*f)); err != nil {
				return fmt.Errorf("store: rank thresholds: %w", err)
			}
		}
		return nil
	})
}
