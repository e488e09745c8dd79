// Package web is copse's server-rendered user interface: plain HTML forms and links
// that work without JavaScript, accessible to WCAG 2.2 AA, styled by one stylesheet.
// Templates and static files are embedded; every template is checked at start.
package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/httpx"
	"github.com/copse-dev/copse/internal/markdown"
	"github.com/copse-dev/copse/internal/sso"
	"github.com/copse-dev/copse/internal/store"
)

//go:embed templates
var templateFS embed.FS

// Config is what the pages need to know about where they run.
type Config struct {
	Cookies httpx.Cookies
	BaseURL *url.URL
	SSO     sso.Providers // the single sign-on providers, in the order of their buttons
}

// Web serves the pages. It holds no per-request state.
type Web struct {
	db     *store.DB
	cfg    Config
	md     *markdown.Renderer
	static *assets
	funcs  template.FuncMap
	pages  map[string]*lazyPage
}

// lazyPage is a page template, parsed when first served: each parsed page holds
// some 150 KB, and most sites serve a handful of the pages most of the time.
type lazyPage struct {
	once sync.Once
	t    *template.Template
	err  error
}

// pageNames lists every page template; each is parsed with the layout at start, so
// a missing or broken template stops copse from starting rather than failing a reader.
var pageNames = []string{
	"home", "directory", "community", "community_form", "archive", "members",
	"signin", "setup", "setup_closed", "person", "account", "admin", "error",
	"board", "board_topic", "board_categories", "meetings", "meeting", "meeting_form", "calendar",
	"library", "resource", "resource_form", "duplicates", "import", "search",
	"sso_link", "sso_confirm", "signout", "identities", "admin_sso", "admin_people",
	"announcements", "subscription", "notifications", "webhooks", "deliveries", "outbox",
	"ask", "question", "question_edit", "question_history", "questions", "help_metrics", "help_settings",
	"status", "incident", "status_admin",
	"profile_edit", "experts", "recognition", "teams", "team", "team_form", "journeys", "journey", "journey_form",
	"health", "health_site", "people",
}

// New parses the templates and fingerprints the static files.
func New(db *store.DB, cfg Config) (*Web, error) {
	static, err := loadAssets()
	if err != nil {
		return nil, err
	}
	w := &Web{db: db, cfg: cfg, md: markdown.New(), static: static, pages: map[string]*lazyPage{}}
	w.funcs = w.funcMap()
	// Every page is parsed once here, so a broken template stops copse from
	// starting; the parsed trees are then let go until the page is first served.
	for _, name := range pageNames {
		if _, err := w.parse(name); err != nil {
			return nil, err
		}
		w.pages[name] = &lazyPage{}
	}
	return w, nil
}

func (w *Web) parse(name string) (*template.Template, error) {
	t, err := template.New(name).Funcs(w.funcs).ParseFS(templateFS,
		"templates/layout.html", "templates/partials.html", "templates/"+name+".html")
	if err != nil {
		return nil, fmt.Errorf("web: parse template %s: %w", name, err)
	}
	for _, block := range []string{"layout", "title", "main"} {
		if t.Lookup(block) == nil {
			return nil, fmt.Errorf("web: template %s defines no %q block", name, block)
		}
	}
	return t, nil
}

// page returns the parsed template of a page named in pageNames.
func (w *Web) page(name string) (*template.Template, error) {
	p := w.pages[name]
	if p == nil {
		return nil, fmt.Errorf("web: no page template %q (add it to pageNames)", name)
	}
	p.once.Do(func() { p.t, p.err = w.parse(name) })
	return p.t, p.err
}

// layout is what every page shows around its content. Pages embed it in their own
// typed data struct.
type layout struct {
	Site   string
	User   *copse.User
	Path   string // the current path, to mark the current navigation link
	Here   string // the current path and query, to come back to after signing in
	Notice string
	Errors errs
	Now    time.Time
}

func (l *layout) base() *layout { return l }

// page is any page's data: a struct that embeds layout.
type page interface{ base() *layout }

