package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/copse-dev/copse"
)

// AskQuestion files a question where the routing sends its urgency: the
// community's Q&A, the urgent channel, or the platform team. The event that tells
// them is written in the same transaction.
func (db *DB) AskQuestion(ctx context.Context, n copse.NewQuestion) (*copse.Question, error) {
	var q *copse.Question
	err := db.update(ctx, func(tx *Tx) error {
		v, err := tx.helpViewer(ctx, "")
		if err != nil {
			return err
		}
		if err := v.AuthorizeAsk(nil); err != nil {
			return err
		}
		if err := n.Validate(); err != nil {
			return err
		}
		c, err := tx.askCommunity(ctx, n.Community)
		if err != nil {
			return err
		}
		s, err := tx.helpSettings(ctx)
		if err != nil {
			return err
		}
		route, err := s.Route(n.Urgency)
		if err != nil {
			return err
		}
		id, err := tx.insert(ctx, `INSERT INTO questions (community_id, title, body, urgency, routed_to, status, visibility,
			author_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'open', ?, ?, ?, ?)`,
			nullID(idOf(c)), n.Title, n.Body, string(n.Urgency), string(route.To), string(n.Visibility), v.User.ID, tx.now, tx.now)
		if err != nil {
			return err
		}
		if err := tx.setQuestionTags(ctx, id, n.Tags); err != nil {
			return err
		}
		if q, err = tx.reloadQuestion(ctx, id); err != nil {
			return err
		}
		if c != nil {
			if err := tx.applyLifecycle(ctx, c, true); err != nil {
				return err
			}
		}
		return tx.questionEvent(ctx, route.To.Event(), q, q.Body)
	})
	if err != nil {
		return nil, fmt.Errorf("store: ask: %w", err)
	}
	return q, nil
}

// askCommunity finds the community a question is asked in ("" for site-wide),
// refusing one the asker cannot see as a bad field rather than a missing page.
func (tx *Tx) askCommunity(ctx context.Context, slug string) (*copse.Community, error) {
	if slug == "" {
		return nil, nil
	}
	c, _, err := tx.findCommunity(ctx, slug, false)
	if copse.ErrorCode(err) == copse.ENOTFOUND {
		return nil, &copse.Error{Code: copse.EINVALID, Message: "Some fields need attention.",
			Fields: map[string]string{"community": fmt.Sprintf("there is no community at %q that you can see", slug)}}
	}
	if err != nil {
		return nil, err
	}
	return c, copse.Writable(c)
}

// UpdateQuestion edits a question's words (keeping the version it replaces),
// closes or reopens it, re-routes it, or marks it a duplicate of another.
func (db *DB) UpdateQuestion(ctx context.Context, id int64, u copse.QuestionUpdate) (*copse.Question, error) {
	var q *copse.Question
	err := db.update(ctx, func(tx *Tx) error {
		r, v, err := tx.findQuestion(ctx, id, true)
		if err != nil {
			return err
		}
		if err := v.AuthorizeQuestionUpdate(r.q, r.c, &u); err != nil {
			return err
		}
		if err := u.Validate(); err != nil {
			return err
		}
		if err := tx.fillQuestions(ctx, []*copse.Question{r.q}, false); err != nil {
			return err
		}
		if u.Edits() {
			if err := tx.editQuestion(ctx, r.q, u); err != nil {
				return err
			}
		}
		if err := tx.moderateQuestion(ctx, r.q, u); err != nil {
			return err
		}
		if q, err = tx.reloadQuestion(ctx, id); err != nil {
			return err
		}
		return tx.indexQuestion(ctx, q)
	})
	if err != nil {
		return nil, fmt.Errorf("store: update question: %w", err)
	}
	return q, nil
}

// editQuestion keeps the current words as a revision and writes the new ones.
func (tx *Tx) editQuestion(ctx context.Context, q *copse.Question, u copse.QuestionUpdate) error {
	title, body, tags := q.Title, q.Body, q.Tags
	if u.Title != nil {
		title = *u.Title
	}
	if u.Body != nil {
		body = *u.Body
	}
	if u.Tags != nil {
		tags = *u.Tags
	}
	if title == q.Title && body == q.Body && strings.Join(tags, ",") == strings.Join(q.Tags, ",") {
		return nil // saving without a change adds nothing to the history
	}
	if _, err := tx.exec(ctx, `INSERT INTO question_revisions (question_id, title, body, tags, editor_id, created_at)
		VALUES (?, ?, ?, ?, ?, ?)`, q.ID, q.Title, q.Body, strings.Join(q.Tags, ","), editorID(ctx), tx.now); err != nil {
		return err
	}
	if _, err := tx.exec(ctx, "UPDATE questions SET title = ?, body = ?, edited_at = ?, updated_at = ? WHERE id = ?",
		title, body, tx.now, tx.now, q.ID); err != nil {
		return err
	}
	return tx.setQuestionTags(ctx, q.ID, tags)
}

