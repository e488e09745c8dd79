package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/copse-dev/copse"
)

// questionSelect reads questions with their author and community, and the viewer's
// role in that community; its first parameter is the viewer's user id (0 when
// anonymous).
const questionSelect = `SELECT q.id, q.title, q.body, q.urgency, q.routed_to, q.status, q.visibility,
	coalesce(q.author_id, 0), coalesce(u.handle, ''), coalesce(u.name, ''), q.accepted_answer_id, q.duplicate_of,
	q.score, q.answer_count, q.first_answered_at, coalesce(q.first_answer_by, ''), q.escalated_at,
	coalesce(q.source, ''), q.source_url, q.source_author, q.source_author_url, q.license,
	q.created_at, q.updated_at, q.edited_at,
	coalesce(c.id, 0), coalesce(c.slug, ''), coalesce(c.name, ''), coalesce(c.status, ''), coalesce(c.visibility, ''),
	coalesce((SELECT vm.role FROM members vm WHERE vm.community_id = q.community_id AND vm.user_id = ?), '')
	FROM questions q LEFT JOIN users u ON u.id = q.author_id LEFT JOIN communities c ON c.id = q.community_id`

// questionRow is a question as read, with its community for the write rules.
type questionRow struct {
	q    *copse.Question
	c    *copse.Community // nil for a site-wide question
	role copse.Role
}

func scanQuestion(row interface{ Scan(...any) error }) (questionRow, error) {
	var (
		q                          copse.Question
		routed                     string
		accepted, duplicate        sql.NullInt64
		firstAt, escalated, edited time.Time
		source                     string
		a                          copse.Attribution
		c                          copse.Community
		role                       string
	)
	err := row.Scan(&q.ID, &q.Title, &q.Body, &q.Urgency, &routed, &q.Status, &q.Visibility,
		&q.AuthorID, &q.Author, &q.AuthorName, &accepted, &duplicate, &q.Score, &q.AnswerCount,
		dbTime{&firstAt}, &q.FirstAnswerBy, dbTime{&escalated}, &source, &a.URL, &a.Author, &a.AuthorURL, &a.License,
		dbTime{&q.CreatedAt}, dbTime{&q.UpdatedAt}, dbTime{&edited},
		&c.ID, &c.Slug, &c.Name, &c.Status, &c.Visibility, &role)
	if err != nil {
		return questionRow{}, err
	}
	q.Urgent = routed != string(copse.ToCommunity)
	q.AcceptedAnswerID, q.DuplicateOf = nullInt(accepted), nullInt(duplicate)
	q.FirstAnsweredAt, q.EscalatedAt, q.EditedAt = timeOrNil(firstAt), timeOrNil(escalated), timeOrNil(edited)
	q.Attribution = attribution(source, a)
	q.Tags, q.Answers = []string{}, []*copse.Answer{}
	r := questionRow{q: &q, role: copse.Role(role)}
	if c.ID != 0 {
		q.Community = &copse.CommunityRef{ID: c.ID, Slug: c.Slug, Name: c.Name}
		r.c = &c
	}
	return r, nil
}

func nullInt(n sql.NullInt64) *int64 {
	if !n.Valid {
		return nil
	}
	return &n.Int64
}

func timeOrNil(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

// attribution is an imported post's credit, named after where it came from.
func attribution(source string, a copse.Attribution) *copse.Attribution {
	if a.URL == "" {
		return nil
	}
	a.Source = "another site"
	if strings.HasPrefix(source, "stackexchange:") {
		a.Source = "Stack Exchange"
	}
	return &a
}

// staff reports whether a person is platform staff.
func (tx *Tx) staff(ctx context.Context, u *copse.User) (bool, error) {
	if u == nil {
		return false, nil
	}
	var on bool
	err := tx.queryRow(ctx, "SELECT platform_staff FROM users WHERE id = ?", u.ID).Scan(&on)
	return on, err
}

// helpViewer is the viewer in ctx as the help desk sees them.
func (tx *Tx) helpViewer(ctx context.Context, role copse.Role) (copse.HelpViewer, error) {
	me := copse.UserFromContext(ctx)
	staff, err := tx.staff(ctx, me)
	return copse.HelpViewer{Viewer: copse.Viewer{User: me, Role: role}, PlatformStaff: staff}, err
}

// findQuestion loads a question the viewer in ctx may read; lock takes the row lock
// that serialises changes to it on PostgreSQL.
func (tx *Tx) findQuestion(ctx context.Context, id int64, lock bool) (questionRow, copse.HelpViewer, error) {
	me := copse.UserFromContext(ctx)
	q := questionSelect + " WHERE q.id = ? AND " + readable("q")
	args := append([]any{viewerID(me), id}, readableArgs(me)...)
	if lock && tx.dialect.forUpdate() != "" {
		q += tx.dialect.forUpdate() + " OF q"
	}
	r, err := scanQuestion(tx.queryRow(ctx, q, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return r, copse.HelpViewer{}, notFound("There is no question %d, or it is not shared with you.", id)
	}
	if err != nil {
		return r, copse.HelpViewer{}, err
	}
	v, err := tx.helpViewer(ctx, r.role)
	return r, v, err
}

// FindQuestion returns a question the viewer may read, with its tags and its
// answers (best first), and the viewer as the help desk sees them.
func (db *DB) FindQuestion(ctx context.Context, id int64) (*copse.Question, copse.HelpViewer, error) {
	var (
		r questionRow
		v copse.HelpViewer
	)
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		if r, v, err = tx.findQuestion(ctx, id, false); err != nil {
			return err
		}
		return tx.fillQuestions(ctx, []*copse.Question{r.q}, true)
	})
	if err != nil {
		return nil, v, fmt.Errorf("store: find question: %w", err)
	}
	return r.q, v, nil
}

