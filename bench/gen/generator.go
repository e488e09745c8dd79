package main

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/store"
)

type generator struct {
	db   *store.DB
	c    *corpus
	r    *rand.Rand // used from the main goroutine only
	size size

	handles  []string
	slugs    []string           // communities, busiest first
	creator  map[string]string  // slug → the person who started it
	topicIDs map[string][]int64 // slug → its topics
	users    map[string]*copse.User

	questionIDs []int64  // in the order asked
	askers      []string // who asked each
}

type step struct {
	name string
	run  func(context.Context) (int, error)
}

// steps lists what gen makes, in order; later capabilities add their own steps.
func (g *generator) steps() []step {
	return []step{
		{"people", g.people},
		{"communities", g.communities},
		{"members", g.members},
		{"topics", g.topics},
		{"meetings", g.meetings},
		{"resources", g.resources},
		{"questions", g.questions},
		{"answers", g.answers},
		{"announced", g.announced},
	}
}

var (
	firstNames = strings.Fields("Ada Bea Cai Dara Eli Fay Gus Hana Ines Jo Kai Lena Milo Nia Omar Pia Quin Rosa Sam Tara Uma Vic Wren Xia Yuri Zoe")
	lastNames  = strings.Fields("Adeyemi Brown Chen Dubois Evans Fraser Garcia Haddad Ito Jones Khan Lopez Murphy Novak Okafor Patel Quinn Rossi Singh Tanaka Usman Vega Walsh Xu Young Zhang")
	subjects   = strings.Fields("Infrastructure-as-Code Accessibility Cloud Data-Engineering Product-Ownership Security DevOps Kubernetes Service-Design User-Research Testing Architecture Open-Source Observability Agile-Coaching Content-Design FinOps Identity APIs Machine-Learning")
	places     = strings.Fields("Platform Ministry Health Justice Transport Education Finance Digital Regional Central")
	weekdays   = strings.Fields("MO TU WE TH FR")
	zones      = []string{"Europe/London", "America/Vancouver", "America/Toronto", "Australia/Sydney", "Europe/Berlin"}
)

// parallel runs fn for 0..n-1 on a few goroutines (PostgreSQL uses them; SQLite's
// single writer simply queues them) and returns the first error.
func parallel(ctx context.Context, n int, fn func(ctx context.Context, i int) error) error {
	var (
		next    atomic.Int64
		wg      sync.WaitGroup
		errOnce sync.Once
		first   error
	)
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= n || first != nil {
					return
				}
				if err := fn(ctx, i); err != nil {
					errOnce.Do(func() { first = err })
					return
				}
			}
		}()
	}
	wg.Wait()
	return first
}

func (g *generator) people(ctx context.Context) (int, error) {
	g.handles = make([]string, g.size.People)
	names := make([]string, g.size.People)
	for i := range g.handles {
		f, l := pick(g.r, firstNames), pick(g.r, lastNames)
		g.handles[i] = fmt.Sprintf("%s.%s%d", strings.ToLower(f), strings.ToLower(l), i)
		names[i] = f + " " + l
	}
	var mu sync.Mutex
	g.users = make(map[string]*copse.User, len(g.handles))
	err := parallel(ctx, len(g.handles), func(ctx context.Context, i int) error {
		// The first person is the site's admin, who imports the library.
		u, err := g.db.CreateUser(ctx, copse.NewUser{Handle: g.handles[i], Email: g.handles[i] + "@bench.example.org", Name: names[i], Admin: i == 0})
		mu.Lock()
		g.users[g.handles[i]] = u
		mu.Unlock()
		return err
	})
	return len(g.handles), err
}

func (g *generator) as(ctx context.Context, handle string) context.Context {
	return copse.WithUser(ctx, g.users[handle])
}

func (g *generator) communities(ctx context.Context) (int, error) {
	type plan struct {
		creator string
		n       copse.NewCommunity
	}
	plans := make([]plan, g.size.Communities)
	for i := range plans {
		subject := strings.ReplaceAll(subjects[i%len(subjects)], "-", " ")
		name := subject
		if i >= len(subjects) {
			name = fmt.Sprintf("%s %s %d", subject, places[(i/len(subjects))%len(places)], i/len(subjects))
		}
		n := copse.NewCommunity{
			Name:        name,
			Subject:     g.c.sentence(g.r),
			Description: g.c.body(g.r, 3),
			Tags:        []string{strings.ToLower(strings.ReplaceAll(subjects[i%len(subjects)], "-", " ")), pick(g.r, []string{"practice", "guild", "network"})},
			Channel:     copse.Channel{Name: "#cp_" + copse.Slugify(name)},
			Suggested:   i%10 == 9,
		}
		if !n.Suggested {
			n.Cadence = &copse.Cadence{
				RRule:    fmt.Sprintf("FREQ=MONTHLY;BYDAY=%d%s;BYHOUR=%d;BYMINUTE=0", 1+g.r.IntN(4), pick(g.r, weekdays), 9+g.r.IntN(7)),
				Timezone: pick(g.r, zones), DurationMinutes: 60,
			}
		}
		plans[i] = plan{creator: pick(g.r, g.handles), n: n}
	}
	g.slugs = make([]string, len(plans))
	err := parallel(ctx, len(plans), func(ctx context.Context, i int) error {
		c, err := g.db.CreateCommunity(g.as(ctx, plans[i].creator), plans[i].n)
		if err == nil {
			g.slugs[i] = c.Slug
		}
		return err
	})
	g.creator = map[string]string{}
	for i, p := range plans {
		g.creator[g.slugs[i]] = p.creator
	}
	return len(plans), err
}

