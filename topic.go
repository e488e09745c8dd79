package copse

import (
	"slices"
	"strconv"
	"strings"
	"time"
)

// Stage is a topic's column on its community's board (seed 003: "we move those topics
// through different stages depending on if they need an action taken or not").
type Stage string

const (
	StageProposed  Stage = "proposed"  // added by a member, gathering votes
	StagePlanned   Stage = "planned"   // the core team wants it on a coming agenda
	StageDiscussed Stage = "discussed" // talked about at a meeting
	StageAction    Stage = "action"    // needs someone to do something; has an owner
	StageDone      Stage = "done"      // the action is done, or nothing more is needed
	StageDeclined  Stage = "declined"  // not for this community, with thanks
)

// Stages lists every stage in board order.
var Stages = []Stage{StageProposed, StagePlanned, StageDiscussed, StageAction, StageDone, StageDeclined}

// Valid reports whether s is one of the six stages.
func (s Stage) Valid() bool { return slices.Contains(Stages, s) }

// Open reports whether people may still vote on a topic in this stage: votes choose
// what is discussed next, so they stop counting once it has been.
func (s Stage) Open() bool { return s == StageProposed || s == StagePlanned }

// stageChoices is the message for a stage that does not exist.
const stageChoices = `must be one of "proposed", "planned", "discussed", "action", "done" or "declined"`

