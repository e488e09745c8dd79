package web

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/copse-dev/copse"
)

// metaText writes an imported front matter value as a short line of text.
func metaText(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case []any:
		parts := make([]string, len(v))
		for i, x := range v {
			parts[i] = metaText(x)
		}
		return strings.Join(parts, ", ")
	case map[string]any:
		b, _ := json.Marshal(v)
		return string(b)
	case nil:
		return ""
	}
	return fmt.Sprint(v)
}

func sortRows(rows []metaRow) {
	slices.SortFunc(rows, func(a, b metaRow) int { return strings.Compare(a.Key, b.Key) })
}

// similarRow is a near-duplicate in words: where it is and how alike.
type similarRow struct {
	ID                   int64
	Title, Where, Reason string
	Percent              string
}

func similarRows(sims []copse.Similar) []similarRow {
	out := make([]similarRow, len(sims))
	for i, s := range sims {
		out[i] = similarRow{ID: s.ID, Title: s.Title, Where: "site-wide", Reason: s.Reason, Percent: fmt.Sprintf("%.0f%%", 100*s.Score)}
		if s.Community != nil {
			out[i].Where = s.Community.Name
		}
	}
	return out
}
