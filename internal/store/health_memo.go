package store

import (
	"context"
	"database/sql"
	"sync"
	"time"

	"github.com/copse-dev/copse"
)

// Assessing a community reads a year of its history: at the bench's medium size
// (200 communities, 50,000 questions) the whole site takes seconds. The worker's
// sweep assesses every community every few minutes anyway, so the site's ranking
// reuses those assessments while they are fresh, and assesses only the communities
// the sweep has not seen (a new one) or saw too long ago. A community's own page
// assesses it afresh after every change to the site's content (or healthFresh).

// healthFresh is how old an assessment the ranking may show: two sweeps. The
// points the assessments read lag the sweep by as much already.
const healthFresh = 10 * time.Minute

type healthMemo struct {
	mu sync.Mutex
	by map[int64]copse.Health
	// atVersion is what a community's own page last showed, with the content
	// version it was assessed at: until anything changes, and for at most
	// healthFresh, every reader of that page shares the one assessment.
	atVersion map[int64]versionedHealth
}

type versionedHealth struct {
	version int64
	h       copse.Health
}

// at returns the community's assessment at the content version, if one was made
// since from.
func (m *healthMemo) at(id, version int64, from time.Time) (copse.Health, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	e, ok := m.atVersion[id]
	if !ok || e.version != version || e.h.ComputedAt.Before(from) {
		return copse.Health{}, false
	}
	return e.h, true
}

func (m *healthMemo) keepAt(id, version int64, h copse.Health) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.atVersion == nil {
		m.atVersion = map[int64]versionedHealth{}
	}
	m.atVersion[id] = versionedHealth{version, h}
}

func (m *healthMemo) keep(hs []copse.Health) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.by == nil {
		m.by = map[int64]copse.Health{}
	}
	for _, h := range hs {
		m.by[h.Community.ID] = h
	}
}

// fresh returns the assessments of ids made since from, and the ids it has none for.
func (m *healthMemo) fresh(ids []int64, from time.Time) (found []copse.Health, missing []any) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, id := range ids {
		if h, ok := m.by[id]; ok && !h.ComputedAt.Before(from) {
			found = append(found, h)
		} else {
			missing = append(missing, id)
		}
	}
	return found, missing
}

// rankedHealth returns the health of the forming, active and dormant communities
// the viewer may see, from fresh assessments where there are some.
func (tx *Tx) rankedHealth(ctx context.Context, memo *healthMemo) ([]copse.Health, error) {
	var ids []int64
	err := tx.scanRows(ctx, "SELECT c.id FROM communities c WHERE c.status IN ('forming', 'active', 'dormant') AND "+visible,
		visibleArgs(copse.UserFromContext(ctx)), func(rows *sql.Rows) error {
			var id int64
			ids = append(ids, id)
			return rows.Scan(&ids[len(ids)-1])
		})
	if err != nil {
		return nil, err
	}
	all, missing := memo.fresh(ids, tx.now.Add(-healthFresh))
	if len(missing) == 0 {
		return all, nil
	}
	var made []copse.Health
	err = tx.eachCommunityBatch(ctx, "c.id IN ("+placeholders(len(missing))+")", missing,
		func(cs []*copse.Community, facts map[int64]*copse.HealthFacts) error {
			for _, c := range cs {
				made = append(made, copse.Assess(*facts[c.ID], tx.now))
			}
			return nil
		})
	if err != nil {
		return nil, err
	}
	memo.keep(made)
	return append(all, made...), nil
}
