package copse

import (
	"slices"
	"strconv"
	"strings"
	"time"
)

// Urgency is what is happening to the person asking (seed 001's support model):
// a non-urgent question for the community, an urgent production issue, or a
// suspected outage of the platform itself.
type Urgency string

const (
	UrgencyHowTo  Urgency = "how-to" // non-urgent: the community's #devops-how-to
	UrgencySOS    Urgency = "sos"    // an urgent production issue: #devops-sos
	UrgencyOutage Urgency = "outage" // a suspected platform outage: the status page first
)

// Urgencies lists every urgency, least urgent first, as the ask page offers them.
var Urgencies = []Urgency{UrgencyHowTo, UrgencySOS, UrgencyOutage}

// Valid reports whether u is one of the three urgencies.
func (u Urgency) Valid() bool { return slices.Contains(Urgencies, u) }

const urgencyChoices = `must be "how-to" (a question for the community), "sos" (an urgent production issue) or "outage" (a suspected platform outage)`

// QuestionStatus is where a question is: open until an answer is accepted, then
// answered; closed or a duplicate once nobody should answer it any more.
type QuestionStatus string

const (
	QuestionOpen      QuestionStatus = "open"
	QuestionAnswered  QuestionStatus = "answered" // an answer is accepted
	QuestionClosed    QuestionStatus = "closed"
	QuestionDuplicate QuestionStatus = "duplicate" // asked before: see DuplicateOf
)

// QuestionStatuses lists every status.
var QuestionStatuses = []QuestionStatus{QuestionOpen, QuestionAnswered, QuestionClosed, QuestionDuplicate}

// Takes reports whether a question in this status takes new answers.
func (s QuestionStatus) Takes() bool { return s == QuestionOpen || s == QuestionAnswered }

// Who gave a question its first answer: seed 000's promise is that a strong community
// "provides an answer before the platform team can".
const (
	ByCommunity = "community"
	ByPlatform  = "platform"
)

// Question is a request for help.
type Question struct {
	ID               int64          `json:"id"`
	Title            string         `json:"title"`
	Body             string         `json:"body"` // Markdown
	Urgency          Urgency        `json:"urgency"`
	Urgent           bool           `json:"urgent"` // routed to the urgent channel or the platform team
	Status           QuestionStatus `json:"status"`
	Author           string         `json:"author"` // handle
	AuthorName       string         `json:"author_name"`
	Community        *CommunityRef  `json:"community"` // nil: asked site-wide
	Visibility       Visibility     `json:"visibility"`
	Tags             []string       `json:"tags"`
	Answers          []*Answer      `json:"answers"` // best first
	AnswerCount      int            `json:"answer_count"`
	AcceptedAnswerID *int64         `json:"accepted_answer_id"`
	DuplicateOf      *int64         `json:"duplicate_of"`
	Score            int            `json:"score"` // kept from an import; copse votes on answers
	FirstAnsweredAt  *time.Time     `json:"first_answered_at"`
	FirstAnswerBy    string         `json:"first_answer_by"` // ByCommunity, ByPlatform, or "" while unanswered
	EscalatedAt      *time.Time     `json:"escalated_at"`
	Attribution      *Attribution   `json:"attribution"` // where an imported question came from
	CreatedAt        time.Time      `json:"created_at"`
	UpdatedAt        time.Time      `json:"updated_at"`
	EditedAt         *time.Time     `json:"edited_at"`

	AuthorID int64 `json:"-"`
}

// Answer is an answer to a question.
type Answer struct {
	ID           int64        `json:"id"`
	QuestionID   int64        `json:"question_id"`
	Body         string       `json:"body"` // Markdown
	Author       string       `json:"author"`
	AuthorName   string       `json:"author_name"`
	Score        int          `json:"score"`
	Vote         int          `json:"vote"` // the caller's vote: 1, -1 or 0
	Accepted     bool         `json:"accepted"`
	PlatformTeam bool         `json:"platform_team"` // written by platform staff
	Attribution  *Attribution `json:"attribution"`
	CreatedAt    time.Time    `json:"created_at"`
	UpdatedAt    time.Time    `json:"updated_at"`
	EditedAt     *time.Time   `json:"edited_at"`

	AuthorID int64 `json:"-"`
}

