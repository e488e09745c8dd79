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

// An import brings a community's Q&A history from elsewhere (internal/stackexchange
// reads a Stack Exchange dump into these). Everything is keyed by the source's own
// ids, under an origin such as "stackexchange:conlang.meta.stackexchange.com", so
// importing the same dump again refreshes what it brought and adds nothing twice.

// ImportedPerson is an author an import brings. They get a placeholder account: no
// password and no identity, so nobody signs in as them, but their name stays on
// what they wrote.
type ImportedPerson struct {
	Key        string // the source's id ("14"), or "name:…" for a deleted account
	Name       string
	ProfileURL string
}

// ImportedPost is a question's or an answer's words and credits.
type ImportedPost struct {
	Key       string // the source's id for the post
	Body      string // Markdown (HTML is Markdown too)
	Author    string // an ImportedPerson's Key, or "" when nobody is known
	Score     int
	CreatedAt time.Time
	EditedAt  *time.Time
	URL       string // the original, for attribution
	License   string
}

// ImportedQuestion is a question with its answers.
type ImportedQuestion struct {
	ImportedPost
	Title       string
	Tags        []string
	ClosedAt    *time.Time
	AcceptedKey string // the accepted answer's Key, or ""
	AcceptedAt  *time.Time
	Answers     []ImportedPost
}

// ImportBatch is some questions of one origin, written in one transaction.
type ImportBatch struct {
	Origin    string
	Community string                    // a slug; "" for site-wide
	People    map[string]ImportedPerson // by Key
	Tags      map[string]string         // tag → what it is about
	Questions []ImportedQuestion
}

// ImportCounts is what one batch did.
type ImportCounts struct {
	Questions, Answers, Accepted int
	New, Refreshed               int // questions added, and questions already there from an earlier import
	People                       int // placeholder accounts made
	// FirstAnswers is how long each answered question waited for its first answer
	// by someone other than the asker.
	FirstAnswers []time.Duration
}

// ImportQuestions writes a batch (the operator, or an admin). Imported questions
// are public, answered by the community, and record no events: their news is years old.
func (db *DB) ImportQuestions(ctx context.Context, b ImportBatch) (ImportCounts, error) {
	var n ImportCounts
	if me := copse.UserFromContext(ctx); !copse.IsOperator(ctx) && (me == nil || !me.Admin) {
		return n, copse.Errorf(copse.EFORBIDDEN, "Only an admin, or the operator on the command line, imports questions.")
	}
	err := db.update(ctx, func(tx *Tx) error {
		var c *copse.Community
		if b.Community != "" {
			var err error
			if c, _, err = tx.findCommunity(copse.AsOperator(ctx), b.Community, false); err != nil {
				return err
			}
			if err := copse.Writable(c); err != nil {
				return err
			}
		}
		people, made, err := tx.importPeople(ctx, b)
		if err != nil {
			return err
		}
		n.People = made
		for name, about := range b.Tags {
			if _, err := tx.exec(ctx, `INSERT INTO help_tags (name, description, created_at) VALUES (?, ?, ?)
				ON CONFLICT (name) DO UPDATE SET description = excluded.description`, strings.ToLower(name), about, tx.now); err != nil {
				return err
			}
		}
		for _, q := range b.Questions {
			if err := tx.importQuestion(ctx, b, c, q, people, &n); err != nil {
				return fmt.Errorf("question %s: %w", q.Key, err)
			}
		}
		return nil
	})
	if err != nil {
		return ImportCounts{}, fmt.Errorf("store: import questions: %w", err)
	}
	return n, nil
}

// importPeople finds or makes the account of every author of the batch, by key.
func (tx *Tx) importPeople(ctx context.Context, b ImportBatch) (map[string]int64, int, error) {
	ids := map[string]int64{}
	keys := []any{b.Origin}
	for k := range b.People {
		keys = append(keys, k)
	}
	if len(keys) > 1 {
		err := tx.each(ctx, "SELECT user_id, external_id FROM imported_accounts WHERE source = ? AND external_id IN ("+placeholders(len(keys)-1)+")",
			keys, func(id int64, s ...string) { ids[s[0]] = id })
		if err != nil {
			return nil, 0, err
		}
	}
	made := 0
	for k, p := range b.People {
		if _, ok := ids[k]; ok {
			continue
		}
		handle, err := tx.freeHandle(ctx, placeholderHandle(p.Name, k))
		if err != nil {
			return nil, 0, err
		}
		email := safeLocal(k) + "@" + safeLocal(b.Origin) + ".imported.invalid" // .invalid never receives mail
		id, err := tx.insert(ctx, `INSERT INTO users (handle, email, name, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`,
			handle, email, oneLineName(p.Name), tx.now, tx.now)
		if err != nil {
			return nil, 0, err
		}
		if _, err := tx.exec(ctx, `INSERT INTO imported_accounts (source, external_id, user_id, profile_url, created_at) VALUES (?, ?, ?, ?, ?)`,
			b.Origin, k, id, p.ProfileURL, tx.now); err != nil {
			return nil, 0, err
		}
		ids[k] = id
		made++
	}
	return ids, made, nil
}

// placeholderHandle makes a handle that says where the person came from:
// "adam-lear-se1" for Stack Exchange's user 1.
func placeholderHandle(name, key string) string {
	suffix := "-se" + safeLocal(strings.TrimPrefix(key, "name:"))
	base := copse.Slugify(name)
	if base == "" {
		base = "user"
	}
	if n := 39 - len(suffix); len(base) > n {
		base = strings.TrimRight(base[:max(n, 1)], "-")
	}
	return strings.Trim(base+suffix, "-.")
}

