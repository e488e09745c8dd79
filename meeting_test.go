package copse

import (
	"slices"
	"testing"
	"time"
)

func TestMeetingValidation(t *testing.T) {
	start := time.Date(2026, 3, 26, 11, 0, 0, 0, time.UTC)
	lean := &Cadence{RRule: "FREQ=MONTHLY;BYDAY=4TH;BYHOUR=11", Timezone: "Europe/London", DurationMinutes: 90}
	for _, tt := range []struct {
		name  string
		n     NewMeeting
		field string
	}{
		{"fine", NewMeeting{StartsAt: start}, ""},
		{"with an end", NewMeeting{StartsAt: start, EndsAt: start.Add(time.Hour)}, ""},
		{"a place", NewMeeting{StartsAt: start, Location: "Room 4, 10 South Colonnade"}, ""},
		{"no start", NewMeeting{}, "starts_at"},
		{"end before start", NewMeeting{StartsAt: start, EndsAt: start.Add(-time.Minute)}, "ends_at"},
		{"end at start", NewMeeting{StartsAt: start, EndsAt: start}, "ends_at"},
		{"two days", NewMeeting{StartsAt: start, EndsAt: start.Add(48 * time.Hour)}, "ends_at"},
		{"too short", NewMeeting{StartsAt: start, DurationMinutes: 2}, "duration_minutes"},
		{"unknown zone", NewMeeting{StartsAt: start, Timezone: "Mars/Base"}, "timezone"},
		{"the server's zone", NewMeeting{StartsAt: start, Timezone: "Local"}, "timezone"},
		{"a broken link", NewMeeting{StartsAt: start, Location: "https://"}, "location"},
		{"a link of another kind", NewMeeting{StartsAt: start, Location: "javascript:alert(1)"}, ""},
		{"too many topics", NewMeeting{StartsAt: start, Agenda: &[]int64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21}}, "agenda"},
		{"year 1900", NewMeeting{StartsAt: time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)}, "starts_at"},
	} {
		err := tt.n.Validate(lean)
		if got := ErrorFields(err)[tt.field]; tt.field == "" && err != nil || tt.field != "" && got == "" {
			t.Errorf("%s: %v, want a problem with %q", tt.name, err, tt.field)
		}
	}
	n := NewMeeting{StartsAt: start, Agenda: &[]int64{3, 1, 3}}
	if err := n.Validate(lean); err != nil || n.Timezone != "Europe/London" || n.EndsAt.Sub(start) != 90*time.Minute || !slices.Equal(*n.Agenda, []int64{3, 1}) {
		t.Errorf("defaults from the cadence: %+v, %v", n, err)
	}
	if n := (NewMeeting{StartsAt: start}); n.Validate(nil) != nil || n.Timezone != "UTC" {
		t.Errorf("without a cadence: zone %q", n.Timezone)
	}
}