// Attribution is what an imported post's licence asks to keep: where it was first
// published and by whom (Stack Exchange's CC BY-SA).
type Attribution struct {
	Source    string `json:"source"` // "Stack Exchange"
	URL       string `json:"url"`    // the original post
	Author    string `json:"author"`
	AuthorURL string `json:"author_url"`
	License   string `json:"license"` // "CC BY-SA 3.0"
}

// Revision is an earlier version of a question or an answer, kept when it is edited.
type Revision struct {
	ID        int64     `json:"id"`
	AnswerID  *int64    `json:"answer_id"` // nil for the question itself
	Title     string    `json:"title"`
	Body      string    `json:"body"`
	Tags      []string  `json:"tags"`
	Editor    string    `json:"editor"` // who made the change that replaced this version
	CreatedAt time.Time `json:"created_at"`
}

// Question limits.
const (
	maxQuestionTitle = 200
	maxQuestionBody  = 30000
	maxQuestionTags  = 8
)

// NewQuestion is what asking takes.
type NewQuestion struct {
	Title      string
	Body       string
	Urgency    Urgency
	Community  string // a slug; "" to ask site-wide
	Tags       []string
	Visibility Visibility
}

// Validate normalises the question and reports every bad field.
func (n *NewQuestion) Validate() error {
	p := Problems{}
	n.Title = oneLine(n.Title)
	validateText(p, "title", n.Title, 10, maxQuestionTitle)
	n.Body = strings.TrimSpace(n.Body)
	validateText(p, "body", n.Body, 1, maxQuestionBody)
	if !n.Urgency.Valid() {
		p.Add("urgency", urgencyChoices)
	}
	n.Community = strings.ToLower(strings.TrimSpace(n.Community))
	n.Tags = questionTags(p, n.Tags)
	if n.Visibility == "" {
		n.Visibility = VisibilityPublic
	}
	validateVisibility(p, "visibility", n.Visibility)
	if n.Visibility == VisibilityMembers && n.Community == "" {
		p.Add("visibility", `"members" needs a community whose members may read it`)
	}
	return p.Err()
}

func questionTags(p Problems, tags []string) []string {
	tags = normalizeResourceTags(p, "tags", tags)
	if len(tags) > maxQuestionTags {
		p.Add("tags", "at most "+strconv.Itoa(maxQuestionTags)+" tags")
	}
	return tags
}

// QuestionUpdate holds the fields a PATCH changes; nil means unchanged.
type QuestionUpdate struct {
	Title       *string
	Body        *string
	Tags        *[]string
	Urgency     *Urgency
	Status      *QuestionStatus // "closed" closes, "open" reopens
	DuplicateOf **int64         // another question's id marks it a duplicate; nil reopens it
}

// Edits reports whether the update changes the question's words, which are kept
// in its history.
func (u *QuestionUpdate) Edits() bool { return u.Title != nil || u.Body != nil || u.Tags != nil }

// Moderates reports whether it closes, reopens, re-routes or marks a duplicate.
func (u *QuestionUpdate) Moderates() bool {
	return u.Status != nil || u.DuplicateOf != nil || u.Urgency != nil
}

