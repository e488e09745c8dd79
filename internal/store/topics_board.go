package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/copse-dev/copse"
)

// BoardColumn is one stage of a board: its first topics and how many it holds.
type BoardColumn struct {
	Stage  copse.Stage
	Topics []*copse.Topic
	Total  int
}

// Board returns every stage of a community's board with up to perStage topics each,
// in two queries whatever the number of stages.
func (db *DB) Board(ctx context.Context, slug string, perStage int) ([]BoardColumn, error) {
	cols := make([]BoardColumn, len(copse.Stages))
	index := map[copse.Stage]int{}
	for i, s := range copse.Stages {
		cols[i].Stage, index[s] = s, i
	}
	me := copse.UserFromContext(ctx)
	err := db.view(ctx, func(tx *Tx) error {
		c, _, err := tx.findCommunity(ctx, slug, false)
		if err != nil {
			return err
		}
		rows, err := tx.query(ctx, "SELECT stage, count(*) FROM topics WHERE community_id = ? GROUP BY stage", c.ID)
		if err != nil {
			return err
		}
		for rows.Next() {
			var (
				s string
				n int
			)
			if err := rows.Scan(&s, &n); err != nil {
				rows.Close()
				return err
			}
			cols[index[copse.Stage(s)]].Total = n
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		// The first perStage of each stage, ranked in the database, so a board with
		// hundreds of done topics still reads a few rows.
		q := `SELECT * FROM (SELECT ` + topicColumns + `,
			ROW_NUMBER() OVER (PARTITION BY t.stage ORDER BY t.votes DESC, t.created_at, t.id) AS topic_rank` + topicFrom + `
			WHERE t.community_id = ?) ranked WHERE topic_rank <= ?`
		rows, err = tx.query(ctx, q+" ORDER BY votes DESC, created_at, id", viewerID(me), c.ID, perStage)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var rank int
			t, _, err := scanTopic(rankedRow{rows, &rank})
			if err != nil {
				return err
			}
			t.Community = c.Slug
			i := index[t.Stage]
			cols[i].Topics = append(cols[i].Topics, t)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("store: board: %w", err)
	}
	return cols, nil
}

// rankedRow scans a topic row followed by one more column.
type rankedRow struct {
	rows *sql.Rows
	last any
}

func (r rankedRow) Scan(dest ...any) error { return r.rows.Scan(append(dest, r.last)...) }

// TopTopics returns, for the community page, the most-voted topics still open.
func (db *DB) TopTopics(ctx context.Context, communityID int64, slug string, n int) ([]*copse.Topic, error) {
	var out []*copse.Topic
	me := copse.UserFromContext(ctx)
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		out, err = tx.queryTopics(ctx, slug, topicSelect+" WHERE t.community_id = ? AND t.stage IN ('proposed', 'planned')"+topicOrder+" LIMIT ?",
			viewerID(me), communityID, n)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: top topics: %w", err)
	}
	return out, nil
}
