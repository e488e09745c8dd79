package cadence_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/copse-dev/copse/internal/cadence"
)

const leanCoffee = "FREQ=MONTHLY;BYDAY=4TH;BYHOUR=11;BYMINUTE=0"

func mustParse(t testing.TB, rule, zone string, minutes int) cadence.Cadence {
	t.Helper()
	c, err := cadence.Parse(rule, zone, minutes)
	if err != nil {
		t.Fatalf("Parse(%q, %q, %d): %v", rule, zone, minutes, err)
	}
	return c
}

func TestParseValid(t *testing.T) {
	tests := []struct {
		name, rule, zone string
		minutes          int
		wantRule         string
		wantMinutes      int
	}{
		{"lean coffee", leanCoffee, "Europe/London", 60, leanCoffee, 60},
		{"duration defaults to an hour", leanCoffee, "Europe/London", 0, leanCoffee, 60},
		{"lower case and RRULE: prefix", "rrule:freq=monthly;byday=4th;byhour=11", "Europe/London", 45,
			"FREQ=MONTHLY;BYDAY=4TH;BYHOUR=11", 45},
		{"spaces and a trailing semicolon", " FREQ=WEEKLY; BYDAY=TU ; BYHOUR=9;BYMINUTE=30; ", "America/Vancouver", 30,
			"FREQ=WEEKLY;BYDAY=TU;BYHOUR=9;BYMINUTE=30", 30},
		{"every two months", "FREQ=MONTHLY;INTERVAL=2;BYDAY=1WE;BYHOUR=14;BYMINUTE=0", "Europe/London", 90,
			"FREQ=MONTHLY;INTERVAL=2;BYDAY=1WE;BYHOUR=14;BYMINUTE=0", 90},
		{"daily stand-up", "FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=9;BYMINUTE=15", "UTC", 15,
			"FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=9;BYMINUTE=15", 15},
		{"yearly", "FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=15;BYHOUR=10", "Europe/London", 0,
			"FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=15;BYHOUR=10", 60},
		{"until a date", leanCoffee + ";UNTIL=20270630", "Europe/London", 0, leanCoffee + ";UNTIL=20270630", 60},
		{"count after DTSTART", "DTSTART:20260305\r\nRRULE:FREQ=WEEKLY;BYDAY=TH;BYHOUR=14;COUNT=6", "Europe/London", 0,
			"DTSTART:20260305\nRRULE:FREQ=WEEKLY;BYDAY=TH;BYHOUR=14;COUNT=6", 60},
		{"29 February", "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29;BYHOUR=12", "UTC", 0,
			"FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29;BYHOUR=12", 60},
		{"shortest and longest", leanCoffee, "Asia/Tokyo", 5, leanCoffee, 5},
		{"a whole day", leanCoffee, "Asia/Tokyo", 1440, leanCoffee, 1440},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := mustParse(t, tt.rule, tt.zone, tt.minutes)
			if c.RRule != tt.wantRule {
				t.Errorf("RRule = %q, want %q", c.RRule, tt.wantRule)
			}
			if c.DurationMinutes != tt.wantMinutes {
				t.Errorf("DurationMinutes = %d, want %d", c.DurationMinutes, tt.wantMinutes)
			}
			if c.Timezone != tt.zone {
				t.Errorf("Timezone = %q, want %q", c.Timezone, tt.zone)
			}
			// What is stored must parse back to the same cadence.
			again := mustParse(t, c.RRule, c.Timezone, c.DurationMinutes)
			if again.RRule != c.RRule || again.Describe() != c.Describe() {
				t.Errorf("round trip changed %q to %q", c.RRule, again.RRule)
			}
		})
	}
}

