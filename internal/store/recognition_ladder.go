package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/copse-dev/copse"
)

// The ladder (seed 000: "early adopters become influencers, influencers become
// stewards"), per community. suggestPromotions writes what the data suggests; a
// facilitator confirms or declines each suggestion, and a declined stage is not
// suggested again.

// candidate is a member with what the data knows of their part in a community.
type candidate struct {
	community, user int64
	handle, name    string
	facts           copse.LadderFacts
}

// ladderCandidates reads every member of one community (or, with 0, of every
// forming, active and dormant one), with their points there from the ledger, in join
// order within each community. The ledger is what the sweep keeps (it refreshes the
// points before it suggests), so a page reads an indexed table, never the rules.
func (tx *Tx) ladderCandidates(ctx context.Context, community int64) ([]candidate, error) {
	var out []candidate
	clause, pclause, args := "true", "true", []any{}
	if community != 0 {
		clause, pclause, args = "c.id = ?", "community_id = ?", []any{community, community}
	}
	err := tx.scanRows(ctx, `SELECT m.community_id, m.user_id, u.handle, u.name, m.joined_at, c.created_at, coalesce(p.points, 0), p.last_at
		FROM members m JOIN communities c ON c.id = m.community_id JOIN users u ON u.id = m.user_id
		LEFT JOIN (SELECT user_id, community_id, sum(points) AS points, max(earned_at) AS last_at
			FROM points WHERE `+pclause+` GROUP BY user_id, community_id) p
			ON p.user_id = m.user_id AND p.community_id = m.community_id
		WHERE c.status IN ('forming', 'active', 'dormant') AND `+clause+`
		ORDER BY m.community_id, m.joined_at, m.user_id`, args, func(rows *sql.Rows) error {
		var c candidate
		if err := rows.Scan(&c.community, &c.user, &c.handle, &c.name, dbTime{&c.facts.JoinedAt}, dbTime{&c.facts.Founded},
			&c.facts.Points, dbTime{&c.facts.LastContribution}); err != nil {
			return err
		}
		out = append(out, c)
		return nil
	})
	order, prev := 0, int64(0)
	for i := range out {
		if out[i].community != prev {
			order, prev = 0, out[i].community
		}
		order++
		out[i].facts.JoinOrder = order
	}
	return out, err
}

// decisions reads the promotions recorded for the communities the clause (on alias
// p) selects, per member and stage.
func (tx *Tx) decisions(ctx context.Context, clause string, args []any) (map[[2]int64]map[copse.LadderStage]string, error) {
	out := map[[2]int64]map[copse.LadderStage]string{}
	err := tx.scanRows(ctx, "SELECT p.community_id, p.user_id, p.stage, p.status FROM promotions p WHERE "+clause, args, func(rows *sql.Rows) error {
		var (
			key           [2]int64
			stage, status string
		)
		if err := rows.Scan(&key[0], &key[1], &stage, &status); err != nil {
			return err
		}
		if out[key] == nil {
			out[key] = map[copse.LadderStage]string{}
		}
		out[key][copse.LadderStage(stage)] = status
		return nil
	})
	return out, err
}

// suggestion is the stage the data suggests for a candidate that nobody decided
// yet and that is above what was confirmed, or "".
func suggestion(th copse.RankThresholds, c candidate, decided map[copse.LadderStage]string, now time.Time) (copse.LadderStage, string) {
	stage, evidence := th.SuggestStage(c.facts, now)
	if stage == "" || decided[stage] != "" || !stage.Above(confirmedStage(decided)) {
		return "", ""
	}
	return stage, evidence
}

// suggestPromotions records what the data suggests for every member of every
// community, in a fixed number of queries; a suggestion is recorded once.
func (tx *Tx) suggestPromotions(ctx context.Context) (int, error) {
	th, err := tx.rankThresholds(ctx)
	if err != nil {
		return 0, err
	}
	all, err := tx.ladderCandidates(ctx, 0)
	if err != nil {
		return 0, err
	}
	decided, err := tx.decisions(ctx, "true", nil)
	if err != nil {
		return 0, err
	}
	added := 0
	for _, c := range all {
		stage, evidence := suggestion(th, c, decided[[2]int64{c.community, c.user}], tx.now)
		if stage == "" {
			continue
		}
		res, err := tx.exec(ctx, `INSERT INTO promotions (community_id, user_id, stage, status, evidence, suggested_at)
			VALUES (?, ?, ?, 'suggested', ?, ?) ON CONFLICT DO NOTHING`, c.community, c.user, string(stage), evidence, tx.now)
		if err != nil {
			return 0, err
		}
		n, _ := res.RowsAffected()
		added += int(n)
	}
	return added, nil
}

