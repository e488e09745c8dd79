package stackexchange_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/stackexchange"
	"github.com/copse-dev/copse/internal/store"
	"github.com/copse-dev/copse/internal/store/storetest"
)

// conlang is a complete small dump: conlang.meta.stackexchange.com, 2018 to 2020.
var conlang = filepath.Join("..", "..", "..", "shared", "testdata", "stackexchange-conlang-meta", "data")

const site = "conlang.meta.stackexchange.com"

// needDump skips a test when the shared folder with the real dump is not beside
// the repository.
func needDump(t *testing.T) {
	t.Helper()
	if _, err := os.Stat(filepath.Join(conlang, "Posts.xml")); err != nil {
		t.Skipf("the real dump is not beside the repository (%v)", err)
	}
}

func TestReadDump(t *testing.T) {
	needDump(t)
	d, err := stackexchange.Read(conlang)
	if err != nil {
		t.Fatal(err)
	}
	answers := 0
	for _, as := range d.Answers {
		answers += len(as)
	}
	if len(d.Questions) != 54 || answers != 115 || len(d.Users) != 272 || d.Unsupported != 4 || len(d.AcceptedAt) != 11 {
		t.Errorf("read %d questions, %d answers, %d users, %d other posts, %d acceptances", len(d.Questions), answers, len(d.Users), d.Unsupported, len(d.AcceptedAt))
	}
	if _, ok := d.Excerpts["bug"]; !ok { // Tags.xml starts with a byte order mark
		t.Errorf("tags: %v", d.Excerpts)
	}
}

// TestImportConlang imports the real dump completely, on both databases, and
// again: the second import adds nothing.
func TestImportConlang(t *testing.T) {
	needDump(t)
	storetest.ForEach(t, func(t *testing.T, db *store.DB, _ *storetest.Clock) {
		_, fay := storetest.User(t, db, "fay", false)
		if _, err := db.CreateCommunity(fay, copse.NewCommunity{Name: "Constructed Languages", Slug: "conlang", Subject: "Conlangs"}); err != nil {
			t.Fatal(err)
		}
		ctx := copse.AsOperator(context.Background())
		var progress []int
		s, err := stackexchange.Import(ctx, db, conlang, stackexchange.Options{Site: site, Community: "conlang", Batch: 20},
			func(done, total int) { progress = append(progress, done) })
		if err != nil {
			t.Fatal(err)
		}
		if s.Questions != 54 || s.Answers != 115 || s.Accepted != 11 || s.New != 54 || s.Refreshed != 0 || s.People < 50 {
			t.Errorf("first import: %+v", s)
		}
		if len(progress) != 3 || progress[2] != 54 {
			t.Errorf("progress %v", progress)
		}
		if s.Median == nil || *s.Median <= 0 || *s.P90 < *s.Median {
			t.Errorf("median %v, p90 %v", s.Median, s.P90)
		}
		t.Logf("conlang.meta: %s", s)

		q, _, err := db.FindQuestion(context.Background(), firstID(t, db))
		if err != nil {
			t.Fatal(err)
		}
		if q.Title != "Are questions asked in conlangs accepted on this site?" || q.Score != 10 ||
			!q.CreatedAt.Equal(time.Date(2018, 2, 6, 20, 19, 50, 957e6, time.UTC)) || q.Community.Slug != "conlang" {
			t.Errorf("question 1: %q, score %d, asked %v", q.Title, q.Score, q.CreatedAt)
		}
		if q.Attribution == nil || q.Attribution.URL != "https://"+site+"/q/1" || q.Attribution.License != "CC BY-SA 3.0" ||
			q.Attribution.AuthorURL != "https://"+site+"/users/14" || q.Attribution.Source != "Stack Exchange" {
			t.Errorf("attribution: %+v", q.Attribution)
		}
		if q.Status != copse.QuestionAnswered || len(q.Answers) != 3 || !q.Answers[0].Accepted || q.Answers[0].Score != 22 ||
			q.Answers[0].Attribution.URL != "https://"+site+"/a/2" || strings.Join(q.Tags, ",") != "discussion,on-topic" {
			t.Errorf("answers: %s, %d, first %+v, tags %v", q.Status, len(q.Answers), q.Answers[0], q.Tags)
		}
		if q.FirstAnswerBy != copse.ByCommunity || q.FirstAnsweredAt == nil {
			t.Errorf("first answer: %q %v", q.FirstAnswerBy, q.FirstAnsweredAt)
		}
		author, err := db.FindUser(context.Background(), q.Author)
		if err != nil || author.Name == "" || !strings.HasSuffix(author.Email, ".imported.invalid") {
			t.Errorf("placeholder author %q: %+v, %v", q.Author, author, err)
		}
		closed, err := db.ListQuestions(context.Background(), copse.QuestionFilter{Status: copse.QuestionClosed})
		if err != nil || len(closed.Items) != 1 {
			t.Errorf("closed: %d, %v", len(closed.Items), err)
		}
		found, err := db.Search(context.Background(), "conlangs accepted", copse.SearchFilter{Kind: "question"})
		if err != nil || len(found.Items) == 0 {
			t.Errorf("search: %v, %v", found.Items, err)
		}

		again, err := stackexchange.Import(ctx, db, conlang, stackexchange.Options{Site: site, Community: "conlang"}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if again.New != 0 || again.Refreshed != 54 || again.People != 0 || again.Answers != 115 || *again.Median != *s.Median {
			t.Errorf("second import: %+v", again)
		}
		all, _ := db.ListQuestions(context.Background(), copse.QuestionFilter{Limit: 200, Answers: true})
		n := 0
		for _, q := range all.Items {
			n += len(q.Answers)
		}
		if len(all.Items) != 54 || n != 115 {
			t.Errorf("after two imports: %d questions, %d answers", len(all.Items), n)
		}
	})
}

func firstID(t *testing.T, db *store.DB) int64 {
	t.Helper()
	page, err := db.ListQuestions(context.Background(), copse.QuestionFilter{Sort: copse.SortAsked, Limit: 1})
	if err != nil || len(page.Items) == 0 {
		t.Fatalf("no questions: %v", err)
	}
	return page.Items[0].ID
}

func TestImportNeedsASite(t *testing.T) {
	db, _ := storetest.SQLite(t)
	_, err := stackexchange.Import(copse.AsOperator(context.Background()), db, conlang, stackexchange.Options{}, nil)
	if err == nil || !strings.Contains(err.Error(), "--site") {
		t.Errorf("got %v", err)
	}
	if got := stackexchange.SiteOf("/dumps/conlang.meta.stackexchange.com/"); got != site {
		t.Errorf("SiteOf: %q", got)
	}
}
