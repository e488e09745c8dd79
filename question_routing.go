package copse

import (
	"slices"
	"strconv"
	"strings"
)

// Destination is where a question of some urgency goes once asked.
type Destination string

const (
	// ToCommunity files the question into the community's Q&A (and the site's):
	// the community answers, and hears of it as "question.asked".
	ToCommunity Destination = "community"
	// ToUrgent marks the question urgent and raises it in the urgent channel
	// ("sos.raised", which site-wide webhooks receive), then escalates it to the
	// platform team when nobody has answered in time.
	ToUrgent Destination = "urgent"
	// ToPlatform reports it to the platform team's operations channel
	// ("outage.reported"), once the asker has seen the status page.
	ToPlatform Destination = "platform"
)

// Destinations lists every destination.
var Destinations = []Destination{ToCommunity, ToUrgent, ToPlatform}

// Event is the kind of event a question sent here records, for the notifications
// to fan out.
func (d Destination) Event() string {
	switch d {
	case ToUrgent:
		return "sos.raised"
	case ToPlatform:
		return "outage.reported"
	}
	return "question.asked"
}

// Route is where one urgency goes, and the chat channel people know it by.
type Route struct {
	Urgency Urgency     `json:"urgency"`
	To      Destination `json:"to"`
	Channel Channel     `json:"channel"`
}

// HelpSettings are the help desk's routing, a site setting that admins change.
type HelpSettings struct {
	Routes []Route `json:"routes"` // one per urgency, in Urgencies order
	// Alerts is where the platform team announces what it already knows about
	// (seed 001: "#devops-alerts"), shown beside the status page before an outage
	// is reported.
	Alerts Channel `json:"alerts"`
	// EscalateAfterMinutes is how long an sos question may wait for its first
	// answer before it escalates to the platform team.
	EscalateAfterMinutes int `json:"escalate_after_minutes"`
}

// DefaultHelpSettings is seed 001's support model: non-urgent questions to the
// community's how-to channel, urgent production issues to the sos channel, a
// suspected outage to the status page and then the operations channel.
func DefaultHelpSettings() HelpSettings {
	return HelpSettings{
		Routes: []Route{
			{UrgencyHowTo, ToCommunity, Channel{Name: "#devops-how-to"}},
			{UrgencySOS, ToUrgent, Channel{Name: "#devops-sos"}},
			{UrgencyOutage, ToPlatform, Channel{Name: "#devops-operations"}},
		},
		Alerts:               Channel{Name: "#devops-alerts"},
		EscalateAfterMinutes: 30,
	}
}

// Route returns where questions of urgency u go. An unknown urgency is an error
// that names the field, so a client hears exactly what to fix.
func (s HelpSettings) Route(u Urgency) (Route, error) {
	if !u.Valid() {
		return Route{}, &Error{Code: EINVALID, Message: "Some fields need attention.", Fields: map[string]string{"urgency": urgencyChoices}}
	}
	for _, r := range s.Routes {
		if r.Urgency == u {
			return r, nil
		}
	}
	for _, r := range DefaultHelpSettings().Routes { // a route never saved keeps the default
		if r.Urgency == u {
			return r, nil
		}
	}
	return Route{}, Errorf(EINTERNAL, "no route for %s", u)
}

// Validate normalises the settings and reports every bad field: every urgency has
// exactly one route, to a known destination, with a channel that makes sense.
func (s *HelpSettings) Validate() error {
	p := Problems{}
	var routes []Route
	for _, u := range Urgencies {
		i := slices.IndexFunc(s.Routes, func(r Route) bool { return r.Urgency == u })
		if i < 0 {
			r, _ := DefaultHelpSettings().Route(u)
			routes = append(routes, r)
			continue
		}
		r := s.Routes[i]
		f := "routes." + string(u)
		if !slices.Contains(Destinations, r.To) {
			p.Add(f+".to", `must be "community", "urgent" or "platform"`)
		}
		validateHelpChannel(p, f+".channel", &r.Channel)
		routes = append(routes, r)
	}
	for _, r := range s.Routes {
		if !r.Urgency.Valid() {
			p.Add("routes", `"`+string(r.Urgency)+`" is not an urgency; `+urgencyChoices)
		}
	}
	s.Routes = routes
	validateHelpChannel(p, "alerts", &s.Alerts)
	if s.EscalateAfterMinutes < 5 || s.EscalateAfterMinutes > 7*24*60 {
		p.Add("escalate_after_minutes", "must be a whole number of minutes from 5 to "+strconv.Itoa(7*24*60)+" (a week)")
	}
	return p.Err()
}

// validateHelpChannel checks a chat channel; a channel name is written as people
// type it in chat, "#devops-sos", so a missing "#" is added.
func validateHelpChannel(p Problems, field string, c *Channel) {
	c.Name = strings.TrimSpace(c.Name)
	if c.Name != "" && !strings.HasPrefix(c.Name, "#") && !strings.Contains(c.Name, " ") {
		c.Name = "#" + c.Name
	}
	validateChannel(p, field, c)
}
