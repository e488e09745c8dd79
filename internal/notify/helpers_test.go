package notify_test

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/mail"
	"github.com/copse-dev/copse/internal/mail/mailtest"
	"github.com/copse-dev/copse/internal/notify"
	"github.com/copse-dev/copse/internal/store"
	"github.com/copse-dev/copse/internal/store/storetest"
)

// receiver is a chat server's incoming webhook: it records each post and answers
// with the status answer() gives (200 when nil).
type receiver struct {
	*httptest.Server
	mu     sync.Mutex
	posts  []post
	byKey  map[string]int
	answer func(n int) int
	block  chan struct{} // when set, each post waits for it to close
}

type post struct {
	header http.Header
	body   []byte
}

func newReceiver(t testing.TB) *receiver {
	r := &receiver{byKey: map[string]int{}}
	r.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		r.posts = append(r.posts, post{req.Header.Clone(), body})
		r.byKey[req.Header.Get("Idempotency-Key")]++
		n, answer, block := len(r.posts), r.answer, r.block
		r.mu.Unlock()
		if block != nil {
			<-block
		}
		status := http.StatusOK
		if answer != nil {
			status = answer(n)
		}
		w.WriteHeader(status)
		if status == http.StatusOK {
			io.WriteString(w, "ok")
		} else {
			io.WriteString(w, "upstream trouble")
		}
	}))
	t.Cleanup(r.Close)
	return r
}

func (r *receiver) got() ([]post, map[string]int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	keys := map[string]int{}
	for k, v := range r.byKey {
		keys[k] = v
	}
	return append([]post(nil), r.posts...), keys
}

// newWorker is a worker on db that mails through srv and links to copse.example.org.
func newWorker(db *store.DB, srv *mailtest.Server) *notify.Worker {
	base, _ := url.Parse("https://copse.example.org")
	var sender mail.Sender = notify.Keep{DB: db}
	if srv != nil {
		s, _ := mail.ParseURL("smtp://" + srv.Addr)
		s.TLS, s.Timeout = &tls.Config{RootCAs: srv.Roots}, 5*time.Second
		sender = s
	}
	return &notify.Worker{DB: db, Mail: sender, From: "copse@example.org", BaseURL: base, Jitter: func() float64 { return 0 }}
}

// drain runs the worker until a cycle finds nothing due.
func drain(t *testing.T, w *notify.Worker) int {
	t.Helper()
	total := 0
	for range 100 {
		n, err := w.Cycle(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			return total
		}
		total += n
	}
	t.Fatal("the outbox does not drain")
	return total
}

// community makes iac with fay facilitating and mel a member; it returns fay's and
// root's contexts.
func community(t testing.TB, db *store.DB) (fay, root context.Context) {
	t.Helper()
	_, fay = storetest.User(t, db, "fay", false)
	_, mel := storetest.User(t, db, "mel", false)
	_, root = storetest.User(t, db, "root", true)
	if _, err := db.CreateCommunity(fay, copse.NewCommunity{Name: "Infrastructure as Code", Slug: "iac", Subject: "Terraform"}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := db.Join(mel, "iac", ""); err != nil {
		t.Fatal(err)
	}
	return fay, root
}

func decode(t *testing.T, b []byte) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("%s: %v", b, err)
	}
	return m
}
