package cadence_test

import (
	"testing"
)

func TestDescribe(t *testing.T) {
	tests := []struct {
		name, rule, zone string
		minutes          int
		want             string
	}{
		{"UK Lean Coffee", leanCoffee, "Europe/London", 60,
			"Monthly on the fourth Thursday, 11:00–12:00 London time"},
		{"DevOps Commons every two months", "FREQ=MONTHLY;INTERVAL=2;BYDAY=1WE;BYHOUR=14;BYMINUTE=0", "Europe/London", 60,
			"Every 2 months on the first Wednesday, 14:00–15:00 London time"},
		{"weekly", "FREQ=WEEKLY;BYDAY=TU;BYHOUR=9;BYMINUTE=30", "America/Vancouver", 30,
			"Weekly on Tuesday, 09:30–10:00 Vancouver time"},
		{"fortnightly on two days, Monday first", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TH,MO;BYHOUR=16", "America/New_York", 45,
			"Every 2 weeks on Monday and Thursday, 16:00–16:45 New York time"},
		{"last Friday", "FREQ=MONTHLY;BYDAY=-1FR;BYHOUR=15", "Asia/Kolkata", 90,
			"Monthly on the last Friday, 15:00–16:30 Kolkata time"},
		{"second-last Tuesday", "FREQ=MONTHLY;BYDAY=-2TU;BYHOUR=15", "Europe/Berlin", 60,
			"Monthly on the second-last Tuesday, 15:00–16:00 Berlin time"},
		{"day of the month", "FREQ=MONTHLY;BYMONTHDAY=15;BYHOUR=12", "UTC", 60,
			"Monthly on day 15, 12:00–13:00 UTC"},
		{"several days of the month", "FREQ=MONTHLY;BYMONTHDAY=1,15,-1;BYHOUR=12", "UTC", 60,
			"Monthly on days 1 and 15 and the last day, 12:00–13:00 UTC"},
		{"daily", "FREQ=DAILY;BYHOUR=8", "Australia/Sydney", 15,
			"Daily, 08:00–08:15 Sydney time"},
		{"every weekday", "FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=9;BYMINUTE=15", "Europe/Paris", 15,
			"Every weekday, 09:15–09:30 Paris time"},
		{"every third day", "FREQ=DAILY;INTERVAL=3;BYHOUR=9", "Europe/Paris", 60,
			"Every 3 days, 09:00–10:00 Paris time"},
		{"yearly on a date", "FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=15;BYHOUR=10", "Europe/London", 240,
			"Yearly on 15 March, 10:00–14:00 London time"},
		{"yearly on a weekday of a month", "FREQ=YEARLY;BYMONTH=11;BYDAY=2TU;BYHOUR=10", "Europe/London", 60,
			"Yearly on the second Tuesday of November, 10:00–11:00 London time"},
		{"every other year", "FREQ=YEARLY;INTERVAL=2;BYMONTH=6,12;BYMONTHDAY=1;BYHOUR=10", "Europe/London", 60,
			"Every 2 years on 1 June and 1 December, 10:00–11:00 London time"},
		{"two sessions a day for two regions", "FREQ=MONTHLY;BYDAY=1WE,3WE;BYHOUR=17,9", "Europe/London", 60,
			"Monthly on the first and third Wednesday, 09:00–10:00 and 17:00–18:00 London time"},
		{"different ordinal days", "FREQ=MONTHLY;BYDAY=1MO,3WE;BYHOUR=9", "Europe/London", 60,
			"Monthly on the first Monday and the third Wednesday, 09:00–10:00 London time"},
		{"last weekday", "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1;BYHOUR=16", "Europe/London", 60,
			"Monthly on the last weekday, 16:00–17:00 London time"},
		{"Friday the 13th", "FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13;BYHOUR=16", "Europe/London", 60,
			"Monthly on day 13 when that is a Friday, 16:00–17:00 London time"},
		{"summer break", "FREQ=MONTHLY;BYMONTH=9,10,11,12,1,2,3,4,5,6;BYDAY=2TU;BYHOUR=14", "Europe/London", 60,
			"Monthly on the second Tuesday except in July and August, 14:00–15:00 London time"},
		{"some months", "FREQ=MONTHLY;BYMONTH=3,9;BYDAY=2TU;BYHOUR=14", "Europe/London", 60,
			"Monthly on the second Tuesday of March and September, 14:00–15:00 London time"},
		{"across midnight", "FREQ=WEEKLY;BYDAY=FR;BYHOUR=23;BYMINUTE=30", "Pacific/Auckland", 60,
			"Weekly on Friday, 23:30–00:30 next day Auckland time"},
		{"until", leanCoffee + ";UNTIL=20270630", "Europe/London", 60,
			"Monthly on the fourth Thursday, 11:00–12:00 London time, until 30 June 2027"},
		{"count", "DTSTART:20260305\nRRULE:FREQ=WEEKLY;BYDAY=TH;BYHOUR=14;COUNT=6", "Europe/London", 60,
			"Weekly on Thursday, 14:00–15:00 London time, starting 5 March 2026, 6 times"},
		{"once", "DTSTART:20260305\nRRULE:FREQ=WEEKLY;BYDAY=TH;BYHOUR=14;COUNT=1", "Europe/London", 60,
			"Weekly on Thursday, 14:00–15:00 London time, starting 5 March 2026, once"},
		{"zone with underscores and three parts", "FREQ=WEEKLY;BYDAY=WE;BYHOUR=18", "America/Argentina/Buenos_Aires", 60,
			"Weekly on Wednesday, 18:00–19:00 Buenos Aires time"},
		{"UTC under its Etc name", "FREQ=WEEKLY;BYDAY=WE;BYHOUR=18", "Etc/UTC", 60,
			"Weekly on Wednesday, 18:00–19:00 UTC"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := mustParse(t, tt.rule, tt.zone, tt.minutes).Describe(); got != tt.want {
				t.Errorf("Describe()\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

func BenchmarkDescribe(b *testing.B) {
	c := mustParse(b, "FREQ=MONTHLY;INTERVAL=2;BYDAY=1WE;BYHOUR=14;BYMINUTE=0;UNTIL=20270630", "Europe/London", 60)
	for b.Loop() {
		_ = c.Describe()
	}
}
