package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/copse-dev/copse"
)

// AnswerQuestion adds the signed-in person's answer. The first answer by someone
// other than the asker stamps the question with when it came and from whom — the
// community or the platform team — so the help metrics read it rather than work it
// out again.
func (db *DB) AnswerQuestion(ctx context.Context, id int64, body string) (*copse.Answer, error) {
	var a *copse.Answer
	err := db.update(ctx, func(tx *Tx) error {
		r, v, err := tx.findQuestion(ctx, id, true)
		if err != nil {
			return err
		}
		if err := v.AuthorizeAnswer(r.q, r.c); err != nil {
			return err
		}
		if body, err = copse.ValidateAnswer(body); err != nil {
			return err
		}
		aid, err := tx.insert(ctx, `INSERT INTO answers (question_id, body, author_id, platform_team, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?)`, id, body, v.User.ID, v.PlatformStaff, tx.now, tx.now)
		if err != nil {
			return err
		}
		if _, err := tx.exec(ctx, "UPDATE questions SET answer_count = answer_count + 1, updated_at = ? WHERE id = ?", tx.now, id); err != nil {
			return err
		}
		if r.q.FirstAnsweredAt == nil && v.User.ID != r.q.AuthorID {
			by := copse.ByCommunity
			if v.PlatformStaff {
				by = copse.ByPlatform
			}
			_, err := tx.exec(ctx, `UPDATE questions SET first_answered_at = ?, first_answer_seconds = ?, first_answer_by = ? WHERE id = ?`,
				tx.now, int64(tx.now.Sub(r.q.CreatedAt).Seconds()), by, id)
			if err != nil {
				return err
			}
		}
		if r.c != nil {
			if err := tx.applyLifecycle(ctx, r.c, true); err != nil {
				return err
			}
		}
		a, err = tx.findAnswer(ctx, r.q, aid)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: answer: %w", err)
	}
	return a, nil
}

// EditAnswer changes an answer's words, keeping the version it replaces.
func (db *DB) EditAnswer(ctx context.Context, id, answerID int64, body string) (*copse.Answer, error) {
	var a *copse.Answer
	err := db.update(ctx, func(tx *Tx) error {
		r, v, err := tx.findQuestion(ctx, id, true)
		if err != nil {
			return err
		}
		if a, err = tx.findAnswer(ctx, r.q, answerID); err != nil {
			return err
		}
		if err := v.AuthorizeAnswerEdit(r.q, a, r.c); err != nil {
			return err
		}
		if body, err = copse.ValidateAnswer(body); err != nil || body == a.Body {
			return err
		}
		if _, err := tx.exec(ctx, `INSERT INTO question_revisions (question_id, answer_id, body, editor_id, created_at)
			VALUES (?, ?, ?, ?, ?)`, id, answerID, a.Body, editorID(ctx), tx.now); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, "UPDATE answers SET body = ?, edited_at = ?, updated_at = ? WHERE id = ?", body, tx.now, tx.now, answerID); err != nil {
			return err
		}
		if a, err = tx.findAnswer(ctx, r.q, answerID); err != nil {
			return err
		}
		if a.Accepted { // the accepted answer's words are searched with the question
			_, err = tx.reloadQuestion(ctx, id)
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: edit answer: %w", err)
	}
	return a, nil
}

// AcceptAnswer marks one answer to the question as the one that solved it (the
// asker, the facilitators and core team of its community, platform staff or an
// admin). Accepting another answer later moves the mark.
func (db *DB) AcceptAnswer(ctx context.Context, id, answerID int64) (*copse.Question, error) {
	var q *copse.Question
	err := db.update(ctx, func(tx *Tx) error {
		r, v, err := tx.findQuestion(ctx, id, true)
		if err != nil {
			return err
		}
		if err := v.AuthorizeAccept(r.q, r.c); err != nil {
			return err
		}
		var of int64
		err = tx.queryRow(ctx, "SELECT question_id FROM answers WHERE id = ?", answerID).Scan(&of)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if of != id { // no such answer, or another question's
			return &copse.Error{Code: copse.EINVALID, Message: "Some fields need attention.",
				Fields: map[string]string{"answer_id": fmt.Sprintf("must be one of the answers to question %d", id)}}
		}
		if r.q.AcceptedAnswerID != nil && *r.q.AcceptedAnswerID == answerID {
			q, err = tx.reloadQuestion(ctx, id)
			return err // accepting it again changes nothing
		}
		if _, err := tx.exec(ctx, `UPDATE questions SET accepted_answer_id = ?, accepted_at = ?, status = 'answered', updated_at = ?
			WHERE id = ?`, answerID, tx.now, tx.now, id); err != nil {
			return err
		}
		if q, err = tx.reloadQuestion(ctx, id); err != nil {
			return err
		}
		text := ""
		for _, a := range q.Answers {
			if a.Accepted {
				text = a.Body
			}
		}
		return tx.questionEvent(ctx, "answer.accepted", q, text)
	})
	if err != nil {
		return nil, fmt.Errorf("store: accept answer: %w", err)
	}
	return q, nil
}

// VoteAnswer records the signed-in person's vote on an answer: 1 (useful) or -1;
// a second vote replaces the first. The answer's score moves in the same
// transaction.
func (db *DB) VoteAnswer(ctx context.Context, id, answerID int64, value int) (*copse.Answer, error) {
	return db.setAnswerVote(ctx, id, answerID, value, false)
}

// UnvoteAnswer takes the signed-in person's vote on an answer back.
func (db *DB) UnvoteAnswer(ctx context.Context, id, answerID int64) (*copse.Answer, error) {
	return db.setAnswerVote(ctx, id, answerID, 0, true)
}

func (db *DB) setAnswerVote(ctx context.Context, id, answerID int64, value int, takeBack bool) (*copse.Answer, error) {
	var a *copse.Answer
	err := db.update(ctx, func(tx *Tx) error {
		r, v, err := tx.findQuestion(ctx, id, true) // one vote at a time per question: the score adds up
		if err != nil {
			return err
		}
		if a, err = tx.findAnswer(ctx, r.q, answerID); err != nil {
			return err
		}
		if err := v.AuthorizeVote(a, r.c); err != nil {
			return err
		}
		switch {
		case takeBack && a.Vote == 0:
			return notFound("You have not voted on answer %d.", answerID)
		case !takeBack:
			if err := copse.ValidateVote(value); err != nil {
				return err
			}
		}
		if value == a.Vote {
			return nil
		}
		if takeBack {
			_, err = tx.exec(ctx, "DELETE FROM answer_votes WHERE answer_id = ? AND user_id = ?", answerID, v.User.ID)
		} else {
			_, err = tx.exec(ctx, `INSERT INTO answer_votes (answer_id, user_id, value, created_at) VALUES (?, ?, ?, ?)
				ON CONFLICT (answer_id, user_id) DO UPDATE SET value = excluded.value, created_at = excluded.created_at`,
				answerID, v.User.ID, value, tx.now)
		}
		if err != nil {
			return err
		}
		if _, err := tx.exec(ctx, "UPDATE answers SET score = score + ? WHERE id = ?", value-a.Vote, answerID); err != nil {
			return err
		}
		a, err = tx.findAnswer(ctx, r.q, answerID)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: vote: %w", err)
	}
	return a, nil
}