// Validate normalises the changed fields and reports every bad one.
func (u *QuestionUpdate) Validate() error {
	p := Problems{}
	if u.Title != nil {
		*u.Title = oneLine(*u.Title)
		validateText(p, "title", *u.Title, 10, maxQuestionTitle)
	}
	if u.Body != nil {
		*u.Body = strings.TrimSpace(*u.Body)
		validateText(p, "body", *u.Body, 1, maxQuestionBody)
	}
	if u.Tags != nil {
		*u.Tags = questionTags(p, *u.Tags)
	}
	if u.Urgency != nil && !u.Urgency.Valid() {
		p.Add("urgency", urgencyChoices)
	}
	if u.Status != nil && *u.Status != QuestionClosed && *u.Status != QuestionOpen {
		p.Add("status", `can be set to "closed", or to "open" to reopen; answered follows from an accepted answer and duplicate from duplicate_of`)
	}
	if u.Status != nil && u.DuplicateOf != nil {
		p.Add("status", "cannot change with duplicate_of in the same request")
	}
	if u.DuplicateOf != nil && *u.DuplicateOf != nil && **u.DuplicateOf < 1 {
		p.Add("duplicate_of", "must be the number of another question")
	}
	return p.Err()
}

// ValidateAnswer checks an answer's body.
func ValidateAnswer(body string) (string, error) {
	p := Problems{}
	body = strings.TrimSpace(body)
	validateText(p, "body", body, 1, maxQuestionBody)
	return body, p.Err()
}

// ValidateVote checks a vote on an answer: up (1) or down (-1).
func ValidateVote(value int) error {
	if value == 1 || value == -1 {
		return nil
	}
	return &Error{Code: EINVALID, Message: "Some fields need attention.",
		Fields: map[string]string{"value": "must be 1 (useful) or -1 (not useful)"}}
}

// QuestionSort orders a list of questions.
type QuestionSort string

const (
	SortNewest QuestionSort = "newest" // most recently asked first (the default)
	SortAsked  QuestionSort = "oldest" // oldest first: the unanswered queue's order
)

// QuestionFilter narrows a list of questions.
type QuestionFilter struct {
	Community  string // a slug; SiteWide for questions of no community
	Urgency    Urgency
	Status     QuestionStatus
	Tag        string
	Author     string // a handle
	Unanswered bool   // no answer yet, and still open
	Sort       QuestionSort
	Answers    bool // load each question's answers too (the API's question objects)
	Limit      int
	Cursor     string
}

// Validate checks the filter's fields.
func (f *QuestionFilter) Validate() error {
	p := Problems{}
	if f.Urgency != "" && !f.Urgency.Valid() {
		p.Add("urgency", urgencyChoices)
	}
	if f.Status != "" && !slices.Contains(QuestionStatuses, f.Status) {
		p.Add("status", `must be "open", "answered", "closed" or "duplicate"`)
	}
	if f.Sort == "" {
		f.Sort = SortNewest
	}
	if f.Sort != SortNewest && f.Sort != SortAsked {
		p.Add("sort", `must be "newest" or "oldest"`)
	}
	f.Tag = strings.ToLower(oneLine(f.Tag))
	f.Author = NormalizeHandle(f.Author)
	return p.Err()
}

// HelpViewer is a Viewer of a question: the person, their role in the question's
// community ("" for a site-wide question) and whether they are platform staff,
// the people who run the platform and whom urgent help routes to.
type HelpViewer struct {
	Viewer
	PlatformStaff bool
}

// Help desk rules. Who may do what with questions (seed 001: "your first stop for
// help should always be the community"):
//   - anyone signed in asks, site-wide or in any community they can see, and
//     answers any question they can read that is still open;
//   - the asker, the community's facilitators and core team, platform staff and
//     admins moderate: accept an answer, close, reopen, re-route, mark a duplicate;
//   - an author edits their own words, and moderators anyone's; earlier versions
//     are kept;
//   - anyone signed in votes on other people's answers, once each;
//   - nothing changes in an archived community.

func (v HelpViewer) owns(authorID int64) bool {
	return v.User != nil && authorID != 0 && authorID == v.User.ID
}

// CanModerate reports whether the viewer may accept, close, re-route or mark q.
func (v HelpViewer) CanModerate(q *Question) bool {
	if v.User == nil {
		return false
	}
	return v.owns(q.AuthorID) || v.admin() || v.PlatformStaff || q.Community != nil && v.core()
}

