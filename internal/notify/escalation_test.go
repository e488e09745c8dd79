package notify_test

import (
	"slices"
	"testing"
	"time"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/store"
	"github.com/copse-dev/copse/internal/store/storetest"
)

// TestPlatformTeamHearsOfHelp: the platform team's site-wide webhook hears of an
// sos as it is raised, again when nobody has answered it in time, of a reported
// outage and of the status page's incidents — and not of how-to questions, which
// are the community's.
func TestPlatformTeamHearsOfHelp(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB, clock *storetest.Clock) {
		fay, root := community(t, db)
		w := newWorker(db, nil)
		team := newReceiver(t)
		if _, err := db.CreateWebhook(root, "", copse.NewWebhook{URL: team.URL, Format: copse.FormatSigned}); err != nil {
			t.Fatal(err)
		}
		drain(t, w)
		ask := func(title string, u copse.Urgency) {
			if _, err := db.AskQuestion(fay, copse.NewQuestion{Title: title, Body: "Since 09:00.", Urgency: u, Community: "iac"}); err != nil {
				t.Fatal(err)
			}
		}
		ask("Production pods crash-looping", copse.UrgencySOS)
		ask("How do I rename a route?", copse.UrgencyHowTo)
		ask("Is the registry down for everyone?", copse.UrgencyOutage)
		svc, err := db.CreateService(root, copse.NewService{Name: "Image registry"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.OpenIncident(root, copse.NewIncident{Title: "Image pulls failing", Body: "Looking.", Impact: copse.StateMajorOutage, Services: []int64{svc.ID}}); err != nil {
			t.Fatal(err)
		}
		drain(t, w)
		clock.Advance(31 * time.Minute)
		drain(t, w)
		posts, _ := team.got()
		var kinds []string
		for _, p := range posts {
			kinds = append(kinds, decode(t, p.body)["type"].(string))
		}
		slices.Sort(kinds)
		if want := []string{"incident.opened", "outage.reported", "sos.escalated", "sos.raised"}; !slices.Equal(kinds, want) {
			t.Errorf("the platform team heard of %v, want %v", kinds, want)
		}
	})
}
