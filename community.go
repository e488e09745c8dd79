package copse

import (
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/copse-dev/copse/internal/cadence"
)

// Status is where a community is in its lifecycle (see lifecycle.go).
type Status string

const (
	StatusSuggested Status = "suggested"
	StatusForming   Status = "forming"
	StatusActive    Status = "active"
	StatusDormant   Status = "dormant"
	StatusArchived  Status = "archived"
)

// Statuses lists every status in lifecycle order.
var Statuses = []Status{StatusSuggested, StatusForming, StatusActive, StatusDormant, StatusArchived}

// Visibility says who may read something. Open by default (seed 001: "if it can be
// open, it should be").
type Visibility string

const (
	VisibilityPublic   Visibility = "public"
	VisibilitySignedIn Visibility = "signed-in"
	VisibilityMembers  Visibility = "members"
)

// Community is a community of practice.
type Community struct {
	ID            int64      `json:"-"`
	Slug          string     `json:"slug"`
	Name          string     `json:"name"`
	Subject       string     `json:"subject"`
	Description   string     `json:"description"`
	Tags          []string   `json:"tags"`
	Status        Status     `json:"status"`
	Visibility    Visibility `json:"visibility"`
	Channel       Channel    `json:"channel"`
	Cadence       *Cadence   `json:"cadence"`
	MemberCount   int        `json:"member_count"`
	InterestCount int        `json:"interest_count"`
	Facilitators  []string   `json:"facilitators"`
	Links         []Link     `json:"links"`
	CreatedAt     time.Time  `json:"created_at"`
	UpdatedAt     time.Time  `json:"updated_at"`
}

// Channel is where a community chats, e.g. Slack's #cp_iac (seed 002) or Rocket.Chat.
type Channel struct {
	Name string `json:"name"`
	URL  string `json:"url,omitempty"`
}

// Cadence is a community's recurring meeting rule.
type Cadence struct {
	RRule           string `json:"rrule"`
	Timezone        string `json:"timezone"`
	DurationMinutes int    `json:"duration_minutes"`
	Description     string `json:"description,omitempty"` // in words, derived
}

// Link is a titled link on a community page (a README, a repo, a board elsewhere).
type Link struct {
	Title string `json:"title"`
	URL   string `json:"url"`
}

// NewCommunity is what creating a community takes. Suggested communities are
// subjects people want a community for; they start without a facilitator.
type NewCommunity struct {
	Name        string
	Slug        string
	Subject     string
	Description string
	Tags        []string
	Visibility  Visibility
	Channel     Channel
	Cadence     *Cadence
	Links       []Link
	Suggested   bool
}

// Validate normalises the input and reports every bad field.
func (n *NewCommunity) Validate() error {
	p := Problems{}
	n.Name = strings.TrimSpace(n.Name)
	validateText(p, "name", n.Name, 2, 80)
	n.Slug = strings.TrimSpace(n.Slug)
	if n.Slug == "" && n.Name != "" {
		n.Slug = Slugify(n.Name)
	}
	validateSlug(p, "slug", n.Slug)
	n.Subject = strings.TrimSpace(n.Subject)
	validateText(p, "subject", n.Subject, 2, 200)
	validateText(p, "description", n.Description, 0, 20000)
	n.Tags = normalizeTags(p, "tags", n.Tags)
	if n.Visibility == "" {
		n.Visibility = VisibilityPublic
	}
	validateVisibility(p, "visibility", n.Visibility)
	validateChannel(p, "channel", &n.Channel)
	n.Cadence = validateCadence(p, "cadence", n.Cadence)
	validateLinks(p, "links", n.Links)
	return p.Err()
}

// CommunityUpdate holds the fields a PATCH changes; nil means unchanged.
type CommunityUpdate struct {
	Name        *string
	Subject     *string
	Description *string
	Tags        *[]string
	Visibility  *Visibility
	Channel     *Channel
	Cadence     **Cadence // set to a nil *Cadence to remove the cadence
	Links       *[]Link
	Status      *Status // only archived, or a restore of an archived community
}

// Validate normalises the changed fields and reports every bad one.
func (u *CommunityUpdate) Validate() error {
	p := Problems{}
	if u.Name != nil {
		*u.Name = strings.TrimSpace(*u.Name)
		validateText(p, "name", *u.Name, 2, 80)
	}
	if u.Subject != nil {
		*u.Subject = strings.TrimSpace(*u.Subject)
		validateText(p, "subject", *u.Subject, 2, 200)
	}
	if u.Description != nil {
		validateText(p, "description", *u.Description, 0, 20000)
	}
	if u.Tags != nil {
		*u.Tags = normalizeTags(p, "tags", *u.Tags)
	}
	if u.Visibility != nil {
		validateVisibility(p, "visibility", *u.Visibility)
	}
	if u.Channel != nil {
		validateChannel(p, "channel", u.Channel)
	}
	if u.Cadence != nil {
		*u.Cadence = validateCadence(p, "cadence", *u.Cadence)
	}
	if u.Links != nil {
		validateLinks(p, "links", *u.Links)
	}
	if u.Status != nil && *u.Status != StatusArchived && *u.Status != StatusActive {
		p.Add("status", `can only be set to "archived", or to "active" to restore an archived community; the rest follows from its members`)
	}
	return p.Err()
}