func TestMeetingUpdateRules(t *testing.T) {
	now := time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)
	future := &Meeting{Status: MeetingScheduled, StartsAt: now.Add(time.Hour), EndsAt: now.Add(2 * time.Hour)}
	past := &Meeting{Status: MeetingScheduled, StartsAt: now.Add(-time.Hour), EndsAt: now}
	held := &Meeting{Status: MeetingHeld, StartsAt: now.Add(-time.Hour), EndsAt: now}
	cancelled := &Meeting{Status: MeetingCancelled, StartsAt: now.Add(time.Hour), EndsAt: now.Add(2 * time.Hour)}
	st := func(s MeetingStatus) *MeetingStatus { return &s }
	str := func(s string) *string { return &s }
	later := now.Add(3 * time.Hour)
	for _, tt := range []struct {
		name string
		m    *Meeting
		u    MeetingUpdate
		want string
	}{
		{"hold before it starts", future, MeetingUpdate{Status: st(MeetingHeld)}, ECONFLICT},
		{"hold once started", past, MeetingUpdate{Status: st(MeetingHeld), Notes: str("Notes")}, ""},
		{"notes before holding", past, MeetingUpdate{Notes: str("Notes")}, ECONFLICT},
		{"notes of a held meeting", held, MeetingUpdate{Notes: str("More notes")}, ""},
		{"cancel a held meeting", held, MeetingUpdate{Status: st(MeetingCancelled)}, ECONFLICT},
		{"move a held meeting", held, MeetingUpdate{StartsAt: &later}, ECONFLICT},
		{"move a future meeting", future, MeetingUpdate{StartsAt: &later}, ""},
		{"edit a cancelled meeting", cancelled, MeetingUpdate{Title: str("New")}, ECONFLICT},
		{"restore a cancelled meeting", cancelled, MeetingUpdate{Status: st(MeetingScheduled)}, ""},
	} {
		u := tt.u
		if err := u.Validate(tt.m); err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if got := ErrorCode(CheckMeetingUpdate(tt.m, &u, now)); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
	// Moving keeps the length; a new end before the start is refused by name.
	u := MeetingUpdate{StartsAt: &later}
	if err := u.Validate(future); err != nil || u.EndsAt.Sub(*u.StartsAt) != time.Hour {
		t.Errorf("a move keeps the length: %v, %v", u.EndsAt, err)
	}
	early := future.StartsAt.Add(-time.Minute)
	u = MeetingUpdate{EndsAt: &early}
	if err := u.Validate(future); ErrorFields(err)["ends_at"] == "" {
		t.Errorf("end before start: %v", err)
	}
}

func TestBuildSchedule(t *testing.T) {
	c := &Community{Name: "Lean Coffee", CreatedAt: time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC),
		Cadence: &Cadence{RRule: "FREQ=MONTHLY;BYDAY=4TH;BYHOUR=11;BYMINUTE=0", Timezone: "Europe/London", DurationMinutes: 60, Description: "Monthly"}}
	s := NewSeries(c, 0)
	utc := func(m time.Month, d, h int) time.Time { return time.Date(2026, m, d, h, 0, 0, 0, time.UTC) }
	if !s.Start.Equal(utc(3, 26, 11)) {
		t.Fatalf("series start %s", s.Start)
	}
	april, may := utc(4, 23, 10), utc(5, 28, 10)
	stored := []*Meeting{
		{ID: 1, Title: "Moved", StartsAt: utc(5, 1, 10), EndsAt: utc(5, 1, 11), Status: MeetingScheduled, Occurrence: &april},
		{ID: 2, Title: "Off", StartsAt: may, EndsAt: may.Add(time.Hour), Status: MeetingCancelled, Occurrence: &may},
		{ID: 3, Title: "Social", StartsAt: utc(4, 2, 17), EndsAt: utc(4, 2, 18), Status: MeetingScheduled},
	}
	items := BuildSchedule("lean", s, stored, utc(3, 1, 0), utc(7, 1, 0), 50)
	var got []string
	for _, it := range items {
		got = append(got, it.StartsAt.UTC().Format("01-02T15")+" "+it.Title+" "+string(it.Status))
	}
	want := []string{"03-26T11 Lean Coffee scheduled", "04-02T17 Social scheduled", "05-01T10 Moved scheduled",
		"05-28T10 Off cancelled", "06-25T10 Lean Coffee scheduled"}
	if !slices.Equal(got, want) {
		t.Errorf("schedule\n got %v\nwant %v", got, want)
	}
	if err := s.CheckOccurrence(c, utc(3, 27, 11)); ErrorFields(err)["occurrence"] == "" {
		t.Errorf("a day off the cadence: %v", err)
	}
	if err := s.CheckOccurrence(c, time.Date(2026, 2, 26, 11, 0, 0, 0, time.UTC)); err == nil {
		t.Error("an occurrence before the series starts was accepted")
	}
	if items := BuildSchedule("lean", s, nil, utc(3, 1, 0), utc(12, 31, 0), 2); len(items) != 2 {
		t.Errorf("limit: %d items", len(items))
	}
}
