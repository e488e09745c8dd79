package cadence_test

import (
	"sync"
	"testing"
	"time"
)

const devOpsCommons = "FREQ=MONTHLY;INTERVAL=2;BYDAY=1WE;BYHOUR=14;BYMINUTE=0"

func utc(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, time.UTC)
}

// The Lean Coffee meets at 11:00 in London whatever the clocks are doing: GMT in
// winter, BST in summer, so the instant moves by an hour and the wall clock does not.
func TestLeanCoffeeAcrossDaylightSaving(t *testing.T) {
	c := mustParse(t, leanCoffee, "Europe/London", 60)
	tests := []struct {
		name     string
		from, to time.Time
		want     []time.Time // the UTC instants
	}{
		{"spring: 26 March is GMT, 23 April is BST", utc(2026, 3, 1, 0, 0), utc(2026, 5, 1, 0, 0),
			[]time.Time{utc(2026, 3, 26, 11, 0), utc(2026, 4, 23, 10, 0)}},
		{"autumn: 22 October is BST, 26 November is GMT", utc(2026, 10, 1, 0, 0), utc(2026, 12, 1, 0, 0),
			[]time.Time{utc(2026, 10, 22, 10, 0), utc(2026, 11, 26, 11, 0)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := c.Occurrences(tt.from, tt.to, 10)
			if len(got) != len(tt.want) {
				t.Fatalf("Occurrences() = %v, want %v", got, tt.want)
			}
			for i, o := range got {
				if !o.Equal(tt.want[i]) {
					t.Errorf("meeting %d at %v, want %v", i, o.UTC(), tt.want[i])
				}
				if h, m, _ := o.Clock(); h != 11 || m != 0 || o.Location().String() != "Europe/London" {
					t.Errorf("meeting %d at %v, want 11:00 London time", i, o)
				}
				if o.Weekday() != time.Thursday {
					t.Errorf("meeting %d on a %v, want Thursday", i, o.Weekday())
				}
			}
		})
	}
}

func TestWeeklyAcrossNorthAmericanDaylightSaving(t *testing.T) {
	// Clocks in Vancouver went forward on Sunday 8 March 2026.
	c := mustParse(t, "FREQ=WEEKLY;BYDAY=TU;BYHOUR=9;BYMINUTE=30", "America/Vancouver", 30)
	got := c.Occurrences(utc(2026, 3, 1, 0, 0), utc(2026, 3, 12, 0, 0), 10)
	want := []time.Time{utc(2026, 3, 3, 17, 30), utc(2026, 3, 10, 16, 30)} // PST then PDT
	if len(got) != len(want) || !got[0].Equal(want[0]) || !got[1].Equal(want[1]) {
		t.Fatalf("Occurrences() = %v, want %v", got, want)
	}
}

// Times the clocks skip or repeat are read as RFC 5545 says, with the offset from
// before the change; a zone that skips midnight keeps that day's meetings.
func TestClockChanges(t *testing.T) {
	tests := []struct {
		name, rule, zone string
		want             time.Time
		wantClock        string
	}{
		{"Santiago skips midnight: Sunday's meeting stays on Sunday", "FREQ=WEEKLY;BYDAY=SU;BYHOUR=11",
			"America/Santiago", utc(2026, 9, 6, 14, 0), "Sun 11:00"},
		{"Santiago skips midnight: a midnight meeting moves to 01:00", "FREQ=DAILY;BYHOUR=0",
			"America/Santiago", utc(2026, 9, 6, 4, 0), "Sun 01:00"},
		{"London skips 01:30", "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU;BYHOUR=1;BYMINUTE=30",
			"Europe/London", utc(2026, 3, 29, 1, 30), "Sun 02:30"},
		{"New York skips 02:30", "FREQ=YEARLY;BYMONTH=3;BYDAY=2SU;BYHOUR=2;BYMINUTE=30",
			"America/New_York", utc(2026, 3, 8, 7, 30), "Sun 03:30"},
		{"London repeats 01:30: the first", "FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU;BYHOUR=1;BYMINUTE=30",
			"Europe/London", utc(2026, 10, 25, 0, 30), "Sun 01:30"},
		{"New York repeats 01:30: the first", "FREQ=YEARLY;BYMONTH=11;BYDAY=1SU;BYHOUR=1;BYMINUTE=30",
			"America/New_York", utc(2026, 11, 1, 5, 30), "Sun 01:30"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := mustParse(t, tt.rule, tt.zone, 60)
			got := c.Next(tt.want.Add(-20 * time.Hour))
			if !got.Equal(tt.want) || got.Format("Mon 15:04") != tt.wantClock {
				t.Errorf("Next() = %v (%v), want %v, %s local", got, got.UTC(), tt.want, tt.wantClock)
			}
			if again := c.Next(got.Add(time.Second)); !again.After(got.Add(20 * time.Hour)) {
				t.Errorf("a second meeting at %v, right after %v", again, got)
			}
		})
	}
}

