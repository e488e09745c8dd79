package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/copse-dev/copse"
)

// ListJourneys returns every journey with its steps and the viewer's progress, in
// the order of copse.Audiences; a site has a handful, so there is no paging.
func (db *DB) ListJourneys(ctx context.Context) ([]*copse.Journey, error) {
	var out []*copse.Journey
	err := db.view(ctx, func(tx *Tx) error {
		rows, err := tx.query(ctx, `SELECT id, slug, title, audience, description, updated_at FROM journeys
			ORDER BY CASE audience WHEN 'person' THEN 0 WHEN 'team' THEN 1 ELSE 2 END, title, id`)
		if err != nil {
			return err
		}
		for rows.Next() {
			j := &copse.Journey{Steps: []copse.JourneyStep{}}
			if err := rows.Scan(&j.ID, &j.Slug, &j.Title, (*string)(&j.Audience), &j.Description, dbTime{&j.UpdatedAt}); err != nil {
				rows.Close()
				return err
			}
			out = append(out, j)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		return tx.fillJourneys(ctx, out)
	})
	if err != nil {
		return nil, fmt.Errorf("store: list journeys: %w", err)
	}
	return out, nil
}

// FindJourney returns a journey with its steps and the viewer's progress.
func (db *DB) FindJourney(ctx context.Context, slug string) (*copse.Journey, error) {
	var j *copse.Journey
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		j, err = tx.findJourney(ctx, slug)
		return err
	})
	return j, err
}

func (tx *Tx) findJourney(ctx context.Context, slug string) (*copse.Journey, error) {
	j := &copse.Journey{Steps: []copse.JourneyStep{}}
	err := tx.queryRow(ctx, "SELECT id, slug, title, audience, description, updated_at FROM journeys WHERE slug = ?", slug).
		Scan(&j.ID, &j.Slug, &j.Title, (*string)(&j.Audience), &j.Description, dbTime{&j.UpdatedAt})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("There is no journey at %q.", slug)
	}
	if err != nil {
		return nil, err
	}
	return j, tx.fillJourneys(ctx, []*copse.Journey{j})
}