// ListQuestions returns a page of the questions the viewer may read.
func (db *DB) ListQuestions(ctx context.Context, f copse.QuestionFilter) (copse.Page[*copse.Question], error) {
	var page copse.Page[*copse.Question]
	if err := f.Validate(); err != nil {
		return page, err
	}
	cur, err := decodeCursorParts(f.Cursor, 2)
	if err != nil {
		return page, err
	}
	limit := copse.ClampLimit(f.Limit)
	me := copse.UserFromContext(ctx)
	where := []string{readable("q")}
	args := append([]any{viewerID(me)}, readableArgs(me)...)
	add := func(clause string, a ...any) { where, args = append(where, clause), append(args, a...) }
	switch f.Community {
	case "":
	case copse.SiteWide:
		add("q.community_id IS NULL")
	default:
		add("q.community_id = (SELECT fc.id FROM communities fc WHERE fc.slug = ?)", strings.ToLower(f.Community))
	}
	if f.Urgency != "" {
		add("q.urgency = ?", string(f.Urgency))
	}
	if f.Status != "" {
		add("q.status = ?", string(f.Status))
	}
	if f.Unanswered {
		add("q.status = 'open' AND q.first_answered_at IS NULL")
	}
	if f.Tag != "" {
		add("EXISTS (SELECT 1 FROM question_tags ft WHERE ft.question_id = q.id AND ft.tag = ?)", f.Tag)
	}
	if f.Author != "" {
		add("q.author_id = (SELECT fu.id FROM users fu WHERE fu.handle = ?)", f.Author)
	}
	order := " ORDER BY q.created_at DESC, q.id DESC"
	if f.Sort == copse.SortAsked {
		order = " ORDER BY q.created_at, q.id"
	}
	if f.Cursor != "" {
		at, err1 := time.Parse(time.RFC3339Nano, cur[0])
		id, err2 := strconv.ParseInt(cur[1], 10, 64)
		if err1 != nil || err2 != nil {
			return page, badCursor()
		}
		if f.Sort == copse.SortAsked {
			add("(q.created_at > ? OR q.created_at = ? AND q.id > ?)", at, at, id)
		} else {
			add("(q.created_at < ? OR q.created_at = ? AND q.id < ?)", at, at, id)
		}
	}
	err = db.view(ctx, func(tx *Tx) error {
		rows, err := tx.query(ctx, questionSelect+" WHERE "+strings.Join(where, " AND ")+order+" LIMIT ?", append(args, limit+1)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			r, err := scanQuestion(rows)
			if err != nil {
				return err
			}
			page.Items = append(page.Items, r.q)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		if len(page.Items) > limit {
			last := page.Items[limit-1]
			page.Items = page.Items[:limit]
			page.Next = encodeCursor(last.CreatedAt.Format(time.RFC3339Nano), strconv.FormatInt(last.ID, 10))
		}
		return tx.fillQuestions(ctx, page.Items, f.Answers)
	})
	if err != nil {
		return page, fmt.Errorf("store: list questions: %w", err)
	}
	if page.Items == nil {
		page.Items = []*copse.Question{}
	}
	return page, nil
}

// fillQuestions loads the tags of a page of questions and, when asked, their
// answers: one query each, whatever the page size.
func (tx *Tx) fillQuestions(ctx context.Context, qs []*copse.Question, answers bool) error {
	if len(qs) == 0 {
		return nil
	}
	byID := make(map[int64]*copse.Question, len(qs))
	ids := make([]any, len(qs))
	for i, q := range qs {
		byID[q.ID], ids[i] = q, q.ID
	}
	in := "(" + placeholders(len(ids)) + ")"
	err := tx.each(ctx, "SELECT question_id, tag FROM question_tags WHERE question_id IN "+in+" ORDER BY question_id, position", ids,
		func(id int64, s ...string) { byID[id].Tags = append(byID[id].Tags, s[0]) })
	if err != nil || !answers {
		return err
	}
	me := copse.UserFromContext(ctx)
	as, err := tx.queryAnswers(ctx, "WHERE a.question_id IN "+in+answerOrder, append([]any{viewerID(me)}, ids...)...)
	for _, a := range as {
		byID[a.QuestionID].Answers = append(byID[a.QuestionID].Answers, a)
	}
	return err
}

// answerSelect reads answers with their author, whether they are accepted and the
// viewer's vote; its first parameter is the viewer's user id.
const answerSelect = `SELECT a.id, a.question_id, a.body, coalesce(a.author_id, 0), coalesce(u.handle, ''), coalesce(u.name, ''),
	a.score, coalesce(v.value, 0), CASE WHEN q.accepted_answer_id = a.id THEN 1 ELSE 0 END, a.platform_team,
	coalesce(a.source, ''), a.source_url, a.source_author, a.source_author_url, a.license, a.created_at, a.updated_at, a.edited_at
	FROM answers a JOIN questions q ON q.id = a.question_id LEFT JOIN users u ON u.id = a.author_id
	LEFT JOIN answer_votes v ON v.answer_id = a.id AND v.user_id = ? `

// answerOrder is best first: the accepted answer, then the most useful, then the oldest.
const answerOrder = " ORDER BY a.question_id, CASE WHEN q.accepted_answer_id = a.id THEN 0 ELSE 1 END, a.score DESC, a.created_at, a.id"

func (tx *Tx) queryAnswers(ctx context.Context, where string, args ...any) ([]*copse.Answer, error) {
	rows, err := tx.query(ctx, answerSelect+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*copse.Answer
	for rows.Next() {
		var (
			a        copse.Answer
			accepted int
			source   string
			at       copse.Attribution
			edited   time.Time
		)
		if err := rows.Scan(&a.ID, &a.QuestionID, &a.Body, &a.AuthorID, &a.Author, &a.AuthorName, &a.Score, &a.Vote, &accepted,
			&a.PlatformTeam, &source, &at.URL, &at.Author, &at.AuthorURL, &at.License,
			dbTime{&a.CreatedAt}, dbTime{&a.UpdatedAt}, dbTime{&edited}); err != nil {
			return nil, err
		}
		a.Accepted, a.EditedAt, a.Attribution = accepted == 1, timeOrNil(edited), attribution(source, at)
		out = append(out, &a)
	}
	return out, rows.Err()
}

// findAnswer loads one answer of the question.
func (tx *Tx) findAnswer(ctx context.Context, q *copse.Question, id int64) (*copse.Answer, error) {
	as, err := tx.queryAnswers(ctx, "WHERE a.id = ? AND a.question_id = ?", viewerID(copse.UserFromContext(ctx)), id, q.ID)
	if err != nil {
		return nil, err
	}
	if len(as) == 0 {
		return nil, notFound("Question %d has no answer %d.", q.ID, id)
	}
	return as[0], nil
}

// Revisions returns the earlier versions of a question and its answers, newest first.
func (db *DB) Revisions(ctx context.Context, id int64) ([]copse.Revision, error) {
	var out []copse.Revision
	err := db.view(ctx, func(tx *Tx) error {
		if _, _, err := tx.findQuestion(ctx, id, false); err != nil {
			return err
		}
		rows, err := tx.query(ctx, `SELECT r.id, r.answer_id, r.title, r.body, r.tags, coalesce(u.handle, ''), r.created_at
			FROM question_revisions r LEFT JOIN users u ON u.id = r.editor_id WHERE r.question_id = ? ORDER BY r.id DESC`, id)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var (
				r      copse.Revision
				answer sql.NullInt64
				tags   string
			)
			if err := rows.Scan(&r.ID, &answer, &r.Title, &r.Body, &tags, &r.Editor, dbTime{&r.CreatedAt}); err != nil {
				return err
			}
			r.AnswerID, r.Tags = nullInt(answer), splitList(tags)
			out = append(out, r)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("store: revisions: %w", err)
	}
	if out == nil {
		out = []copse.Revision{}
	}
	return out, nil
}

func splitList(s string) []string {
	out := []string{}
	for t := range strings.SplitSeq(s, ",") {
		if t = strings.TrimSpace(t); t != "" {
			out = append(out, t)
		}
	}
	return out
}

// TagAbout returns what a tag is about, when someone said (an imported tag's
// excerpt), or "".
func (db *DB) TagAbout(ctx context.Context, tag string) (string, error) {
	var about string
	err := db.view(ctx, func(tx *Tx) error {
		err := tx.queryRow(ctx, "SELECT description FROM help_tags WHERE name = ?", strings.ToLower(strings.TrimSpace(tag))).Scan(&about)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		return err
	})
	return about, err
}