// INTERVAL counts from a fixed anchor, so DevOps Commons keeps meeting in the same
// months (January, March, May…) whichever window a caller happens to ask about.
func TestIntervalIsStableWhateverFrom(t *testing.T) {
	c := mustParse(t, devOpsCommons, "Europe/London", 60)
	tests := []struct {
		from time.Time
		want time.Time
	}{
		{utc(2026, 1, 1, 0, 0), utc(2026, 1, 7, 14, 0)},
		{utc(2026, 1, 8, 0, 0), utc(2026, 3, 4, 14, 0)},
		{utc(2026, 2, 15, 0, 0), utc(2026, 3, 4, 14, 0)},
		{utc(2026, 3, 4, 14, 0), utc(2026, 3, 4, 14, 0)}, // at a meeting: that meeting
		{utc(2026, 3, 4, 14, 1), utc(2026, 5, 6, 13, 0)}, // BST
		{utc(2026, 4, 1, 0, 0), utc(2026, 5, 6, 13, 0)},
		{utc(2031, 12, 31, 0, 0), utc(2032, 1, 7, 14, 0)},
		{utc(1990, 6, 1, 0, 0), utc(2000, 1, 5, 14, 0)}, // the series begins at its anchor
	}
	for _, tt := range tests {
		t.Run(tt.from.Format(time.RFC3339), func(t *testing.T) {
			if got := c.Next(tt.from); !got.Equal(tt.want) {
				t.Errorf("Next(%v) = %v, want %v", tt.from, got, tt.want)
			}
			got := c.Occurrences(tt.from, tt.want.AddDate(0, 11, 0), 10)
			if len(got) != 6 || !got[0].Equal(tt.want) {
				t.Fatalf("Occurrences over a year = %v, want 6 meetings from %v", got, tt.want)
			}
			for _, o := range got {
				if (o.Month()-tt.want.Month())%2 != 0 {
					t.Errorf("a meeting in %v, out of step with %v", o.Month(), tt.want.Month())
				}
			}
		})
	}
}

// Occurrences restarts rrule-go near from instead of walking from 2000; asking from
// every day of a year must give exactly what the full walk from the anchor gives.
func TestSkippingAheadMatchesTheFullSeries(t *testing.T) {
	tests := []struct{ rule, zone string }{
		{devOpsCommons, "Europe/London"},
		{"FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH;BYHOUR=16", "America/New_York"},
		{"FREQ=WEEKLY;INTERVAL=3;WKST=SU;BYDAY=SU,SA;BYHOUR=10", "Asia/Tokyo"},
		{"FREQ=DAILY;INTERVAL=3;BYHOUR=9", "Europe/London"},
		{"FREQ=MONTHLY;INTERVAL=5;BYMONTHDAY=-1;BYHOUR=18", "Australia/Sydney"},
		{"FREQ=YEARLY;INTERVAL=3;BYMONTH=2;BYDAY=-1MO;BYHOUR=12", "UTC"},
		// Santiago's clocks jump from 00:00 to 01:00, so some midnights do not exist.
		{"FREQ=DAILY;INTERVAL=2;BYHOUR=0", "America/Santiago"},
		{"DTSTART:20250917T130000\nRRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=WE;BYHOUR=12", "Europe/London"},
		// Stepping months from the 31st would overflow into the next month.
		{"DTSTART:20250131\nRRULE:FREQ=MONTHLY;INTERVAL=2;BYMONTHDAY=-1;BYHOUR=12", "Europe/London"},
	}
	for _, tt := range tests {
		t.Run(tt.rule, func(t *testing.T) {
			c := mustParse(t, tt.rule, tt.zone, 60)
			all := c.Occurrences(utc(1999, 1, 1, 0, 0), utc(2028, 1, 1, 0, 0), 1<<20)
			i := 0
			for from := utc(2026, 1, 1, 7, 0); from.Year() == 2026; from = from.Add(13 * time.Hour) {
				for i < len(all) && all[i].Before(from) {
					i++
				}
				got := c.Next(from)
				if i == len(all) || !got.Equal(all[i]) {
					t.Fatalf("Next(%v) = %v, want %v", from, got, all[i])
				}
				window := c.Occurrences(from, from.AddDate(0, 4, 0), 3)
				for j, o := range window {
					if !o.Equal(all[i+j]) {
						t.Fatalf("Occurrences(%v)[%d] = %v, want %v", from, j, o, all[i+j])
					}
				}
			}
		})
	}
}