// CanEditQuestion reports whether the viewer may change q's words.
func (v HelpViewer) CanEditQuestion(q *Question) bool { return v.CanModerate(q) }

// CanEditAnswer reports whether the viewer may change a's words.
func (v HelpViewer) CanEditAnswer(q *Question, a *Answer) bool {
	return v.owns(a.AuthorID) || v.User != nil && (v.admin() || v.PlatformStaff || q.Community != nil && v.core())
}

// CanAnswer reports whether the viewer may answer q now.
func (v HelpViewer) CanAnswer(q *Question) bool { return v.User != nil && q.Status.Takes() }

// AuthorizeAsk checks that the viewer may ask in c (nil: site-wide).
func (v HelpViewer) AuthorizeAsk(c *Community) error {
	if v.User == nil {
		return v.denied("")
	}
	if c != nil {
		return Writable(c)
	}
	return nil
}

// AuthorizeAnswer checks that the viewer may answer q, which belongs to c (nil
// when site-wide).
func (v HelpViewer) AuthorizeAnswer(q *Question, c *Community) error {
	if v.User == nil {
		return v.denied("")
	}
	if err := writableHelp(c); err != nil {
		return err
	}
	switch q.Status {
	case QuestionClosed:
		return Errorf(ECONFLICT, "This question is closed and takes no more answers; a moderator can reopen it.")
	case QuestionDuplicate:
		return Errorf(ECONFLICT, "This question was asked before: answer question %d instead.", deref(q.DuplicateOf))
	}
	return nil
}

// AuthorizeAccept checks that the viewer may accept an answer to q.
func (v HelpViewer) AuthorizeAccept(q *Question, c *Community) error {
	if !v.CanModerate(q) {
		return v.denied("Only the person who asked, the facilitators of its community, platform staff or an admin accept an answer.")
	}
	if err := writableHelp(c); err != nil {
		return err
	}
	if !q.Status.Takes() {
		return Errorf(ECONFLICT, "This question is %s; reopen it before accepting an answer.", q.Status)
	}
	return nil
}

// AuthorizeQuestionUpdate checks that the viewer may make the change to q.
func (v HelpViewer) AuthorizeQuestionUpdate(q *Question, c *Community, u *QuestionUpdate) error {
	if (u.Edits() || u.Moderates()) && !v.CanModerate(q) {
		return v.denied("Only the person who asked, the facilitators and core team of its community, platform staff or an admin change a question.")
	}
	return writableHelp(c)
}

// AuthorizeAnswerEdit checks that the viewer may change a's words.
func (v HelpViewer) AuthorizeAnswerEdit(q *Question, a *Answer, c *Community) error {
	if !v.CanEditAnswer(q, a) {
		return v.denied("Only whoever wrote this answer, the facilitators of its community, platform staff or an admin change it.")
	}
	return writableHelp(c)
}

// AuthorizeVote checks that the viewer may vote on a.
func (v HelpViewer) AuthorizeVote(a *Answer, c *Community) error {
	if v.User == nil {
		return v.denied("")
	}
	if v.owns(a.AuthorID) {
		return v.denied("You cannot vote on your own answer.")
	}
	return writableHelp(c)
}

func writableHelp(c *Community) error {
	if c == nil {
		return nil
	}
	return Writable(c)
}

func deref(p *int64) int64 {
	if p == nil {
		return 0
	}
	return *p
}

// CleanTags normalises tags brought from elsewhere, dropping any that copse would
// refuse rather than refusing the question, and keeps the first few.
func CleanTags(tags []string) []string {
	out := []string{}
	for _, t := range tags {
		p := Problems{}
		n := normalizeResourceTags(p, "tags", []string{t})
		if len(p) == 0 && len(n) == 1 && !slices.Contains(out, n[0]) && len(out) < maxQuestionTags {
			out = append(out, n[0])
		}
	}
	return out
}
