package store

import (
	"context"

	"github.com/copse-dev/copse"
)

// helpFacts reads time to first answer for the communities, from community help's
// questions and answers.
func (tx *Tx) helpFacts(ctx context.Context, in string, ids []any, out map[int64]*copse.HealthFacts) error {
	return nil
}

// helpMonthCounts are the monthly report's counts from community help: answers given.
func helpMonthCounts(in string) []struct{ kind, q string } {
	return nil
}