func TestOccurrencesBounds(t *testing.T) {
	c := mustParse(t, leanCoffee, "Europe/London", 60)
	march, april, may := utc(2026, 3, 26, 11, 0), utc(2026, 4, 23, 10, 0), utc(2026, 5, 28, 10, 0)
	tests := []struct {
		name     string
		from, to time.Time
		limit    int
		want     []time.Time
	}{
		{"from is inclusive", march, may, 10, []time.Time{march, april}},
		{"to is exclusive", march, april, 10, []time.Time{march}},
		{"limit", utc(2026, 1, 1, 0, 0), utc(2027, 1, 1, 0, 0), 2, []time.Time{utc(2026, 1, 22, 11, 0), utc(2026, 2, 26, 11, 0)}},
		{"from in another zone", march.In(time.FixedZone("PST", -8*3600)), april.Add(time.Second), 10, []time.Time{march, april}},
		{"empty window", may, march, 10, nil},
		{"no limit", march, may, 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := c.Occurrences(tt.from, tt.to, tt.limit)
			if len(got) != len(tt.want) {
				t.Fatalf("Occurrences() = %v, want %v", got, tt.want)
			}
			for i := range got {
				if !got[i].Equal(tt.want[i]) {
					t.Errorf("[%d] = %v, want %v", i, got[i], tt.want[i])
				}
			}
		})
	}
}

func TestNext(t *testing.T) {
	london, _ := time.LoadLocation("Europe/London")
	local := func(y int, m time.Month, d, h int) time.Time { return time.Date(y, m, d, h, 0, 0, 0, london) }
	count := "DTSTART:20260305\nRRULE:FREQ=WEEKLY;BYDAY=TH;BYHOUR=14;COUNT=6"
	tests := []struct {
		name, rule string
		at, want   time.Time
	}{
		{"at a meeting", leanCoffee, local(2026, 4, 23, 11), local(2026, 4, 23, 11)},
		{"just after a meeting", leanCoffee, local(2026, 4, 23, 11).Add(time.Nanosecond), local(2026, 5, 28, 11)},
		{"series not yet started", count, local(2026, 1, 1, 0), local(2026, 3, 5, 14)},
		{"last of a COUNT series", count, local(2026, 4, 9, 14), local(2026, 4, 9, 14)},
		{"COUNT exhausted", count, local(2026, 4, 9, 15), time.Time{}},
		{"UNTIL keeps a meeting on its last day", leanCoffee + ";UNTIL=20260423", local(2026, 4, 1, 0), local(2026, 4, 23, 11)},
		{"UNTIL passed", leanCoffee + ";UNTIL=20260423", local(2026, 4, 24, 0), time.Time{}},
		{"UNTIL in UTC", leanCoffee + ";UNTIL=20260423T095959Z", local(2026, 4, 1, 0), time.Time{}},
		{"DTSTART after that day's meeting", "DTSTART:20260305T150000\nRRULE:FREQ=WEEKLY;BYDAY=TH;BYHOUR=14", local(2026, 1, 1, 0), local(2026, 3, 12, 14)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := mustParse(t, tt.rule, "Europe/London", 60).Next(tt.at)
			if !got.Equal(tt.want) || got.IsZero() != tt.want.IsZero() {
				t.Errorf("Next(%v) = %v, want %v", tt.at, got, tt.want)
			}
			if !got.IsZero() && got.Location().String() != "Europe/London" {
				t.Errorf("Next() in %v, want the cadence's zone", got.Location())
			}
		})
	}
}

// A Cadence is a value shared by every request that renders a community; expanding it
// from many goroutines at once must be safe (rrule-go's RRule is not).
func TestConcurrentUse(t *testing.T) {
	c := mustParse(t, devOpsCommons, "Europe/London", 60)
	want := c.Occurrences(utc(2026, 1, 1, 0, 0), utc(2027, 1, 1, 0, 0), 10)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 50 {
				got := c.Occurrences(utc(2026, 1, 1, 0, 0), utc(2027, 1, 1, 0, 0), 10)
				if len(got) != len(want) || !got[0].Equal(want[0]) || c.Next(want[0]).IsZero() || c.Describe() == "" {
					t.Errorf("concurrent Occurrences() = %v, want %v", got, want)
					return
				}
			}
		})
	}
	wg.Wait()
}

func BenchmarkOccurrences(b *testing.B) {
	benchmarks := []struct{ name, rule string }{
		{"monthly", devOpsCommons},
		{"weekdays", "FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=9;BYMINUTE=15"},
	}
	from, to := utc(2026, 1, 1, 0, 0), utc(2027, 1, 1, 0, 0)
	for _, bm := range benchmarks {
		c := mustParse(b, bm.rule, "Europe/London", 60)
		b.Run(bm.name, func(b *testing.B) {
			for b.Loop() {
				_ = c.Occurrences(from, to, 20)
			}
		})
	}
}
