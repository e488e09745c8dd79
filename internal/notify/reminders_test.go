package notify_test

import (
	"strings"
	"testing"
	"time"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/mail/mailtest"
	"github.com/copse-dev/copse/internal/store"
	"github.com/copse-dev/copse/internal/store/storetest"
)

// TestMeetingReminder: a day before the community's next meeting (the fourth
// Thursday, 26 March 2026, 11:00 London time), each member gets one reminder by SMTP
// with the meeting as an .ics attachment whose UID is the one the community's
// calendar feed gives that occurrence; scanning again sends nothing more.
func TestMeetingReminder(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB, clock *storetest.Clock) {
		fay, _ := community(t, db)
		cad := &copse.Cadence{RRule: "FREQ=MONTHLY;BYDAY=4TH;BYHOUR=11;BYMINUTE=0", Timezone: "Europe/London", DurationMinutes: 60}
		if _, err := db.UpdateCommunity(fay, "iac", copse.CommunityUpdate{Cadence: &cad}); err != nil {
			t.Fatal(err)
		}
		smtp := mailtest.Start(t, mailtest.Options{})
		w := newWorker(db, smtp)
		drain(t, w)
		before := len(smtp.Mails())
		clock.Advance(time.Date(2026, 3, 25, 12, 0, 0, 0, time.UTC).Sub(clock.Now()))
		w.ReminderEvery = time.Minute
		drain(t, w)
		clock.Advance(10 * time.Minute)
		drain(t, w)
		mails := smtp.Mails()[before:]
		if len(mails) != 2 {
			t.Fatalf("%d reminders, want one for each of the 2 members", len(mails))
		}
		h, p := parts(t, mails[0].Data)
		if subject := h.Get("Subject"); !strings.Contains(subject, "Tomorrow: Infrastructure as Code") {
			t.Errorf("subject %q", subject)
		}
		if !strings.Contains(p["text/plain"], "Thursday 26 March 2026, 11:00–12:00 GMT (Europe/London)") {
			t.Errorf("text:\n%s", p["text/plain"])
		}
		ics := p["text/calendar"]
		for _, want := range []string{"BEGIN:VEVENT", "UID:community-1-series@copse.example.org", "RECURRENCE-ID;TZID=Europe/London:20260326T110000",
			"DTSTART;TZID=Europe/London:20260326T110000", "BEGIN:VTIMEZONE"} {
			if !strings.Contains(ics, want) {
				t.Errorf("the .ics lacks %q:\n%s", want, ics)
			}
		}
	})
}