func TestParseInvalid(t *testing.T) {
	tests := []struct {
		name, rule, zone string
		minutes          int
		field, want      string // want is part of the message
	}{
		{"empty rule", "", "Europe/London", 0, "rrule", "is required, for example FREQ=MONTHLY"},
		{"no FREQ", "BYDAY=4TH;BYHOUR=11", "Europe/London", 0, "rrule", "FREQ is required (for example FREQ=MONTHLY;BYDAY=4TH;BYHOUR=11)"},
		{"no BYHOUR", "FREQ=MONTHLY;BYDAY=4TH", "Europe/London", 0, "rrule", "BYHOUR is required so people know what time the meeting starts"},
		{"hourly", "FREQ=HOURLY;BYHOUR=11", "Europe/London", 0, "rrule", "a community cadence is at least daily"},
		{"minutely", "FREQ=MINUTELY;BYHOUR=11", "Europe/London", 0, "rrule", "at least daily"},
		{"fortnightly", "FREQ=FORTNIGHTLY;BYDAY=TU;BYHOUR=11", "Europe/London", 0, "rrule", "FREQ=WEEKLY;INTERVAL=2"},
		{"unknown FREQ", "FREQ=SOMETIMES;BYHOUR=11", "Europe/London", 0, "rrule", "FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY"},
		{"not NAME=VALUE", "FREQ=MONTHLY;4TH;BYHOUR=11", "Europe/London", 0, "rrule", `"4TH" is not a NAME=VALUE part`},
		{"unknown part", "FREQ=MONTHLY;BYDAY=4TH;BYHOUR=11;BYEASTER=0", "Europe/London", 0, "rrule", "unknown part BYEASTER"},
		{"twice", "FREQ=MONTHLY;BYDAY=4TH;BYDAY=2TU;BYHOUR=11", "Europe/London", 0, "rrule", "BYDAY appears twice"},
		{"bad day", "FREQ=MONTHLY;BYDAY=4THU;BYHOUR=11", "Europe/London", 0, "rrule", `BYDAY value "4THU" is not a day`},
		{"hour 24", "FREQ=MONTHLY;BYDAY=4TH;BYHOUR=24", "Europe/London", 0, "rrule", `BYHOUR value "24" must be from 0 to 23`},
		{"minute 60", "FREQ=MONTHLY;BYDAY=4TH;BYHOUR=11;BYMINUTE=60", "Europe/London", 0, "rrule", `BYMINUTE value "60" must be from 0 to 59`},
		{"seconds", "FREQ=MONTHLY;BYDAY=4TH;BYHOUR=11;BYSECOND=30", "Europe/London", 0, "rrule", "meetings start on the minute"},
		{"interval 0", "FREQ=MONTHLY;INTERVAL=0;BYDAY=4TH;BYHOUR=11", "Europe/London", 0, "rrule", "INTERVAL must be"},
		{"weekly without a day", "FREQ=WEEKLY;BYHOUR=11", "Europe/London", 0, "rrule", "FREQ=WEEKLY needs BYDAY"},
		{"monthly without a day", "FREQ=MONTHLY;BYHOUR=11", "Europe/London", 0, "rrule", "FREQ=MONTHLY needs a day"},
		{"yearly without a month", "FREQ=YEARLY;BYMONTHDAY=15;BYHOUR=11", "Europe/London", 0, "rrule", "needs BYMONTH"},
		{"4TH in a weekly rule", "FREQ=WEEKLY;BYDAY=4TH;BYHOUR=11", "Europe/London", 0, "rrule", "BYDAY=4TH counts weeks within a month"},
		{"sixth Monday", "FREQ=MONTHLY;BYDAY=6MO;BYHOUR=11", "Europe/London", 0, "rrule", "can never happen"},
		{"30 February", "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30;BYHOUR=11", "Europe/London", 0, "rrule", "BYMONTHDAY=30 never falls in February"},
		{"never matches", "FREQ=YEARLY;BYWEEKNO=1;BYMONTH=6;BYHOUR=11", "Europe/London", 0, "rrule", "never matches a date"},
		{"BYSETPOS in a weekly rule", "FREQ=WEEKLY;BYDAY=MO,TU;BYSETPOS=1;BYHOUR=11", "Europe/London", 0, "rrule", "BYSETPOS needs FREQ=MONTHLY or YEARLY"},
		{"BYSETPOS past the end", "FREQ=MONTHLY;BYDAY=MO;BYSETPOS=10;BYHOUR=11", "Europe/London", 0, "rrule", "never matches a date"},
		{"COUNT and UNTIL", leanCoffee + ";COUNT=3;UNTIL=20270101", "Europe/London", 0, "rrule", "COUNT or UNTIL"},
		{"COUNT without a start", leanCoffee + ";COUNT=3", "Europe/London", 0, "rrule", "COUNT needs to know where the series starts"},
		{"bad UNTIL", leanCoffee + ";UNTIL=2027-06-30", "Europe/London", 0, "rrule", "UNTIL=2027-06-30 is not a date"},
		{"UNTIL before the first meeting", leanCoffee + ";UNTIL=19991231", "Europe/London", 0, "rrule", "UNTIL ends the series before its first meeting"},
		{"DTSTART inline", "FREQ=MONTHLY;DTSTART=20260101;BYDAY=4TH;BYHOUR=11", "Europe/London", 0, "rrule", "DTSTART goes on its own line"},
		{"bad DTSTART", "DTSTART:2026\nRRULE:" + leanCoffee, "Europe/London", 0, "rrule", `DTSTART "2026" is not a date`},
		{"too many times a day", "FREQ=DAILY;BYHOUR=9,10,11;BYMINUTE=0,30", "Europe/London", 0, "rrule", "more than 4 start times a day"},
		{"misspelt zone", leanCoffee, "Europe/Londn", 0, "timezone", `"Europe/Londn" is not an IANA time zone such as Europe/London`},
		{"no zone", leanCoffee, "", 0, "timezone", "is required"},
		{"server's zone", leanCoffee, "Local", 0, "timezone", "is not an IANA time zone"},
		{"too short", leanCoffee, "Europe/London", 4, "duration_minutes", "must be between 5 and 1440 minutes"},
		{"too long", leanCoffee, "Europe/London", 1441, "duration_minutes", "must be between 5 and 1440 minutes"},
		{"negative", leanCoffee, "Europe/London", -30, "duration_minutes", "must be between 5 and 1440"},
		{"a bad rule is reported before a bad zone", "FREQ=MONTHLY;BYHOUR=11", "Nowhere/Special", 0, "rrule", "FREQ=MONTHLY needs a day"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := cadence.Parse(tt.rule, tt.zone, tt.minutes)
			var fe *cadence.FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("Parse(%q, %q, %d) = %v, want a *FieldError", tt.rule, tt.zone, tt.minutes, err)
			}
			if fe.Field != tt.field {
				t.Errorf("Field = %q, want %q (message %q)", fe.Field, tt.field, fe.Message)
			}
			if !strings.Contains(fe.Message, tt.want) {
				t.Errorf("Message = %q, want it to contain %q", fe.Message, tt.want)
			}
			if got, prefix := err.Error(), tt.field+": "; !strings.HasPrefix(got, prefix) || got != prefix+fe.Message {
				t.Errorf("Error() = %q, want %q followed by the message", got, prefix)
			}
		})
	}
}

