package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/copse-dev/copse"
)

// topicSelect reads topics with their proposer, owner and whether the viewer voted;
// its one parameter is the viewer's user id (0 when anonymous).
const topicSelect = "SELECT " + topicColumns + topicFrom

const (
	topicColumns = `t.id, t.community_id, t.title, t.body, t.category, t.stage, t.votes,
	coalesce(p.handle, '') AS proposer, coalesce(p.name, '') AS proposer_name, coalesce(t.proposer_id, 0) AS proposer_id,
	coalesce(o.handle, '') AS owner, t.meeting_id, t.created_at, t.updated_at,
	EXISTS (SELECT 1 FROM topic_votes v WHERE v.topic_id = t.id AND v.user_id = ?) AS voted`
	topicFrom = `
	FROM topics t LEFT JOIN users p ON p.id = t.proposer_id LEFT JOIN users o ON o.id = t.owner_id`
)

// topicOrder is the board's order (CONTRACT.md): most votes first, then oldest first.
const topicOrder = " ORDER BY t.votes DESC, t.created_at, t.id"

func scanTopic(row interface{ Scan(...any) error }) (*copse.Topic, int64, error) {
	var (
		t           copse.Topic
		communityID int64
		meeting     sql.NullInt64
	)
	err := row.Scan(&t.ID, &communityID, &t.Title, &t.Body, &t.Category, &t.Stage, &t.Votes,
		&t.Proposer, &t.ProposerName, &t.ProposerID, &t.Owner, &meeting, dbTime{&t.CreatedAt}, dbTime{&t.UpdatedAt}, &t.Voted)
	if meeting.Valid {
		t.MeetingID = &meeting.Int64
	}
	return &t, communityID, err
}

// queryTopics runs a topicSelect query and sets each topic's community slug.
func (tx *Tx) queryTopics(ctx context.Context, slug, q string, args ...any) ([]*copse.Topic, error) {
	rows, err := tx.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*copse.Topic
	for rows.Next() {
		t, _, err := scanTopic(rows)
		if err != nil {
			return nil, err
		}
		t.Community = slug
		out = append(out, t)
	}
	return out, rows.Err()
}