// render writes a page with the status. It fills in the layout, executes into a
// buffer first so that a template error becomes a clean 500 rather than half a page.
func (w *Web) render(rw http.ResponseWriter, r *http.Request, status int, name string, data page) {
	l := data.base()
	l.User = copse.UserFromContext(r.Context())
	if l.Path == "" { // a form shown again after a POST keeps the path of its page
		l.Path = r.URL.Path
	}
	l.Here = r.URL.RequestURI()
	l.Now = w.db.Now()
	if l.Notice == "" {
		l.Notice = notices[r.URL.Query().Get("notice")]
	}
	if s, err := w.db.Settings(r.Context()); err == nil {
		l.Site = s.SiteName
	} else {
		l.Site = copse.DefaultSettings().SiteName
	}
	var buf bytes.Buffer
	t, err := w.page(name)
	if err == nil {
		err = t.ExecuteTemplate(&buf, "layout", data)
	}
	if err != nil {
		slog.ErrorContext(r.Context(), "render page", "page", name, "err", err)
		if name != "error" {
			w.fail(rw, r, fmt.Errorf("web: render %s: %w", name, err))
			return
		}
		http.Error(rw, "Something went wrong on our side.", http.StatusInternalServerError)
		return
	}
	h := rw.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	// Pages show who is signed in and what they may do: never cache them in shared caches.
	// A handler that said no-store (a page shown to one browser alone) keeps it.
	if !strings.Contains(h.Get("Cache-Control"), "no-store") {
		h.Set("Cache-Control", "private, no-cache")
	}
	h.Set("Content-Length", strconv.Itoa(buf.Len())) // sent as is, not chunked
	rw.WriteHeader(status)
	rw.Write(buf.Bytes()) //nolint:errcheck // the reader went away; nothing to do
}

// redirect answers a successful POST with 303 See Other, so reloading the next page
// does not send the form again.
func redirect(rw http.ResponseWriter, r *http.Request, to string) {
	http.Redirect(rw, r, to, http.StatusSeeOther)
}