// Empty reports whether the update changes nothing.
func (u *CommunityUpdate) Empty() bool {
	return *u == CommunityUpdate{}
}

var slugRE = regexp.MustCompile(`^[a-z0-9]+(?:-[a-z0-9]+)*$`)

// reservedSlugs would collide with pages under /communities/.
var reservedSlugs = []string{"new", "edit", "suggested", "active", "search", "feed", "api"}

// Slugify turns a name into a URL slug: "Infrastructure As Code" → "infrastructure-as-code".
func Slugify(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range norm.NFKD.String(strings.ToLower(s)) {
		switch {
		case unicode.Is(unicode.Mn, r): // accents fall away: "é" → "e"
		case r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		default:
			dash = true
		}
	}
	slug := b.String()
	if len(slug) > 60 { // cut at a word boundary, not mid-word
		slug = slug[:60]
		if i := strings.LastIndexByte(slug, '-'); i > 0 {
			slug = slug[:i]
		}
	}
	return strings.Trim(slug, "-")
}

func validateSlug(p Problems, field, s string) {
	switch {
	case s == "":
		p.Add(field, "is required (letters or digits in the name make one)")
	case len(s) > 60 || !slugRE.MatchString(s):
		p.Add(field, "must be up to 60 lower-case letters or digits in words joined by single dashes, such as infrastructure-as-code")
	case slices.Contains(reservedSlugs, s):
		p.Add(field, `"`+s+`" is reserved; choose another`)
	}
}

func validateText(p Problems, field, s string, minLen, maxLen int) {
	n := utf8.RuneCountInString(s)
	switch {
	case minLen > 0 && strings.TrimSpace(s) == "":
		p.Add(field, "is required")
	case n < minLen:
		p.Add(field, "must be at least "+strconv.Itoa(minLen)+" characters")
	case n > maxLen:
		p.Add(field, "must be at most "+strconv.Itoa(maxLen)+" characters")
	case !utf8.ValidString(s):
		p.Add(field, "must be valid UTF-8 text")
	}
}

var tagRE = regexp.MustCompile(`^[\p{L}\p{N}][\p{L}\p{N} .+#/_-]*$`)

// normalizeTags lower-cases, trims and de-duplicates tags, keeping their order.
func normalizeTags(p Problems, field string, tags []string) []string {
	out := make([]string, 0, len(tags))
	for _, t := range tags {
		t = strings.ToLower(strings.Join(strings.Fields(t), " "))
		switch {
		case t == "" || slices.Contains(out, t):
			continue
		case utf8.RuneCountInString(t) > 40 || !tagRE.MatchString(t):
			p.Add(field, `"`+t+`" is not a tag: use up to 40 letters, digits, spaces or . + # / _ -`)
		}
		out = append(out, t)
	}
	if len(out) > 20 {
		p.Add(field, "at most 20 tags")
	}
	return out
}

func validateVisibility(p Problems, field string, v Visibility) {
	if !slices.Contains([]Visibility{VisibilityPublic, VisibilitySignedIn, VisibilityMembers}, v) {
		p.Add(field, `must be "public", "signed-in" or "members"`)
	}
}

func validateChannel(p Problems, field string, c *Channel) {
	c.Name = strings.TrimSpace(c.Name)
	c.URL = strings.TrimSpace(c.URL)
	if utf8.RuneCountInString(c.Name) > 80 {
		p.Add(field+".name", "must be at most 80 characters")
	}
	if c.URL != "" {
		if c.Name == "" {
			p.Add(field+".name", "is required when the channel has a link")
		}
		validateURL(p, field+".url", c.URL)
	}
}

func validateCadence(p Problems, field string, c *Cadence) *Cadence {
	if c == nil || c.RRule == "" && c.Timezone == "" {
		return nil
	}
	parsed, err := cadence.Parse(c.RRule, c.Timezone, c.DurationMinutes)
	if err != nil {
		if fe, ok := err.(*cadence.FieldError); ok {
			p.Add(field+"."+fe.Field, fe.Message)
		} else {
			p.Add(field, err.Error())
		}
		return c
	}
	return &Cadence{RRule: parsed.RRule, Timezone: parsed.Timezone, DurationMinutes: parsed.DurationMinutes, Description: parsed.Describe()}
}

func validateLinks(p Problems, field string, links []Link) {
	if len(links) > 30 {
		p.Add(field, "at most 30 links")
	}
	for i := range links {
		l := &links[i]
		l.Title, l.URL = strings.TrimSpace(l.Title), strings.TrimSpace(l.URL)
		f := field + "[" + strconv.Itoa(i) + "]"
		validateText(p, f+".title", l.Title, 1, 120)
		validateURL(p, f+".url", l.URL)
	}
}

func validateURL(p Problems, field, s string) {
	u, err := url.Parse(s)
	switch {
	case s == "":
		p.Add(field, "is required")
	case len(s) > 2000:
		p.Add(field, "must be at most 2000 characters")
	case err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "":
		p.Add(field, "must be a full http:// or https:// address")
	}
}

// Describe fills in the cadence's description in words (it is derived, not stored).
func (c *Cadence) Describe() {
	if c == nil {
		return
	}
	if parsed, err := cadence.Parse(c.RRule, c.Timezone, c.DurationMinutes); err == nil {
		c.Description = parsed.Describe()
	}
}