// fillJourneys loads the steps of the journeys and the viewer's progress in three
// queries. Steps that tick themselves are done when the person's account says so.
func (tx *Tx) fillJourneys(ctx context.Context, js []*copse.Journey) error {
	if len(js) == 0 {
		return nil
	}
	byID := map[int64]*copse.Journey{}
	ids := make([]any, len(js))
	for i, j := range js {
		byID[j.ID], ids[i] = j, j.ID
	}
	me := copse.UserFromContext(ctx)
	done := map[int64]time.Time{}
	auto := map[string]bool{}
	if me != nil {
		rows, err := tx.query(ctx, `SELECT p.step_id, p.done_at FROM journey_progress p JOIN journey_steps s ON s.id = p.step_id
			WHERE p.user_id = ? AND s.journey_id IN (`+placeholders(len(ids))+")", append([]any{me.ID}, ids...)...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var (
				id int64
				at time.Time
			)
			if err := rows.Scan(&id, dbTime{&at}); err != nil {
				rows.Close()
				return err
			}
			done[id] = at
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		var member, profile bool
		if err := tx.queryRow(ctx, `SELECT EXISTS (SELECT 1 FROM members WHERE user_id = ?), EXISTS (SELECT 1 FROM user_expertise WHERE user_id = ?)`,
			me.ID, me.ID).Scan(&member, &profile); err != nil {
			return err
		}
		auto = map[string]bool{copse.DoneWhenAccount: true, copse.DoneWhenMember: member, copse.DoneWhenProfile: profile}
	}
	return tx.each(ctx, "SELECT journey_id, id, title, body, link, done_when FROM journey_steps WHERE journey_id IN ("+
		placeholders(len(ids))+") ORDER BY journey_id, position, id", ids, func(jid int64, s ...string) {
		st := copse.JourneyStep{Title: s[1], Body: s[2], Link: s[3], DoneWhen: s[4]}
		fmt.Sscan(s[0], &st.ID)
		if at, ok := done[st.ID]; ok {
			st.Done, st.DoneAt = true, &at
		} else if auto[st.DoneWhen] {
			st.Done = true
		}
		j := byID[jid]
		j.Steps = append(j.Steps, st)
		if st.Done {
			j.Done++
		}
	})
}

// MarkStep records that the signed-in person did a step (done) or takes it back.
func (db *DB) MarkStep(ctx context.Context, slug string, stepID int64, done bool) (*copse.Journey, error) {
	me := copse.UserFromContext(ctx)
	if me == nil {
		return nil, copse.Errorf(copse.EUNAUTHORIZED, "Sign in to keep track of your journey.")
	}
	var j *copse.Journey
	err := db.updateQuiet(ctx, func(tx *Tx) error { // progress shows to its owner alone, never on a cached page
		cur, err := tx.findJourney(ctx, slug)
		if err != nil {
			return err
		}
		found := false
		for _, s := range cur.Steps {
			found = found || s.ID == stepID
		}
		if !found {
			return notFound("%s has no step %d.", cur.Title, stepID)
		}
		if done {
			_, err = tx.exec(ctx, "INSERT INTO journey_progress (user_id, step_id, done_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING", me.ID, stepID, tx.now)
		} else {
			_, err = tx.exec(ctx, "DELETE FROM journey_progress WHERE user_id = ? AND step_id = ?", me.ID, stepID)
		}
		if err != nil {
			return err
		}
		j, err = tx.findJourney(ctx, slug)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: journey step: %w", err)
	}
	return j, nil
}

// SaveJourney creates a journey (slug "") or replaces one (admins only). Steps that
// keep their id keep the progress people made on them.
func (db *DB) SaveJourney(ctx context.Context, slug string, in copse.JourneyInput) (*copse.Journey, error) {
	switch me := copse.UserFromContext(ctx); {
	case me == nil:
		return nil, copse.Errorf(copse.EUNAUTHORIZED, "Sign in as an admin to edit journeys.")
	case !me.Admin:
		return nil, copse.Errorf(copse.EFORBIDDEN, "Only an admin edits the onboarding journeys.")
	}
	if slug != "" && in.Slug == "" {
		in.Slug = slug
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	var j *copse.Journey
	err := db.update(ctx, func(tx *Tx) error {
		var id int64
		if slug == "" {
			var err error
			id, err = tx.insert(ctx, "INSERT INTO journeys (slug, title, audience, description, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
				in.Slug, in.Title, string(in.Audience), in.Description, tx.now, tx.now)
			if isUnique(err) {
				return journeySlugTaken(in.Slug)
			}
			if err != nil {
				return err
			}
		} else {
			cur, err := tx.findJourney(ctx, slug)
			if err != nil {
				return err
			}
			id = cur.ID
			_, err = tx.exec(ctx, "UPDATE journeys SET slug = ?, title = ?, audience = ?, description = ?, updated_at = ? WHERE id = ?",
				in.Slug, in.Title, string(in.Audience), in.Description, tx.now, id)
			if isUnique(err) {
				return journeySlugTaken(in.Slug)
			}
			if err != nil {
				return err
			}
			if err := tx.keepSteps(ctx, cur, in.Steps); err != nil {
				return err
			}
		}
		for i, s := range in.Steps {
			var err error
			if s.ID != 0 {
				_, err = tx.exec(ctx, "UPDATE journey_steps SET position = ?, title = ?, body = ?, link = ?, done_when = ? WHERE id = ? AND journey_id = ?",
					i, s.Title, s.Body, s.Link, s.DoneWhen, s.ID, id)
			} else {
				_, err = tx.exec(ctx, "INSERT INTO journey_steps (journey_id, position, title, body, link, done_when) VALUES (?, ?, ?, ?, ?, ?)",
					id, i, s.Title, s.Body, s.Link, s.DoneWhen)
			}
			if err != nil {
				return err
			}
		}
		var err error
		j, err = tx.findJourney(ctx, in.Slug)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: save journey: %w", err)
	}
	return j, nil
}

// keepSteps deletes the steps the new version leaves out, and refuses ids that are
// not the journey's own.
func (tx *Tx) keepSteps(ctx context.Context, cur *copse.Journey, steps []copse.StepInput) error {
	keep := map[int64]bool{}
	p := copse.Problems{}
	for i, s := range steps {
		if s.ID == 0 {
			continue
		}
		found := false
		for _, old := range cur.Steps {
			found = found || old.ID == s.ID
		}
		if !found {
			p.Add(fmt.Sprintf("steps[%d].id", i), fmt.Sprintf("%d is not a step of this journey; leave the id out for a new step", s.ID))
		}
		keep[s.ID] = true
	}
	if err := p.Err(); err != nil {
		return err
	}
	for _, old := range cur.Steps {
		if !keep[old.ID] {
			if _, err := tx.exec(ctx, "DELETE FROM journey_steps WHERE id = ?", old.ID); err != nil {
				return err
			}
		}
	}
	return nil
}

func journeySlugTaken(slug string) error {
	return &copse.Error{Code: copse.ECONFLICT, Message: "That journey exists already.",
		Fields: map[string]string{"slug": fmt.Sprintf("%q is taken by another journey; choose another", slug)}}
}

// DeleteJourney removes a journey and everyone's progress on it (admins only).
func (db *DB) DeleteJourney(ctx context.Context, slug string) error {
	switch me := copse.UserFromContext(ctx); {
	case me == nil:
		return copse.Errorf(copse.EUNAUTHORIZED, "Sign in as an admin to edit journeys.")
	case !me.Admin:
		return copse.Errorf(copse.EFORBIDDEN, "Only an admin edits the onboarding journeys.")
	}
	return db.update(ctx, func(tx *Tx) error {
		res, err := tx.exec(ctx, "DELETE FROM journeys WHERE slug = ?", slug)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return notFound("There is no journey at %q.", slug)
		}
		return nil
	})
}
