package copse

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Seed 001's rule for delivery teams: every team must have a Product Owner and a
// Technical Steward, both employees ("there are exceptions, however experience has
// taught us the life of your products will suffer without staff being held
// responsible"); it should have a Scrum Master and a DevOps Specialist.

// Team role keys. Other roles (Developer, Designer, …) are kept by their name.
const (
	TeamProductOwner     = "product-owner"
	TeamTechnicalSteward = "technical-steward"
	TeamScrumMaster      = "scrum-master"
	TeamDevOpsSpecialist = "devops-specialist"
)

var teamRoleNames = map[string]string{
	TeamProductOwner: "Product Owner", TeamTechnicalSteward: "Technical Steward",
	TeamScrumMaster: "Scrum Master", TeamDevOpsSpecialist: "DevOps Specialist",
}

// RequiredTeamRoles must be held, by an employee; RecommendedTeamRoles should be.
var (
	RequiredTeamRoles    = []string{TeamProductOwner, TeamTechnicalSteward}
	RecommendedTeamRoles = []string{TeamScrumMaster, TeamDevOpsSpecialist}
)

// TeamRoleName is a role as people read it.
func TeamRoleName(role string) string {
	if n, ok := teamRoleNames[role]; ok {
		return n
	}
	return role
}

// normalizeTeamRole turns "Product Owner", "product_owner" or "PO" into its key, and
// any other role into its trimmed name.
func normalizeTeamRole(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	k := strings.ToLower(strings.NewReplacer(" ", "-", "_", "-").Replace(s))
	if _, ok := teamRoleNames[k]; ok {
		return k
	}
	switch k {
	case "po":
		return TeamProductOwner
	case "ts":
		return TeamTechnicalSteward
	case "sm":
		return TeamScrumMaster
	case "devops":
		return TeamDevOpsSpecialist
	}
	return s
}

// Compliance is a team's verdict under the rule.
const (
	ComplianceOK      = "ok"
	ComplianceWarning = "warning"
	ComplianceError   = "error"
)

// Team is a delivery team with its people in their roles.
type Team struct {
	Slug        string          `json:"slug"`
	Name        string          `json:"name"`
	Description string          `json:"description"`
	Community   *CommunityRef   `json:"community"`
	Roles       []TeamMember    `json:"roles"`
	Compliance  string          `json:"compliance"`
	Findings    []TeamFinding   `json:"findings"`
	Exceptions  []TeamException `json:"exceptions"`
	CreatedAt   time.Time       `json:"created_at"`
	UpdatedAt   time.Time       `json:"updated_at"`

	ID        int64 `json:"-"`
	CreatedBy int64 `json:"-"`
}

// TeamMember is a person in one role of a team.
type TeamMember struct {
	Handle     string     `json:"handle"`
	Name       string     `json:"name"`
	Role       string     `json:"role"`      // a key such as product-owner, or another role's name
	RoleName   string     `json:"role_name"` // in words
	Employment Employment `json:"employment"`

	UserID int64 `json:"-"`
}

// TeamFinding is what the rule says of a team: an error (a required role missing or
// held by a non-employee) or a warning; excepted when an exception was recorded.
type TeamFinding struct {
	Rule     string `json:"rule"` // product-owner.missing, technical-steward.employee, …
	Level    string `json:"level"`
	Message  string `json:"message"`
	Excepted bool   `json:"excepted"`
}

// TeamException is a recorded exception to one finding of the rule.
type TeamException struct {
	Rule      string    `json:"rule"`
	Reason    string    `json:"reason"`
	By        string    `json:"by"`
	CreatedAt time.Time `json:"created_at"`
}

// CheckTeam applies the rule to a team's people and exceptions, and returns its
// findings, errors first, and its compliance.
func CheckTeam(roles []TeamMember, exceptions []TeamException) ([]TeamFinding, string) {
	excepted := map[string]bool{}
	for _, e := range exceptions {
		excepted[e.Rule] = true
	}
	var out []TeamFinding
	add := func(rule, level, msg string) {
		out = append(out, TeamFinding{Rule: rule, Level: level, Message: msg, Excepted: excepted[rule]})
	}
	for _, role := range RequiredTeamRoles {
		name := TeamRoleName(role)
		var holders, unknown []string
		employee := false
		for _, m := range roles {
			if m.Role != role {
				continue
			}
			holders = append(holders, m.displayName()+" ("+employmentWords(m.Employment)+")")
			employee = employee || m.Employment == EmploymentEmployee
			if m.Employment == "" {
				unknown = append(unknown, m.displayName())
			}
		}
		switch {
		case len(holders) == 0:
			add(role+".missing", ComplianceError, "The team has no "+name+": every team must have one.")
		case !employee && len(unknown) > 0:
			add(role+".unknown", ComplianceWarning, fmt.Sprintf("The %s, %s, has not said whether they are an employee; the %s should be one.",
				name, strings.Join(unknown, " and "), name))
		case !employee:
			add(role+".employee", ComplianceError, fmt.Sprintf("The %s should be an employee, but %s %s not.",
				name, strings.Join(holders, " and "), map[bool]string{true: "is", false: "are"}[len(holders) == 1]))
		}
	}
	for _, role := range RecommendedTeamRoles {
		if !slices.ContainsFunc(roles, func(m TeamMember) bool { return m.Role == role }) {
			add(role+".missing", ComplianceWarning, "The team has no "+TeamRoleName(role)+": not strictly required, but teams without one have a bad time.")
		}
	}
	slices.SortStableFunc(out, func(a, b TeamFinding) int {
		return strings.Compare(levelOrder(a.Level), levelOrder(b.Level))
	})
	compliance := ComplianceOK
	for _, f := range out {
		switch {
		case f.Excepted:
		case f.Level == ComplianceError:
			compliance = ComplianceError
		case compliance == ComplianceOK:
			compliance = ComplianceWarning
		}
	}
	return out, compliance
}