// moderateQuestion applies a close, a reopening, a re-route or a duplicate mark.
func (tx *Tx) moderateQuestion(ctx context.Context, q *copse.Question, u copse.QuestionUpdate) error {
	if u.Urgency != nil && *u.Urgency != q.Urgency {
		if _, err := tx.exec(ctx, "UPDATE questions SET urgency = ?, updated_at = ? WHERE id = ?", string(*u.Urgency), tx.now, q.ID); err != nil {
			return err
		}
	}
	switch {
	case u.DuplicateOf != nil && *u.DuplicateOf != nil:
		of, err := tx.original(ctx, q, **u.DuplicateOf)
		if err != nil {
			return err
		}
		_, err = tx.exec(ctx, "UPDATE questions SET status = 'duplicate', duplicate_of = ?, updated_at = ? WHERE id = ?", of, tx.now, q.ID)
		return err
	case u.DuplicateOf != nil, u.Status != nil && *u.Status == copse.QuestionOpen:
		// Reopening returns it to answered when it has an accepted answer.
		_, err := tx.exec(ctx, `UPDATE questions SET status = CASE WHEN accepted_answer_id IS NULL THEN 'open' ELSE 'answered' END,
			duplicate_of = NULL, updated_at = ? WHERE id = ?`, tx.now, q.ID)
		return err
	case u.Status != nil && *u.Status == copse.QuestionClosed:
		_, err := tx.exec(ctx, "UPDATE questions SET status = 'closed', updated_at = ? WHERE id = ?", tx.now, q.ID)
		return err
	}
	return nil
}

// original resolves the question q duplicates: one the viewer can read, not q
// itself, and — when that one is a duplicate too — the question it points to, so
// a chain never forms.
func (tx *Tx) original(ctx context.Context, q *copse.Question, of int64) (int64, error) {
	bad := func(msg string) error {
		return &copse.Error{Code: copse.EINVALID, Message: "Some fields need attention.", Fields: map[string]string{"duplicate_of": msg}}
	}
	for range 3 {
		if of == q.ID {
			return 0, bad("must be another question, not this one")
		}
		r, _, err := tx.findQuestion(ctx, of, false)
		if copse.ErrorCode(err) == copse.ENOTFOUND {
			return 0, bad(fmt.Sprintf("there is no question %d that you can read", of))
		}
		if err != nil {
			return 0, err
		}
		if r.q.DuplicateOf == nil {
			return of, nil
		}
		of = *r.q.DuplicateOf
	}
	return of, nil
}

func editorID(ctx context.Context) any {
	if me := copse.UserFromContext(ctx); me != nil {
		return me.ID
	}
	return nil
}

// setQuestionTags replaces a question's tags.
func (tx *Tx) setQuestionTags(ctx context.Context, id int64, tags []string) error {
	if _, err := tx.exec(ctx, "DELETE FROM question_tags WHERE question_id = ?", id); err != nil || len(tags) == 0 {
		return err
	}
	q := "INSERT INTO question_tags (question_id, tag, position) VALUES " + strings.TrimSuffix(strings.Repeat("(?, ?, ?), ", len(tags)), ", ")
	args := make([]any, 0, 3*len(tags))
	for i, t := range tags {
		args = append(args, id, t, i)
	}
	_, err := tx.exec(ctx, q, args...)
	return err
}

// reloadQuestion reads a question just written, with its tags and answers, and
// indexes it.
func (tx *Tx) reloadQuestion(ctx context.Context, id int64) (*copse.Question, error) {
	r, _, err := tx.findQuestion(ctx, id, false)
	if err != nil {
		return nil, err
	}
	if err := tx.fillQuestions(ctx, []*copse.Question{r.q}, true); err != nil {
		return nil, err
	}
	return r.q, tx.indexQuestion(ctx, r.q)
}

// indexQuestion writes a question's search document: its title, its words, its
// tags and its accepted answer, so a search finds the answer with the question.
func (tx *Tx) indexQuestion(ctx context.Context, q *copse.Question) error {
	parts := []string{plainText(q.Body), strings.Join(q.Tags, ", ")}
	for _, a := range q.Answers {
		if a.Accepted {
			parts = append(parts, plainText(a.Body))
		}
	}
	var community int64
	if q.Community != nil {
		community = q.Community.ID
	}
	return tx.index(ctx, "question", q.ID, community, q.Visibility, q.Title, strings.Join(parts, "\n"))
}

// questionEvent records an event about a question, for the notifications to fan
// out: its title, where to read it and some words.
func (tx *Tx) questionEvent(ctx context.Context, kind string, q *copse.Question, text string) error {
	var community int64
	slug := ""
	if q.Community != nil {
		community, slug = q.Community.ID, q.Community.Slug
	}
	return tx.recordEvent(ctx, kind, community, "question", q.ID, map[string]any{
		"title": q.Title, "path": fmt.Sprintf("/questions/%d", q.ID), "text": text, "visibility": string(q.Visibility),
		"community": slug, "urgency": string(q.Urgency), "author": q.Author})
}