// notices are the fixed messages a redirect may ask for with ?notice=; never the
// raw text of the query, so a crafted link cannot put words in copse's mouth.
var notices = map[string]string{
	"created":      "Your community is ready. Invite people to join it.",
	"suggested":    "Your suggestion is listed. People can now say they are interested.",
	"updated":      "Your changes are saved.",
	"joined":       "You have joined this community.",
	"left":         "You have left this community.",
	"interested":   "Your interest is registered. You will see this community start here.",
	"withdrawn":    "Your interest is withdrawn.",
	"facilitating": "You are now the facilitator of this community.",
	"archived":     "This community is archived: it is read-only until it is restored.",
	"restored":     "This community is restored.",
	"role":         "The role is changed.",
	"removed":      "The person is removed from this community.",
	"added":        "The person is added to this community.",
	"signedin":     "You are signed in.",
	"signedout":    "You are signed out.",
	"profile":      "Your details are saved.",
	"password":     "Your password is changed, and your other sessions are signed out.",
	"settings":     "The site settings are saved.",
	"person":       "The account is created. Give its handle and initial password to its owner by a private channel.",
	"setup":        "Welcome! Your admin account is ready. Name the site and add people below.",
	"resource":     "The resource is in the library. Thank you for sharing it.",
	"reviewed":     "Thank you: it is recorded that you checked this resource and it is still accurate.",
	"merged":       "The duplicates are merged into this resource; their addresses now lead here.",
	"reviewdays":   "The review period is saved.",

	// the board and meetings
	"proposed":         "Your topic is on the board. Members can now vote for it.",
	"voted":            "Your vote is counted.",
	"unvoted":          "Your vote is taken back.",
	"moved":            "The topic is moved.",
	"categories":       "The board's categories are saved.",
	"scheduled":        "The meeting is scheduled. Calendars that subscribe to this community will show it.",
	"prepared":         "The meeting is prepared: build its agenda below.",
	"agenda":           "The agenda is published.",
	"recorded":         "The meeting is recorded. The topics on its agenda are now discussed.",
	"cancelled":        "The meeting is cancelled. The rest of the series goes on.",
	"restored-meeting": "The meeting is back on.",
	"rsvp":             "Your answer is saved.",
	"calendar":         "Your calendar address is ready.",
	"calendar-revoked": "Your calendar feed is stopped. Calendars subscribed to it no longer update.",

	// notifications
	"announced":       "Your announcement is on its way to the members, the subscribers, the feed and the chat channels.",
	"frequency":       "Your choices are saved.",
	"webhook":         "The webhook is added. Send it a test message to check that it works.",
	"webhook-deleted": "The webhook is removed.",
	"retry":           "The delivery is queued again: it goes out within seconds.",

	// single sign-on
	"welcome":        "Welcome! Your account is ready, made from your organisation's account.",
	"linked":         "The account is connected: you can sign in with it from now on.",
	"unlinked":       "The account is removed: you no longer sign in with it.",
	"linkmail":       "The email is on its way. Open its link in this browser within 30 minutes.",
	"rule":           "The rule is added. It applies at each person's next sign-in.",
	"rule-removed":   "The rule is removed. What it gave goes at each person's next sign-in.",
	"local-accounts": "Who may sign in with a password is saved.",
	"flag":           "The change is saved.",

	// people, recognition, teams, journeys and health
	"commitment":         "The hours you give are saved. Thank you: each community's health counts them.",
	"thresholds":         "The thresholds are saved. Ranks follow them at once.",
	"promotion":          "Confirmed. It shows on their profile.",
	"promotion-declined": "Declined. It will not be suggested again.",
	"team":               "The team is saved, and follows the rule.",
	"team-broken":        "The team is saved, but it does not follow the rule yet: see what is missing below.",
	"team-deleted":       "The team is removed.",
	"exception":          "The exception is recorded, with your reason.",
	"exception-removed":  "The exception is withdrawn: the finding counts again.",
	"journey":            "The journey is saved.",
	"journey-deleted":    "The journey is removed.",
	"step":               "Your progress is saved.",
	"journey-done":       "You have done every step of this journey. Welcome aboard!",

	// community help and the status page
	"asked":                 "Your question is in the community’s questions and answers. Answers will appear here.",
	"sos":                   "Your question is marked urgent and raised in the urgent channel. If nobody answers in time, it goes to the platform team.",
	"outage":                "Your report is with the platform team. Watch the status page for what they find.",
	"answered":              "Your answer is posted. Thank you for helping.",
	"accepted":              "The answer is accepted: the next person with this problem will find it first.",
	"closed":                "The question is closed.",
	"reopened":              "The question is open again.",
	"duplicate":             "The question is marked as asked before; readers are sent to the original.",
	"help-settings":         "Where help goes is saved.",
	"service":               "The service is on the status page.",
	"incident":              "The incident is open. The alerts channel and the feed have it.",
	"incident-updated":      "The update is posted.",
	"resolved":              "The incident is resolved.",
	"maintenance":           "The maintenance is scheduled and announced.",
	"maintenance-cancelled": "The maintenance is cancelled.",
}

// withNotice adds ?notice=key to a local path.
func withNotice(path, key string) string {
	u, err := url.Parse(path)
	if err != nil {
		return path
	}
	q := u.Query()
	q.Set("notice", key)
	u.RawQuery = q.Encode()
	return u.String()
}

// localNext returns next when it is a path on this site, else fallback; it is how
// ?next= avoids becoming an open redirect ("//evil.example", "/\evil.example" and
// "https://evil.example" are all refused).
func localNext(next, fallback string) string {
	if next == "" || next[0] != '/' || len(next) > 1 && (next[1] == '/' || next[1] == '\\') {
		return fallback
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil {
		return fallback
	}
	for _, c := range next {
		if c < 0x20 || c == 0x7f || c == '\\' {
			return fallback
		}
	}
	return next
}