func levelOrder(level string) string {
	if level == ComplianceError {
		return "0"
	}
	return "1"
}

func (m TeamMember) displayName() string {
	if m.Name != "" {
		return m.Name
	}
	return m.Handle
}

func employmentWords(e Employment) string {
	if e == "" {
		return "employment not said"
	}
	return "a " + string(e)
}

// TeamRules lists the rule keys an exception may name.
func TeamRules() []string {
	var out []string
	for _, r := range RequiredTeamRoles {
		out = append(out, r+".missing", r+".employee", r+".unknown")
	}
	for _, r := range RecommendedTeamRoles {
		out = append(out, r+".missing")
	}
	return out
}

// TeamRoleInput is a person in a role, as a form or the API gives it.
type TeamRoleInput struct {
	Handle string `json:"handle"`
	Role   string `json:"role"`
}

// maxTeamRoles bounds the people-and-roles of one team.
const maxTeamRoles = 60

// NewTeam is what creating a team takes. A team without a Product Owner is saved,
// with the error shown on it: a team forms before everyone is named.
type NewTeam struct {
	Name        string
	Slug        string
	Description string
	Community   string // a slug, or ""
	Roles       []TeamRoleInput
}

// Validate normalises the team and reports every bad field.
func (n *NewTeam) Validate() error {
	p := Problems{}
	n.Name = strings.TrimSpace(n.Name)
	validateText(p, "name", n.Name, 2, 80)
	n.Slug = strings.TrimSpace(n.Slug)
	if n.Slug == "" && n.Name != "" {
		n.Slug = Slugify(n.Name)
	}
	validateSlug(p, "slug", n.Slug)
	validateText(p, "description", n.Description, 0, 5000)
	n.Community = strings.ToLower(strings.TrimSpace(n.Community))
	n.Roles = validateTeamRoles(p, n.Roles)
	return p.Err()
}

// TeamUpdate holds the fields a PATCH changes; nil means unchanged. Roles replaces
// every role.
type TeamUpdate struct {
	Name        *string
	Description *string
	Community   *string // "" detaches the team from its community
	Roles       *[]TeamRoleInput
}

// Validate normalises the changed fields and reports every bad one.
func (u *TeamUpdate) Validate() error {
	p := Problems{}
	if u.Name != nil {
		*u.Name = strings.TrimSpace(*u.Name)
		validateText(p, "name", *u.Name, 2, 80)
	}
	if u.Description != nil {
		validateText(p, "description", *u.Description, 0, 5000)
	}
	if u.Community != nil {
		*u.Community = strings.ToLower(strings.TrimSpace(*u.Community))
	}
	if u.Roles != nil {
		*u.Roles = validateTeamRoles(p, *u.Roles)
	}
	return p.Err()
}

func validateTeamRoles(p Problems, in []TeamRoleInput) []TeamRoleInput {
	if len(in) > maxTeamRoles {
		p.Add("roles", "at most "+strconv.Itoa(maxTeamRoles)+" people and roles")
	}
	out := make([]TeamRoleInput, 0, len(in))
	for i, r := range in {
		f := "roles[" + strconv.Itoa(i) + "]"
		r.Handle = NormalizeHandle(r.Handle)
		r.Role = normalizeTeamRole(r.Role)
		switch {
		case r.Handle == "":
			p.Add(f+".handle", "is required: the handle of the person in this role")
		case !handleRE.MatchString(r.Handle):
			p.Add(f+".handle", "is not a handle; handles are lower-case letters, digits, dots, dashes or underscores")
		}
		switch n := utf8.RuneCountInString(r.Role); {
		case n == 0:
			p.Add(f+".role", "is required: Product Owner, Technical Steward, Scrum Master, DevOps Specialist, or another role's name")
		case n < 2 || n > 40:
			p.Add(f+".role", "must be 2 to 40 characters")
		}
		if slices.Contains(out, r) {
			continue // the same person named twice in the same role is one
		}
		out = append(out, r)
	}
	return out
}

// NewTeamException is what recording an exception takes.
type NewTeamException struct {
	Rule   string
	Reason string
}

// Validate checks the exception.
func (n *NewTeamException) Validate() error {
	p := Problems{}
	n.Rule = strings.TrimSpace(n.Rule)
	if !slices.Contains(TeamRules(), n.Rule) {
		p.Add("rule", "must be one of "+strings.Join(TeamRules(), ", "))
	}
	n.Reason = strings.TrimSpace(n.Reason)
	validateText(p, "reason", n.Reason, 10, 1000)
	return p.Err()
}

// TeamFilter narrows the list of teams.
type TeamFilter struct {
	Compliance string // "", "error", "warning" or "attention" (error or warning)
	Member     string // a handle: the teams this person is in
	Limit      int
	Cursor     string
}

// Validate checks the filter.
func (f *TeamFilter) Validate() error {
	if f.Compliance != "" && !slices.Contains([]string{ComplianceOK, ComplianceWarning, ComplianceError, "attention"}, f.Compliance) {
		return &Error{Code: EINVALID, Message: "Some fields need attention.", Fields: map[string]string{
			"compliance": `must be "ok", "warning", "error" or "attention" (errors and warnings)`}}
	}
	return nil
}
