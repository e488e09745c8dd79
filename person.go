package copse

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Employment is who pays a person: seed 001's team rule wants the Product Owner and the
// Technical Steward to be employees, and seed 000's chat welcomes contractors and
// vendors alike. "" means not said.
type Employment string

const (
	EmploymentEmployee   Employment = "employee"
	EmploymentContractor Employment = "contractor"
	EmploymentVendor     Employment = "vendor"
)

// Employments lists the choices.
var Employments = []Employment{EmploymentEmployee, EmploymentContractor, EmploymentVendor}

// Valid reports whether e is a choice, or not said.
func (e Employment) Valid() bool { return e == "" || slices.Contains(Employments, e) }

// Person is a profile as others see it: what they do here matters more than what
// they claim. Organisation and employment are left out for a "badgeless" person
// (seed 004), except for themselves.
type Person struct {
	Handle        string            `json:"handle"`
	Name          string            `json:"name"`
	Organisation  string            `json:"organisation,omitempty"`
	Employment    Employment        `json:"employment,omitempty"`
	Badgeless     bool              `json:"badgeless"` // they chose not to show their organisation
	Expertise     []string          `json:"expertise"` // what they say they know
	Communities   []PersonCommunity `json:"communities"`
	Points        int               `json:"points"`
	Rank          Rank              `json:"rank"`
	Contributions Contributions     `json:"contributions"`
	JoinedAt      time.Time         `json:"joined_at"`

	ID int64 `json:"-"`
}

// PersonCommunity is one of a person's communities: their role, the ladder stage a
// facilitator confirmed, and what they give it (to themselves alone).
type PersonCommunity struct {
	Slug            string      `json:"slug"`
	Name            string      `json:"name"`
	Role            Role        `json:"role"`
	Stage           LadderStage `json:"stage,omitempty"`
	Points          int         `json:"points"`
	CommitmentHours *int        `json:"commitment_hours,omitempty"`
}

// Contributions counts what a person has done for others.
type Contributions struct {
	Answers             int `json:"answers"`
	AcceptedAnswers     int `json:"accepted_answers"`
	Resources           int `json:"resources"`
	TopicsPresented     int `json:"topics_presented"`
	MeetingsFacilitated int `json:"meetings_facilitated"`
}

// Total is how many contributions there are in all.
func (c Contributions) Total() int {
	return c.Answers + c.AcceptedAnswers + c.Resources + c.TopicsPresented + c.MeetingsFacilitated
}

// Add counts one contribution of the kind a point rule names.
func (c *Contributions) Add(rule string, n int) {
	switch rule {
	case "answer.given":
		c.Answers += n
	case "answer.accepted":
		c.AcceptedAnswers += n
	case "resource.shared":
		c.Resources += n
	case "topic.presented":
		c.TopicsPresented += n
	case "meeting.facilitated":
		c.MeetingsFacilitated += n
	}
}

// PointEntry is one line of a person's points, explained.
type PointEntry struct {
	Rule      string    `json:"rule"`
	Title     string    `json:"title"` // the subject's title
	Points    int       `json:"points"`
	Community string    `json:"community,omitempty"`
	EarnedAt  time.Time `json:"earned_at"`
	URL       string    `json:"url"`
}

// RuleTitle is what earned the entry, in words.
func (e PointEntry) RuleTitle() string {
	if r, ok := PointRuleByKey(e.Rule); ok {
		return r.Title
	}
	return e.Rule
}

// PersonUpdate holds the profile fields a person changes about themselves; nil means
// unchanged. Email lives with the account, not here.
type PersonUpdate struct {
	Name             *string
	Organisation     *string
	ShowOrganisation *bool
	Employment       *Employment
	Expertise        *[]string
}

// Validate normalises the changed fields and reports every bad one.
func (u *PersonUpdate) Validate() error {
	p := Problems{}
	if u.Name != nil {
		*u.Name = strings.TrimSpace(*u.Name)
		if utf8.RuneCountInString(*u.Name) > 100 {
			p.Add("name", "must be at most 100 characters")
		}
	}
	if u.Organisation != nil {
		*u.Organisation = strings.TrimSpace(*u.Organisation)
		if utf8.RuneCountInString(*u.Organisation) > 100 {
			p.Add("organisation", "must be at most 100 characters")
		}
	}
	if u.Employment != nil && !u.Employment.Valid() {
		p.Add("employment", `must be "employee", "contractor", "vendor" or "" (not said)`)
	}
	if u.Expertise != nil {
		*u.Expertise = normalizeTags(p, "expertise", *u.Expertise)
	}
	return p.Err()
}

// Empty reports whether the update changes nothing.
func (u *PersonUpdate) Empty() bool { return *u == PersonUpdate{} }

// MaxCommitmentHours bounds a declared monthly commitment: a full-time month.
const MaxCommitmentHours = 160

// ValidateCommitment checks hours a member declares for a month; nil withdraws it.
func ValidateCommitment(hours *int) error {
	if hours != nil && (*hours < 0 || *hours > MaxCommitmentHours) {
		return &Error{Code: EINVALID, Message: "Some fields need attention.", Fields: map[string]string{
			"hours_per_month": "must be a whole number of hours from 0 to 160; seed 002 expects 3 to 5 from active members"}}
	}
	return nil
}

// Expert is a person the expert finder ranks for a subject, with the evidence.
type Expert struct {
	Handle   string        `json:"handle"`
	Name     string        `json:"name"`
	Score    int           `json:"score"`
	Evidence Contributions `json:"evidence"`
	Claims   bool          `json:"claims"` // they list the subject in their expertise too
}

// Expert finder weights: what a person did on the subject, most telling first. A
// claim adds nothing: "who knows about X?" is answered by deeds.
const (
	ExpertAccepted = 5
	ExpertResource = 4
	ExpertTopic    = 3
	ExpertAnswer   = 2
	ExpertMeeting  = 2
)

// ExpertFilter is a question to the expert finder.
type ExpertFilter struct {
	Subject string // a tag, such as "terraform"
	Limit   int
	Cursor  string
}

// Validate normalises the subject.
func (f *ExpertFilter) Validate() error {
	p := Problems{}
	tags := normalizeTags(p, "subject", []string{f.Subject})
	switch {
	case len(p) > 0:
	case len(tags) == 0:
		p.Add("subject", "is required: a subject such as terraform")
	default:
		f.Subject = tags[0]
	}
	return p.Err()
}