// findTopic loads a topic of the community.
func (tx *Tx) findTopic(ctx context.Context, c *copse.Community, id int64) (*copse.Topic, error) {
	me := copse.UserFromContext(ctx)
	t, _, err := scanTopic(tx.queryRow(ctx, topicSelect+" WHERE t.id = ? AND t.community_id = ?", viewerID(me), id, c.ID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("%s has no topic %d.", c.Name, id)
	}
	if err != nil {
		return nil, err
	}
	t.Community = c.Slug
	return t, nil
}

// categories returns the board's categories: the defaults until a facilitator sets them.
func (tx *Tx) categories(ctx context.Context, communityID int64) ([]copse.Category, error) {
	var raw string
	err := tx.queryRow(ctx, "SELECT categories FROM boards WHERE community_id = ?", communityID).Scan(&raw)
	if errors.Is(err, sql.ErrNoRows) {
		return append([]copse.Category(nil), copse.DefaultCategories...), nil
	}
	if err != nil {
		return nil, err
	}
	var cs []copse.Category
	if err := json.Unmarshal([]byte(raw), &cs); err != nil {
		return nil, fmt.Errorf("store: board categories: %w", err)
	}
	return cs, nil
}

// Categories returns the categories of a community's board.
func (db *DB) Categories(ctx context.Context, slug string) ([]copse.Category, error) {
	var cs []copse.Category
	err := db.view(ctx, func(tx *Tx) error {
		c, _, err := tx.findCommunity(ctx, slug, false)
		if err != nil {
			return err
		}
		cs, err = tx.categories(ctx, c.ID)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: categories: %w", err)
	}
	return cs, nil
}

// SetCategories replaces the categories of a community's board (facilitators). Topics
// keep the category they have, so renaming one leaves older topics as they were.
func (db *DB) SetCategories(ctx context.Context, slug string, cs []copse.Category) ([]copse.Category, error) {
	err := db.update(ctx, func(tx *Tx) error {
		c, v, err := tx.findCommunity(ctx, slug, true)
		if err != nil {
			return err
		}
		if err := v.AuthorizeCategories(c); err != nil {
			return err
		}
		if cs, err = copse.ValidateCategories(cs); err != nil {
			return err
		}
		b, err := json.Marshal(cs)
		if err != nil {
			return err
		}
		_, err = tx.exec(ctx, `INSERT INTO boards (community_id, categories, updated_at) VALUES (?, ?, ?)
			ON CONFLICT (community_id) DO UPDATE SET categories = excluded.categories, updated_at = excluded.updated_at`,
			c.ID, string(b), tx.now)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: set categories: %w", err)
	}
	return cs, nil
}

// CreateTopic adds a topic to a community's board, proposed by the signed-in member.
func (db *DB) CreateTopic(ctx context.Context, slug string, n copse.NewTopic) (*copse.Topic, error) {
	var t *copse.Topic
	err := db.update(ctx, func(tx *Tx) error {
		c, v, err := tx.findCommunity(ctx, slug, true)
		if err != nil {
			return err
		}
		if err := v.AuthorizePropose(c, "propose topics"); err != nil {
			return err
		}
		cs, err := tx.categories(ctx, c.ID)
		if err != nil {
			return err
		}
		if err := n.Validate(cs); err != nil {
			return err
		}
		id, err := tx.insert(ctx, `INSERT INTO topics (community_id, title, body, category, stage, proposer_id, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, c.ID, n.Title, n.Body, n.Category, string(copse.StageProposed), v.User.ID, tx.now, tx.now)
		if err != nil {
			return err
		}
		if err := tx.applyLifecycle(ctx, c, true); err != nil {
			return err
		}
		if t, err = tx.findTopic(ctx, c, id); err != nil {
			return err
		}
		return tx.indexTopic(ctx, c, t)
	})
	if err != nil {
		return nil, fmt.Errorf("store: create topic: %w", err)
	}
	return t, nil
}

// FindTopic returns a topic of a community the viewer may see.
func (db *DB) FindTopic(ctx context.Context, slug string, id int64) (*copse.Topic, error) {
	var t *copse.Topic
	err := db.view(ctx, func(tx *Tx) error {
		c, _, err := tx.findCommunity(ctx, slug, false)
		if err != nil {
			return err
		}
		t, err = tx.findTopic(ctx, c, id)
		return err
	})
	return t, err
}

// ListTopics returns a page of a community's topics, most votes first, then oldest.
func (db *DB) ListTopics(ctx context.Context, slug string, f copse.TopicFilter) (copse.Page[*copse.Topic], error) {
	var page copse.Page[*copse.Topic]
	if err := copse.ValidStage(f.Stage); err != nil {
		return page, err
	}
	cur, err := decodeCursorParts(f.Cursor, 3)
	if err != nil {
		return page, err
	}
	limit := copse.ClampLimit(f.Limit)
	me := copse.UserFromContext(ctx)
	err = db.view(ctx, func(tx *Tx) error {
		c, _, err := tx.findCommunity(ctx, slug, false)
		if err != nil {
			return err
		}
		q := topicSelect + " WHERE t.community_id = ?"
		args := []any{viewerID(me), c.ID}
		if f.Stage != "" {
			q += " AND t.stage = ?"
			args = append(args, string(f.Stage))
		}
		if f.Cursor != "" {
			votes, err1 := strconv.Atoi(cur[0])
			at, err2 := time.Parse(time.RFC3339Nano, cur[1])
			id, err3 := strconv.ParseInt(cur[2], 10, 64)
			if err1 != nil || err2 != nil || err3 != nil {
				return badCursor()
			}
			q += " AND (t.votes < ? OR t.votes = ? AND (t.created_at > ? OR t.created_at = ? AND t.id > ?))"
			args = append(args, votes, votes, at, at, id)
		}
		items, err := tx.queryTopics(ctx, c.Slug, q+topicOrder+" LIMIT ?", append(args, limit+1)...)
		if err != nil {
			return err
		}
		page.Items = items
		if len(items) > limit {
			last := items[limit-1]
			page.Items = items[:limit]
			page.Next = encodeCursor(strconv.Itoa(last.Votes), last.CreatedAt.Format(time.RFC3339Nano), strconv.FormatInt(last.ID, 10))
		}
		return nil
	})
	if err != nil {
		return page, fmt.Errorf("store: list topics: %w", err)
	}
	if page.Items == nil {
		page.Items = []*copse.Topic{}
	}
	return page, nil
}

// UpdateTopic changes a topic: its words (its proposer or a facilitator), its stage,
// owner or meeting (the core team and the facilitators).
func (db *DB) UpdateTopic(ctx context.Context, slug string, id int64, u copse.TopicUpdate) (*copse.Topic, error) {
	var t *copse.Topic
	err := db.update(ctx, func(tx *Tx) error {
		c, v, err := tx.findCommunity(ctx, slug, true)
		if err != nil {
			return err
		}
		if t, err = tx.findTopic(ctx, c, id); err != nil {
			return err
		}
		if err := v.AuthorizeTopicUpdate(c, t, &u); err != nil {
			return err
		}
		cs, err := tx.categories(ctx, c.ID)
		if err != nil {
			return err
		}
		if u.Category != nil && *u.Category == t.Category {
			cs = append(cs, copse.Category{Name: t.Category}) // a retired category may stay on its topics
		}
		if err := u.Validate(cs); err != nil {
			return err
		}
		owner, err := tx.topicOwner(ctx, c, t, &u)
		if err != nil {
			return err
		}
		var meeting any = sql.NullInt64{}
		setMeeting := u.MeetingID != nil
		if setMeeting && *u.MeetingID != nil {
			if err := tx.meetingBelongs(ctx, c, **u.MeetingID); err != nil {
				return err
			}
			meeting = **u.MeetingID
		}
		_, err = tx.exec(ctx, `UPDATE topics SET title = coalesce(?, title), body = coalesce(?, body),
			category = coalesce(?, category), stage = coalesce(?, stage), owner_id = CASE WHEN ? THEN ? ELSE owner_id END,
			meeting_id = CASE WHEN ? THEN ? ELSE meeting_id END, updated_at = ? WHERE id = ?`,
			u.Title, u.Body, u.Category, (*string)(u.Stage), owner.set, owner.id, setMeeting, meeting, tx.now, t.ID)
		if err != nil {
			return err
		}
		if t, err = tx.findTopic(ctx, c, id); err != nil {
			return err
		}
		return tx.indexTopic(ctx, c, t)
	})
	if err != nil {
		return nil, fmt.Errorf("store: update topic: %w", err)
	}
	return t, nil
}

// indexTopic (re)writes a topic's search document. Its visibility is its
// community's, which search checks at query time.
func (tx *Tx) indexTopic(ctx context.Context, c *copse.Community, t *copse.Topic) error {
	return tx.index(ctx, "topic", t.ID, c.ID, copse.VisibilityPublic, t.Title, plainText(t.Body)+"\n"+t.Category)
}

type ownerChange struct {
	set bool
	id  sql.NullInt64
}

// topicOwner resolves the owner a change gives a topic: the handle asked for, who
// must be in the community, or, for a topic becoming an action without one, its
// proposer, so that an action never lacks someone to carry it.
func (tx *Tx) topicOwner(ctx context.Context, c *copse.Community, t *copse.Topic, u *copse.TopicUpdate) (ownerChange, error) {
	switch {
	case u.Owner != nil && *u.Owner == "":
		return ownerChange{set: true}, nil
	case u.Owner != nil:
		var id int64
		err := tx.queryRow(ctx, `SELECT u.id FROM users u JOIN members m ON m.user_id = u.id AND m.community_id = ?
			WHERE u.handle = ?`, c.ID, *u.Owner).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return ownerChange{}, &copse.Error{Code: copse.EINVALID, Message: "Some fields need attention.",
				Fields: map[string]string{"owner": fmt.Sprintf("must be the handle of someone in %s; %q is not", c.Name, *u.Owner)}}
		}
		return ownerChange{set: true, id: sql.NullInt64{Int64: id, Valid: true}}, err
	case u.Stage != nil && *u.Stage == copse.StageAction && t.Owner == "" && t.ProposerID != 0:
		return ownerChange{set: true, id: sql.NullInt64{Int64: t.ProposerID, Valid: true}}, nil
	}
	return ownerChange{}, nil
}