// confirmedStage is the highest stage confirmed among a member's promotions.
func confirmedStage(m map[copse.LadderStage]string) copse.LadderStage {
	var top copse.LadderStage
	for stage, status := range m {
		if status == copse.PromotionConfirmed && stage.Above(top) {
			top = stage
		}
	}
	return top
}

// ListPromotions returns a community's promotions (status "" for all), pending
// suggestions first; its facilitators and admins see them, as they decide.
func (db *DB) ListPromotions(ctx context.Context, slug, status string) ([]copse.Promotion, error) {
	var out []copse.Promotion
	err := db.view(ctx, func(tx *Tx) error {
		c, v, err := tx.findCommunity(ctx, slug, false)
		if err != nil {
			return err
		}
		if !v.CanEdit() {
			return deniedTo(v, "Only a facilitator of %s decides its promotions.", c.Name)
		}
		q := promotionSelect + " WHERE p.community_id = ?"
		args := []any{c.ID}
		if status != "" {
			q += " AND p.status = ?"
			args = append(args, status)
		}
		if out, err = tx.scanPromotions(ctx, c.Slug, q+" ORDER BY CASE p.status WHEN 'suggested' THEN 0 ELSE 1 END, p.suggested_at DESC, u.handle LIMIT 500", args...); err != nil {
			return err
		}
		if status != "" && status != copse.PromotionSuggested {
			return nil
		}
		live, err := tx.liveSuggestions(ctx, c)
		if err != nil {
			return err
		}
		for _, p := range live { // what the data suggests now, before the next sweep records it
			if !slices.ContainsFunc(out, func(o copse.Promotion) bool { return o.Handle == p.Handle && o.Stage == p.Stage }) {
				out = append([]copse.Promotion{p}, out...)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: list promotions: %w", err)
	}
	return out, nil
}

// liveSuggestions are the promotions the data suggests in the community now.
func (tx *Tx) liveSuggestions(ctx context.Context, c *copse.Community) ([]copse.Promotion, error) {
	th, err := tx.rankThresholds(ctx)
	if err != nil {
		return nil, err
	}
	cands, err := tx.ladderCandidates(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	decided, err := tx.decisions(ctx, "p.community_id = ?", []any{c.ID})
	if err != nil {
		return nil, err
	}
	var out []copse.Promotion
	for _, cand := range cands {
		if stage, evidence := suggestion(th, cand, decided[[2]int64{cand.community, cand.user}], tx.now); stage != "" {
			out = append(out, copse.Promotion{Community: c.Slug, Handle: cand.handle, Name: cand.name, Stage: stage,
				Status: copse.PromotionSuggested, Evidence: evidence, SuggestedAt: tx.now})
		}
	}
	return out, nil
}

const promotionSelect = `SELECT u.handle, u.name, p.stage, p.status, p.evidence, p.suggested_at, coalesce(d.handle, ''), p.decided_at
	FROM promotions p JOIN users u ON u.id = p.user_id LEFT JOIN users d ON d.id = p.decided_by`

func (tx *Tx) scanPromotions(ctx context.Context, slug, q string, args ...any) ([]copse.Promotion, error) {
	rows, err := tx.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []copse.Promotion{}
	for rows.Next() {
		p := copse.Promotion{Community: slug}
		var decided time.Time
		if err := rows.Scan(&p.Handle, &p.Name, (*string)(&p.Stage), &p.Status, &p.Evidence, dbTime{&p.SuggestedAt}, &p.DecidedBy, dbTime{&decided}); err != nil {
			return nil, err
		}
		if !decided.IsZero() {
			p.DecidedAt = &decided
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// DecidePromotion confirms or declines a suggested promotion (a facilitator of the
// community, or an admin). Confirming a stage settles the suggestions below it.
// The decision is "confirm" or "decline".
func (db *DB) DecidePromotion(ctx context.Context, slug, handle string, stage copse.LadderStage, decision string) (copse.Promotion, error) {
	var p copse.Promotion
	err := db.update(ctx, func(tx *Tx) error {
		c, v, err := tx.findCommunity(ctx, slug, true)
		if err != nil {
			return err
		}
		if !v.CanEdit() {
			return deniedTo(v, "Only a facilitator of %s confirms its promotions.", c.Name)
		}
		if err := copse.Writable(c); err != nil {
			return err
		}
		problems := copse.Problems{}
		if !stage.Valid() {
			problems.Add("stage", `must be "early-adopter", "influencer" or "steward"`)
		}
		if decision != "confirm" && decision != "decline" {
			problems.Add("decision", `must be "confirm" or "decline"`)
		}
		if err := problems.Err(); err != nil {
			return err
		}
		confirm := decision == "confirm"
		u, err := tx.findUser(ctx, copse.NormalizeHandle(handle))
		if err != nil {
			return err
		}
		var status string
		err = tx.queryRow(ctx, "SELECT status FROM promotions WHERE community_id = ? AND user_id = ? AND stage = ?", c.ID, u.ID, string(stage)).Scan(&status)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			if err := tx.recordLiveSuggestion(ctx, c, u, stage); err != nil {
				return err
			}
		case err != nil:
			return err
		case status != copse.PromotionSuggested:
			return copse.Errorf(copse.ECONFLICT, "This promotion was %s already.", status)
		}
		to := copse.PromotionDeclined
		if confirm {
			to = copse.PromotionConfirmed
		}
		if _, err := tx.exec(ctx, "UPDATE promotions SET status = ?, decided_by = ?, decided_at = ? WHERE community_id = ? AND user_id = ? AND stage = ?",
			to, v.User.ID, tx.now, c.ID, u.ID, string(stage)); err != nil {
			return err
		}
		if confirm {
			for _, below := range copse.LadderStages {
				if stage.Above(below) {
					if _, err := tx.exec(ctx, "UPDATE promotions SET status = 'confirmed', decided_by = ?, decided_at = ? WHERE community_id = ? AND user_id = ? AND stage = ? AND status = 'suggested'",
						v.User.ID, tx.now, c.ID, u.ID, string(below)); err != nil {
						return err
					}
				}
			}
		}
		ps, err := tx.scanPromotions(ctx, c.Slug, promotionSelect+" WHERE p.community_id = ? AND p.user_id = ? AND p.stage = ?", c.ID, u.ID, string(stage))
		if err != nil || len(ps) == 0 {
			return err
		}
		p = ps[0]
		return nil
	})
	if err != nil {
		return p, fmt.Errorf("store: decide promotion: %w", err)
	}
	return p, nil
}

// recordLiveSuggestion records what the data suggests now for the person, so it can
// be decided before a sweep has recorded it; a stage it does not suggest is not found.
// It brings the ledger up to date first, as the sweep would: a decision is rare, and
// is made on what happened, not on what the last sweep saw.
func (tx *Tx) recordLiveSuggestion(ctx context.Context, c *copse.Community, u *copse.User, stage copse.LadderStage) error {
	if _, err := tx.refreshPoints(ctx); err != nil {
		return err
	}
	live, err := tx.liveSuggestions(ctx, c)
	if err != nil {
		return err
	}
	i := slices.IndexFunc(live, func(p copse.Promotion) bool { return p.Handle == u.Handle && p.Stage == stage })
	if i < 0 {
		return notFound("Nothing suggests %s as %s of %s.", u.Handle, strings.ToLower(stage.Name()), c.Name)
	}
	_, err = tx.exec(ctx, `INSERT INTO promotions (community_id, user_id, stage, status, evidence, suggested_at)
		VALUES (?, ?, ?, 'suggested', ?, ?)`, c.ID, u.ID, string(stage), live[i].Evidence, tx.now)
	return err
}

// stagesOf returns the highest confirmed stage of each member of the communities.
func (tx *Tx) stagesOf(ctx context.Context, userID int64, ids []int64) (map[int64]copse.LadderStage, error) {
	out := map[int64]copse.LadderStage{}
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := tx.query(ctx, "SELECT community_id, stage FROM promotions WHERE user_id = ? AND status = 'confirmed' AND community_id IN ("+
		placeholders(len(ids))+")", append([]any{userID}, int64sToAny(ids)...)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var (
			id    int64
			stage copse.LadderStage
		)
		if err := rows.Scan(&id, (*string)(&stage)); err != nil {
			return nil, err
		}
		if stage.Above(out[id]) {
			out[id] = stage
		}
	}
	return out, rows.Err()
}

// deniedTo is 401 for an anonymous viewer and 403 with the message for anyone else.
func deniedTo(v copse.Viewer, format string, args ...any) error {
	if v.User == nil {
		return copse.Errorf(copse.EUNAUTHORIZED, "Sign in to do this.")
	}
	return copse.Errorf(copse.EFORBIDDEN, format, args...)
}