// safeLocal keeps letters and digits, turning anything else into a dash, and a
// leading minus (Stack Exchange's Community user is -1) into "n".
func safeLocal(s string) string {
	s = strings.ToLower(s)
	if strings.HasPrefix(s, "-") {
		s = "n" + s[1:]
	}
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			return r
		}
		return '-'
	}, s)
}

func oneLineName(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > 100 {
		s = string(r[:100])
	}
	return s
}

// freeHandle returns handle, or handle with a number after it when someone has it.
func (tx *Tx) freeHandle(ctx context.Context, handle string) (string, error) {
	for i := 1; ; i++ {
		try := handle
		if i > 1 {
			try = strings.TrimRight(handle[:min(len(handle), 35)], "-") + "-" + strconv.Itoa(i)
		}
		var one int
		err := tx.queryRow(ctx, "SELECT 1 FROM users WHERE handle = ?", try).Scan(&one)
		if errors.Is(err, sql.ErrNoRows) {
			return try, nil
		}
		if err != nil {
			return "", err
		}
	}
}

// importQuestion writes or refreshes one question and its answers, then sets what
// follows from them: the accepted answer, the count, and the first answer.
func (tx *Tx) importQuestion(ctx context.Context, b ImportBatch, c *copse.Community, q ImportedQuestion, people map[string]int64, n *ImportCounts) error {
	origin := b.Origin
	status := copse.QuestionOpen
	switch {
	case q.ClosedAt != nil:
		status = copse.QuestionClosed
	case q.AcceptedKey != "":
		status = copse.QuestionAnswered
	}
	title := strings.Join(strings.Fields(q.Title), " ")
	if r := []rune(title); len(r) > 200 {
		title = string(r[:200])
	}
	who := b.People[q.Author]
	var id int64
	err := tx.queryRow(ctx, "SELECT id FROM questions WHERE source = ?", origin+":q:"+q.Key).Scan(&id)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		id, err = tx.insert(ctx, `INSERT INTO questions (community_id, title, body, urgency, routed_to, status, visibility, author_id,
			score, source, source_url, source_author, source_author_url, license, created_at, updated_at, edited_at)
			VALUES (?, ?, ?, 'how-to', 'community', ?, 'public', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			nullID(idOf(c)), title, q.Body, string(status), nullID(people[q.Author]), q.Score, origin+":q:"+q.Key, q.URL,
			who.Name, who.ProfileURL, q.License, q.CreatedAt, q.CreatedAt, q.EditedAt)
		n.New++
	case err == nil:
		_, err = tx.exec(ctx, `UPDATE questions SET title = ?, body = ?, status = ?, score = ?, source_url = ?, source_author = ?,
			source_author_url = ?, license = ?, edited_at = ?, updated_at = ? WHERE id = ?`,
			title, q.Body, string(status), q.Score, q.URL, who.Name, who.ProfileURL, q.License, q.EditedAt, tx.now, id)
		n.Refreshed++
	}
	if err != nil {
		return err
	}
	if err := tx.setQuestionTags(ctx, id, copse.CleanTags(q.Tags)); err != nil {
		return err
	}
	var (
		accepted  any
		firstAt   *time.Time
		firstWait int64
	)
	for _, a := range q.Answers {
		aid, err := tx.importAnswer(ctx, origin, id, a, people[a.Author], b.People[a.Author])
		if err != nil {
			return fmt.Errorf("answer %s: %w", a.Key, err)
		}
		if a.Key == q.AcceptedKey {
			accepted = aid
		}
		if (a.Author == "" || a.Author != q.Author) && (firstAt == nil || a.CreatedAt.Before(*firstAt)) {
			at := a.CreatedAt
			firstAt, firstWait = &at, int64(a.CreatedAt.Sub(q.CreatedAt).Seconds())
		}
	}
	var by any
	if firstAt != nil {
		by = copse.ByCommunity
		n.FirstAnswers = append(n.FirstAnswers, time.Duration(firstWait)*time.Second)
	}
	acceptedAt := q.AcceptedAt
	if accepted == nil {
		acceptedAt = nil
	} else {
		n.Accepted++
	}
	if _, err := tx.exec(ctx, `UPDATE questions SET accepted_answer_id = ?, accepted_at = ?, answer_count = ?, first_answered_at = ?,
		first_answer_seconds = ?, first_answer_by = ? WHERE id = ?`,
		accepted, acceptedAt, len(q.Answers), firstAt, nullSeconds(firstAt, firstWait), by, id); err != nil {
		return err
	}
	n.Questions++
	n.Answers += len(q.Answers)
	_, err = tx.reloadQuestion(ctx, id)
	return err
}

func (tx *Tx) importAnswer(ctx context.Context, origin string, question int64, a ImportedPost, author int64, who ImportedPerson) (int64, error) {
	var id int64
	err := tx.queryRow(ctx, "SELECT id FROM answers WHERE source = ?", origin+":a:"+a.Key).Scan(&id)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return tx.insert(ctx, `INSERT INTO answers (question_id, body, author_id, score, source, source_url, source_author,
			source_author_url, license, created_at, updated_at, edited_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			question, a.Body, nullID(author), a.Score, origin+":a:"+a.Key, a.URL, who.Name, who.ProfileURL,
			a.License, a.CreatedAt, a.CreatedAt, a.EditedAt)
	case err != nil:
		return 0, err
	}
	_, err = tx.exec(ctx, `UPDATE answers SET question_id = ?, body = ?, score = ?, source_url = ?, source_author = ?, source_author_url = ?,
		license = ?, edited_at = ?, updated_at = ? WHERE id = ?`, question, a.Body, a.Score, a.URL, who.Name, who.ProfileURL,
		a.License, a.EditedAt, tx.now, id)
	return id, err
}

func nullSeconds(at *time.Time, s int64) any {
	if at == nil {
		return nil
	}
	return s
}