// Topic is an item on a community's board.
type Topic struct {
	ID        int64     `json:"id"`
	Community string    `json:"community"` // the community's slug
	Title     string    `json:"title"`
	Body      string    `json:"body"` // Markdown
	Category  string    `json:"category"`
	Stage     Stage     `json:"stage"`
	Votes     int       `json:"votes"`
	Voted     bool      `json:"voted"` // whether the caller has voted for it
	Proposer  string    `json:"proposer"`
	Owner     string    `json:"owner"`      // who carries an action; "" when nobody does
	MeetingID *int64    `json:"meeting_id"` // the meeting it was discussed at, if any
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`

	ProposerName string `json:"-"`
	ProposerID   int64  `json:"-"`
}

// Category is a kind of topic a community's facilitators define for its board.
type Category struct {
	Name        string `json:"name"`
	Description string `json:"description"`
}

// DefaultCategories are a new board's categories: the three kinds of topic that seed
// 004's cloud community found uniquely interesting.
var DefaultCategories = []Category{
	{"Cross-organisation analysis", "Analysis and proposals with views and contributions from several organisations"},
	{"An organisation's journey", "How one organisation got where it is, which others could not otherwise hear"},
	{"Technical development", "A specific technical development with wider applicability than it has visibility"},
}

// Board limits.
const (
	maxCategories  = 12
	maxTopicTitle  = 160
	maxTopicBody   = 20000
	maxCategoryLen = 60
)

// ValidateCategories normalises a board's categories and reports every bad one.
func ValidateCategories(cs []Category) ([]Category, error) {
	p := Problems{}
	out := make([]Category, 0, len(cs))
	var names []string
	for i, c := range cs {
		f := "categories[" + strconv.Itoa(i) + "]"
		c.Name = strings.Join(strings.Fields(c.Name), " ")
		c.Description = strings.TrimSpace(c.Description)
		if c.Name == "" && c.Description == "" {
			continue // an empty row of the form
		}
		validateText(p, f+".name", c.Name, 1, maxCategoryLen)
		validateText(p, f+".description", c.Description, 0, 200)
		if slices.ContainsFunc(names, func(n string) bool { return strings.EqualFold(n, c.Name) }) {
			p.Add(f+".name", `"`+c.Name+`" is listed twice`)
		}
		names = append(names, c.Name)
		out = append(out, c)
	}
	if len(out) > maxCategories {
		p.Add("categories", "at most "+strconv.Itoa(maxCategories)+" categories")
	}
	return out, p.Err()
}

// NewTopic is what proposing a topic takes.
type NewTopic struct {
	Title    string
	Body     string
	Category string
}

// Validate normalises the topic and reports every bad field; categories are the
// board's, and a topic's category must be one of them.
func (n *NewTopic) Validate(categories []Category) error {
	p := Problems{}
	n.Title = strings.Join(strings.Fields(n.Title), " ")
	validateText(p, "title", n.Title, 3, maxTopicTitle)
	validateText(p, "body", n.Body, 0, maxTopicBody)
	n.Category = validateCategory(p, "category", n.Category, categories)
	return p.Err()
}

// TopicUpdate holds the fields a PATCH changes; nil means unchanged.
type TopicUpdate struct {
	Title     *string
	Body      *string
	Category  *string
	Stage     *Stage
	Owner     *string // a handle; "" clears it
	MeetingID **int64 // set to a nil *int64 to unlink the meeting
}

// Moves reports whether the update changes what only the core team decides: the
// stage, the owner of an action, the meeting a topic belongs to.
func (u *TopicUpdate) Moves() bool { return u.Stage != nil || u.Owner != nil || u.MeetingID != nil }

// Edits reports whether the update changes the topic's own words.
func (u *TopicUpdate) Edits() bool { return u.Title != nil || u.Body != nil || u.Category != nil }

// Validate normalises the changed fields and reports every bad one.
func (u *TopicUpdate) Validate(categories []Category) error {
	p := Problems{}
	if u.Title != nil {
		*u.Title = strings.Join(strings.Fields(*u.Title), " ")
		validateText(p, "title", *u.Title, 3, maxTopicTitle)
	}
	if u.Body != nil {
		validateText(p, "body", *u.Body, 0, maxTopicBody)
	}
	if u.Category != nil {
		*u.Category = validateCategory(p, "category", *u.Category, categories)
	}
	if u.Stage != nil && !u.Stage.Valid() {
		p.Add("stage", stageChoices)
	}
	if u.Owner != nil {
		*u.Owner = NormalizeHandle(*u.Owner)
	}
	return p.Err()
}

// validateCategory accepts one of the board's categories, whatever its case, and
// returns it as the board spells it.
func validateCategory(p Problems, field, name string, categories []Category) string {
	name = strings.Join(strings.Fields(name), " ")
	if name == "" {
		return ""
	}
	for _, c := range categories {
		if strings.EqualFold(c.Name, name) {
			return c.Name
		}
	}
	if len(categories) == 0 {
		p.Add(field, "must be empty: this board has no categories")
		return name
	}
	names := make([]string, len(categories))
	for i, c := range categories {
		names[i] = `"` + c.Name + `"`
	}
	p.Add(field, "must be one of "+strings.Join(names, ", ")+", or empty")
	return name
}

// ValidStage checks a stage given as a filter.
func ValidStage(s Stage) error {
	if s == "" || s.Valid() {
		return nil
	}
	return &Error{Code: EINVALID, Message: "Some fields need attention.", Fields: map[string]string{"stage": stageChoices}}
}

// TopicFilter narrows a board.
type TopicFilter struct {
	Stage  Stage
	Limit  int
	Cursor string
}

// Board rules. Who may do what with topics (seed 003, and CONTRACT.md's "propose
// (members and up)"):
//   - facilitators, core members and members propose and vote, one vote each;
//     contributors and people outside the community read;
//   - a proposer edits the words of their own topic;
//   - the core team and the facilitators move topics between stages, decline them,
//     give an action its owner and link a topic to a meeting; facilitators (and
//     admins) also edit any topic's words;
//   - facilitators define the board's categories;
//   - nothing changes in an archived community.

// takesPart reports whether the viewer proposes and votes: members and up, and admins.
func (v Viewer) takesPart() bool {
	return v.Role == RoleFacilitator || v.Role == RoleCore || v.Role == RoleMember || v.admin()
}

// core reports whether the viewer plans with the facilitators.
func (v Viewer) core() bool { return v.Role == RoleCore || v.facilitator() }

// CanPropose reports whether the viewer may add topics and vote.
func (v Viewer) CanPropose() bool { return v.takesPart() }

// CanMoveTopics reports whether the viewer may move topics between stages.
func (v Viewer) CanMoveTopics() bool { return v.core() }

// CanEditTopic reports whether the viewer may change the words of the topic.
func (v Viewer) CanEditTopic(t *Topic) bool {
	return v.facilitator() || v.User != nil && t.ProposerID == v.User.ID && v.takesPart()
}

// AuthorizePropose checks that the viewer may propose a topic or vote in c.
func (v Viewer) AuthorizePropose(c *Community, what string) error {
	if v.User == nil {
		return v.denied("")
	}
	if !v.takesPart() {
		return v.denied("Only members of %s %s; join it first.", c.Name, what)
	}
	return Writable(c)
}

// AuthorizeTopicUpdate checks that the viewer may make the change to the topic.
func (v Viewer) AuthorizeTopicUpdate(c *Community, t *Topic, u *TopicUpdate) error {
	if v.User == nil {
		return v.denied("")
	}
	if u.Moves() && !v.CanMoveTopics() {
		return v.denied("Only the core team and the facilitators of %s move topics between stages.", c.Name)
	}
	if u.Edits() && !v.CanEditTopic(t) {
		return v.denied("Only the person who proposed this topic, or a facilitator of %s, can change its words.", c.Name)
	}
	return Writable(c)
}

// AuthorizeCategories checks that the viewer may define the board's categories.
func (v Viewer) AuthorizeCategories(c *Community) error {
	if !v.facilitator() {
		return v.denied("Only a facilitator of %s defines its board's categories.", c.Name)
	}
	return Writable(c)
}
