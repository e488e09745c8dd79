package storetest

import "testing"

func TestFullScan(t *testing.T) {
	small := map[string]bool{"settings": true}
	for _, tt := range []struct {
		plan    string
		limited bool
		want    string
	}{
		{"SCAN resources", false, "SCAN resources"},
		{"|--SEARCH r USING INDEX resources_type (resource_type=?)", false, ""},
		{"SCAN r USING INDEX resources_updated", false, "SCAN r USING INDEX resources_updated"},
		{"SCAN r USING INDEX resources_updated", true, ""}, // walks the index in order and stops at the page
		{"SCAN r AS x", true, "SCAN r AS x"},
		{"SCAN settings", false, ""},
		{"MATERIALIZE m\nSCAN m", false, ""},
		{"->  Seq Scan on members m", false, "->  Seq Scan on members m"},
		{"Index Scan using members_pkey on members", false, ""},
	} {
		if got := fullScan(tt.plan, small, tt.limited); got != tt.want {
			t.Errorf("fullScan(%q, limited %v) = %q, want %q", tt.plan, tt.limited, got, tt.want)
		}
	}
}
