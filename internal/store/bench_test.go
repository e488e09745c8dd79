package store_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/store"
	"github.com/copse-dev/copse/internal/store/storetest"
)

// BenchmarkReads sizes the store's list, search, metrics and health queries on a
// site of 20 communities, 200 people, 1,000 topics, 1,000 resources and 2,000
// questions with 2,000 answers, on SQLite and (with COPSE_TEST_POSTGRES) on
// PostgreSQL. bench/run measures the same reads through the whole server.
func BenchmarkReads(b *testing.B) {
	dbs := map[string]func(testing.TB) (*store.DB, *storetest.Clock){"sqlite": storetest.SQLite}
	if os.Getenv("COPSE_TEST_POSTGRES") != "" {
		dbs["postgres"] = storetest.Postgres
	}
	for name, open := range dbs {
		b.Run(name, func(b *testing.B) {
			db, _ := open(b)
			ctx, slug := seed(b, db)
			reads := []struct {
				name string
				fn   func() error
			}{
				{"ListCommunities", func() error {
					_, err := db.ListCommunities(ctx, copse.CommunityFilter{Limit: 50})
					return err
				}},
				{"ListTopics", func() error {
					_, err := db.ListTopics(ctx, slug, copse.TopicFilter{Limit: 50})
					return err
				}},
				{"ListResources/facets", func() error {
					_, err := db.ListResources(ctx, copse.ResourceFilter{Type: "Guide", Tag: "how-to", Limit: 25})
					return err
				}},
				{"ListQuestions/community", func() error {
					_, err := db.ListQuestions(ctx, copse.QuestionFilter{Community: slug, Limit: 25})
					return err
				}},
				{"ListQuestions/unanswered", func() error {
					_, err := db.ListQuestions(ctx, copse.QuestionFilter{Unanswered: true, Limit: 25})
					return err
				}},
				{"Search/one word", func() error {
					_, err := db.Search(ctx, "pipeline", copse.SearchFilter{Limit: 20})
					return err
				}},
				{"Search/prefix", func() error {
					_, err := db.Search(ctx, "deplo", copse.SearchFilter{Limit: 20})
					return err
				}},
				{"HelpMetrics", func() error {
					_, err := db.HelpMetrics(ctx, slug)
					return err
				}},
				{"CommunityHealth", func() error {
					_, err := db.CommunityHealth(ctx, slug)
					return err
				}},
				{"SiteHealth", func() error {
					_, err := db.SiteHealth(ctx, 25, "")
					return err
				}},
			}
			for _, r := range reads {
				b.Run(r.name, func(b *testing.B) {
					b.ReportAllocs()
					for b.Loop() {
						if err := r.fn(); err != nil {
							b.Fatal(err)
						}
					}
				})
			}
		})
	}
}

var words = strings.Fields(`pipeline deployment cluster terraform module review accessibility service design security
	kubernetes openshift container registry secret vault policy network ingress route build image test coverage lint
	release branch merge commit schema migration database backup restore monitoring alert dashboard metric log trace
	identity login token session cookie form label contrast keyboard screen reader heading landmark focus colour
	research interview persona journey prototype sprint backlog story estimate retro standup roadmap budget contract`)

// text returns n words for item i, the way a real corpus repeats some words and
// rarely uses others.
func text(i, n int) string {
	var b strings.Builder
	for j := range n {
		k := (i*31 + j*j*17 + j*7) % (len(words) * 3)
		if k >= len(words) { // two thirds of the draws favour the first dozen words
			k %= 12
		}
		b.WriteString(words[k])
		b.WriteByte(' ')
	}
	return b.String()
}

// seed fills db through the store, as people would, and returns a reader's
// context and the busiest community.
func seed(b *testing.B, db *store.DB) (context.Context, string) {
	b.Helper()
	_, admin := storetest.User(b, db, "admin", true)
	people := make([]context.Context, 200)
	for i := range people {
		_, people[i] = storetest.User(b, db, fmt.Sprintf("person%d", i), false)
	}
	var slugs []string
	for i := range 20 {
		c, err := db.CreateCommunity(people[i], copse.NewCommunity{Name: fmt.Sprintf("Practice %d", i), Subject: text(i, 6),
			Tags: []string{words[i%len(words)]}})
		if err != nil {
			b.Fatal(err)
		}
		slugs = append(slugs, c.Slug)
	}
	for i, p := range people[20:] {
		if _, _, err := db.Join(p, slugs[i%3], copse.RoleMember); err != nil {
			b.Fatal(err)
		}
	}
	for i := range 1000 {
		if _, err := db.CreateTopic(people[i%3], slugs[i%3], copse.NewTopic{Title: "Topic " + text(i, 4), Body: text(i, 30)}); err != nil {
			b.Fatal(err)
		}
		r := copse.NewResource{Title: fmt.Sprintf("Resource %d %s", i, text(i, 3)), Description: text(i, 12),
			ResourceType: []string{"Guide", "Documentation"}[i%2], Tags: []string{words[i%len(words)], "how-to"},
			Body: "# Resource\n\n" + text(i, 200), Community: slugs[i%3], Source: fmt.Sprintf("bench/%d.md", i)}
		if _, err := db.ImportResource(admin, r); err != nil {
			b.Fatal(err)
		}
	}
	for i := range 2000 {
		q, err := db.AskQuestion(people[20+i%180], copse.NewQuestion{Title: fmt.Sprintf("How do I %s (%d)?", text(i, 3), i),
			Body: text(i, 40), Urgency: copse.UrgencyHowTo, Community: slugs[i%3], Tags: []string{words[i%len(words)]}})
		if err != nil {
			b.Fatal(err)
		}
		for j := range 2 * (i % 2) { // half the questions get two answers
			if _, err := db.AnswerQuestion(people[(i+j+1)%20], q.ID, text(i+j, 25)); err != nil {
				b.Fatal(err)
			}
		}
	}
	return people[25], slugs[0]
}