func TestZeroCadence(t *testing.T) {
	var c cadence.Cadence
	now := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	if got := c.Describe(); got != "" {
		t.Errorf("Describe() = %q, want empty", got)
	}
	if got := c.Occurrences(now, now.AddDate(1, 0, 0), 10); got != nil {
		t.Errorf("Occurrences() = %v, want none", got)
	}
	if got := c.Next(now); !got.IsZero() {
		t.Errorf("Next() = %v, want zero", got)
	}
	if got := c.Period(); got != 0 {
		t.Errorf("Period() = %v, want 0", got)
	}
}

func TestPeriod(t *testing.T) {
	const day = 24 * time.Hour
	tests := []struct {
		rule string
		want time.Duration
	}{
		{"FREQ=DAILY;BYHOUR=9", day},
		{"FREQ=DAILY;INTERVAL=3;BYHOUR=9", 3 * day},
		{"FREQ=WEEKLY;BYDAY=TU;BYHOUR=9", 7 * day},
		{"FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH;BYHOUR=9", 14 * day},
		{leanCoffee, 2629746 * time.Second},
		{"FREQ=MONTHLY;INTERVAL=2;BYDAY=1WE;BYHOUR=14", 2 * 2629746 * time.Second},
		{"FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=15;BYHOUR=10", 31556952 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.rule, func(t *testing.T) {
			if got := mustParse(t, tt.rule, "Europe/London", 0).Period(); got != tt.want {
				t.Errorf("Period() = %v, want %v", got, tt.want)
			}
		})
	}
	// A monthly period sits between the shortest and longest month, as health rules assume.
	if p := mustParse(t, leanCoffee, "UTC", 0).Period(); p < 28*day || p > 31*day {
		t.Errorf("monthly Period() = %v, want within a month", p)
	}
}
