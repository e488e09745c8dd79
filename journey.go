package copse

import (
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// A journey is an onboarding checklist (seed 001: "we're working on a whole
// Onboarding Journey to guide you through this process"): for a person joining the
// site, a new team or a new facilitator. Admins edit the steps; each person ticks
// them off, and a few tick themselves.

// Audience is who a journey is for.
type Audience string

const (
	AudiencePerson      Audience = "person"
	AudienceTeam        Audience = "team"
	AudienceFacilitator Audience = "facilitator"
)

// Audiences lists them in the order the journeys page shows them.
var Audiences = []Audience{AudiencePerson, AudienceTeam, AudienceFacilitator}

// Steps that tick themselves, from what copse knows of the person.
const (
	DoneWhenAccount = "account" // they have an account
	DoneWhenMember  = "member"  // they belong to a community
	DoneWhenProfile = "profile" // their profile lists their expertise
)

var doneWhens = []string{"", DoneWhenAccount, DoneWhenMember, DoneWhenProfile}

// Journey is a checklist, with the viewer's progress through it.
type Journey struct {
	Slug        string        `json:"slug"`
	Title       string        `json:"title"`
	Audience    Audience      `json:"audience"`
	Description string        `json:"description"`
	Steps       []JourneyStep `json:"steps"`
	Done        int           `json:"done"` // steps the viewer has done; 0 when anonymous
	UpdatedAt   time.Time     `json:"updated_at"`

	ID int64 `json:"-"`
}

// Finished reports whether every step is done.
func (j *Journey) Finished() bool { return len(j.Steps) > 0 && j.Done == len(j.Steps) }

// Percent is the viewer's progress, 0 to 100.
func (j *Journey) Percent() int {
	if len(j.Steps) == 0 {
		return 0
	}
	return j.Done * 100 / len(j.Steps)
}

// JourneyStep is one step: what to do, and where.
type JourneyStep struct {
	ID       int64      `json:"id"`
	Title    string     `json:"title"`
	Body     string     `json:"body"` // Markdown
	Link     string     `json:"link"` // a path here or an http(s) address; "" for none
	DoneWhen string     `json:"done_when"`
	Done     bool       `json:"done"`
	DoneAt   *time.Time `json:"done_at"`
}

// JourneyInput is a whole journey as an admin writes it. Steps with an id keep it,
// and the progress people made on them; steps without one are new; steps left out go.
type JourneyInput struct {
	Title       string      `json:"title"`
	Slug        string      `json:"slug"`
	Audience    Audience    `json:"audience"`
	Description string      `json:"description"`
	Steps       []StepInput `json:"steps"`
}

// StepInput is one step as an admin writes it.
type StepInput struct {
	ID       int64  `json:"id"`
	Title    string `json:"title"`
	Body     string `json:"body"`
	Link     string `json:"link"`
	DoneWhen string `json:"done_when"`
}

// maxJourneySteps keeps a checklist short enough to finish.
const maxJourneySteps = 40

// Validate normalises the journey and reports every bad field.
func (in *JourneyInput) Validate() error {
	p := Problems{}
	in.Title = oneLine(in.Title)
	validateText(p, "title", in.Title, 2, 120)
	in.Slug = strings.TrimSpace(in.Slug)
	if in.Slug == "" && in.Title != "" {
		in.Slug = Slugify(in.Title)
	}
	validateSlug(p, "slug", in.Slug)
	if in.Audience == "" {
		in.Audience = AudiencePerson
	}
	if !slices.Contains(Audiences, in.Audience) {
		p.Add("audience", `must be "person" (someone joining the site), "team" (a new team) or "facilitator" (a new facilitator)`)
	}
	in.Description = strings.TrimSpace(in.Description)
	validateText(p, "description", in.Description, 0, 2000)
	switch {
	case len(in.Steps) == 0:
		p.Add("steps", "a journey needs at least one step")
	case len(in.Steps) > maxJourneySteps:
		p.Add("steps", "at most "+strconv.Itoa(maxJourneySteps)+" steps: a journey people finish is short")
	}
	seen := map[int64]bool{}
	for i := range in.Steps {
		s := &in.Steps[i]
		f := "steps[" + strconv.Itoa(i) + "]"
		s.Title = oneLine(s.Title)
		validateText(p, f+".title", s.Title, 2, 120)
		s.Body = strings.TrimSpace(s.Body)
		validateText(p, f+".body", s.Body, 0, 4000)
		s.Link = strings.TrimSpace(s.Link)
		if msg := checkStepLink(s.Link); msg != "" {
			p.Add(f+".link", msg)
		}
		if !slices.Contains(doneWhens, s.DoneWhen) {
			p.Add(f+".done_when", `must be "" (ticked by hand), "account", "member" or "profile"`)
		}
		if s.ID != 0 && seen[s.ID] {
			p.Add(f+".id", "names the same step twice")
		}
		seen[s.ID] = true
	}
	return p.Err()
}

// checkStepLink accepts a path on this site or a full http(s) address.
func checkStepLink(s string) string {
	if s == "" {
		return ""
	}
	if len(s) > 2000 {
		return "must be at most 2000 characters"
	}
	if strings.HasPrefix(s, "/") {
		u, err := url.Parse(s)
		if err != nil || strings.HasPrefix(s, "//") || strings.Contains(s, `\`) || u.Host != "" {
			return "must be a path on this site, such as /library/12, or a full https:// address"
		}
		return ""
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return "must be a path on this site, such as /communities/infrastructure-as-code, or a full https:// address"
	}
	return ""
}

// StepLinkKind says what a local link leads to, for the label beside it.
func StepLinkKind(link string) string {
	switch parts := strings.Split(strings.Trim(link, "/"), "/"); {
	case link == "":
		return ""
	case !strings.HasPrefix(link, "/"):
		return "link"
	case len(parts) >= 4 && parts[0] == "communities" && parts[2] == "meetings":
		return "meeting"
	case len(parts) == 2 && parts[0] == "communities":
		return "community"
	case len(parts) == 2 && parts[0] == "library":
		return "resource"
	}
	return "page"
}
