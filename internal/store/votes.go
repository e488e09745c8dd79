package store

import (
	"context"
	"fmt"

	"github.com/copse-dev/copse"
)

// Vote records the signed-in member's vote for a topic: one per person, and only
// while the topic is proposed or planned, since votes decide what is discussed next.
func (db *DB) Vote(ctx context.Context, slug string, id int64) (*copse.Topic, error) {
	return db.setVote(ctx, slug, id, true)
}

// Unvote takes the signed-in member's vote back.
func (db *DB) Unvote(ctx context.Context, slug string, id int64) (*copse.Topic, error) {
	return db.setVote(ctx, slug, id, false)
}

func (db *DB) setVote(ctx context.Context, slug string, id int64, on bool) (*copse.Topic, error) {
	var t *copse.Topic
	err := db.update(ctx, func(tx *Tx) error {
		c, v, err := tx.findCommunity(ctx, slug, true)
		if err != nil {
			return err
		}
		if err := v.AuthorizePropose(c, "vote"); err != nil {
			return err
		}
		if t, err = tx.findTopic(ctx, c, id); err != nil {
			return err
		}
		switch {
		case on && t.Voted:
			return copse.Errorf(copse.ECONFLICT, "You have voted for this topic already; each person has one vote per topic.")
		case !on && !t.Voted:
			return notFound("You have not voted for this topic, so there is no vote to take back.")
		case !t.Stage.Open():
			return copse.Errorf(copse.ECONFLICT, "Voting on this topic is closed: it is %s. Votes choose what is discussed next.", t.Stage)
		}
		delta := 1
		if on {
			_, err = tx.exec(ctx, "INSERT INTO topic_votes (topic_id, user_id, created_at) VALUES (?, ?, ?)", t.ID, v.User.ID, tx.now)
		} else {
			delta = -1
			_, err = tx.exec(ctx, "DELETE FROM topic_votes WHERE topic_id = ? AND user_id = ?", t.ID, v.User.ID)
		}
		if isUnique(err) { // a second vote sent at the same moment
			return copse.Errorf(copse.ECONFLICT, "You have voted for this topic already; each person has one vote per topic.")
		}
		if err != nil {
			return err
		}
		// The count lives on the topic so the board sorts by an index; it changes in
		// the same transaction as the vote, so it never drifts from the votes.
		if _, err := tx.exec(ctx, "UPDATE topics SET votes = votes + ? WHERE id = ?", delta, t.ID); err != nil {
			return err
		}
		t.Votes += delta
		t.Voted = on
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: vote: %w", err)
	}
	return t, nil
}