// members gives every person one to four communities, most of them the busy ones
// (a Zipf-like spread: a few big communities, a long tail of small ones).
func (g *generator) members(ctx context.Context) (int, error) {
	type join struct {
		handle, slug string
		role         copse.Role
		interest     bool
	}
	var joins []join
	seen := map[[2]string]bool{}
	for _, h := range g.handles {
		for range 1 + g.r.IntN(4) {
			i := zipf(g.r, len(g.slugs))
			key := [2]string{h, g.slugs[i]}
			if seen[key] || g.creator[g.slugs[i]] == h {
				continue
			}
			seen[key] = true
			role := copse.RoleMember
			switch x := g.r.IntN(20); {
			case x == 0:
				role = copse.RoleCore
			case x < 3:
				role = copse.RoleContributor
			}
			joins = append(joins, join{handle: h, slug: g.slugs[i], role: role, interest: i%10 == 9})
		}
	}
	err := parallel(ctx, len(joins), func(ctx context.Context, i int) error {
		j := joins[i]
		if j.interest {
			_, err := g.db.RegisterInterest(g.as(ctx, j.handle), j.slug)
			return err
		}
		if j.role == copse.RoleCore { // core is given by a facilitator: join, then be promoted
			if _, _, err := g.db.Join(g.as(ctx, j.handle), j.slug, copse.RoleMember); err != nil {
				return err
			}
			_, err := g.db.SetRole(g.as(ctx, g.creator[j.slug]), j.slug, j.handle, copse.RoleCore)
			return err
		}
		_, _, err := g.db.Join(g.as(ctx, j.handle), j.slug, j.role)
		return err
	})
	return len(joins), err
}

// zipf picks an index in [0, n), the first ones far more often than the last: a few
// big communities, a long tail of small ones.
func zipf(r *rand.Rand, n int) int {
	return int(math.Floor(math.Pow(r.Float64(), 2.2) * float64(n)))
}

// finish picks what bench/run asks for and signs a person in for signed-in reads.
func (g *generator) finish(ctx context.Context, m *manifest) error {
	page, err := g.db.ListCommunities(ctx, copse.CommunityFilter{Status: []copse.Status{copse.StatusActive}, Limit: 200})
	if err != nil {
		return err
	}
	best := page.Items
	for i := range best { // busiest first
		for j := i + 1; j < len(best); j++ {
			if best[j].MemberCount > best[i].MemberCount {
				best[i], best[j] = best[j], best[i]
			}
		}
	}
	for _, c := range best[:min(10, len(best))] {
		m.Communities = append(m.Communities, c.Slug)
	}
	if len(best) > 0 && len(best[0].Tags) > 0 {
		m.Tag = best[0].Tags[0]
	}
	var most int
	m.Person = g.handles[1] // a reader, not the admin
	if len(m.Communities) > 0 {
		page, err := g.db.ListResources(ctx, copse.ResourceFilter{Community: m.Communities[0], Limit: 1})
		if err != nil {
			return err
		}
		if len(page.Items) > 0 {
			m.Resource = page.Items[0].ID
		}
	}
	if len(m.Communities) > 0 {
		page, err := g.db.ListQuestions(ctx, copse.QuestionFilter{Community: m.Communities[0], Limit: 50})
		if err != nil {
			return err
		}
		for _, q := range page.Items { // the one with the most answers among the newest
			if m.Question == 0 || q.AnswerCount > most {
				m.Question, most = q.ID, q.AnswerCount
			}
		}
	}
	// One common word, two words, a prefix as typed, and a phrase of rare words.
	m.Queries = []string{"openshift", "cluster deployment", "kube", "minishift docker"}
	m.Session, err = g.db.CreateSession(ctx, g.users[m.Person].ID, "bench", "127.0.0.1")
	return err
}
