package webhook_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/webhook"
)

var msg = webhook.Message{
	ID: "msg_0123456789abcdef01234567", Event: "meeting.scheduled", Community: "Infrastructure as Code",
	Title: "Meeting scheduled: Lean Coffee", Text: "Bring a topic.", URL: "https://copse.example.org/communities/iac/meetings/3",
	Fields: []webhook.Field{{Title: "When", Value: "Thursday 26 March 2026, 11:00–12:00 GMT (Europe/London)", Short: true}},
	Time:   time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC), Data: json.RawMessage(`{"meeting_id": 3}`),
}

func body(t *testing.T, format string) map[string]any {
	t.Helper()
	b, err := webhook.Body(format, msg)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func keys(m map[string]any) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// TestSlackBody: the body has the shape of the real one BC Gov teams post into
// Rocket.Chat (text, and attachments with title, title_link, pretext, color,
// fields of title/value/short), which Slack and Mattermost document too.
func TestSlackBody(t *testing.T) {
	raw, err := os.ReadFile("../../../shared/testdata/webhooks-real-examples/bcgov-sysdig-to-rocketchat-rendered-example.json")
	if err != nil {
		t.Skipf("the real example is not beside the repository: %v", err)
	}
	var real map[string]any
	if err := json.Unmarshal(raw, &real); err != nil {
		t.Fatal(err)
	}
	got := body(t, copse.FormatSlack)
	if got["text"] != "Infrastructure as Code: Meeting scheduled: Lean Coffee" {
		t.Errorf("text %v", got["text"])
	}
	realAtt := real["attachments"].([]any)[0].(map[string]any)
	att := got["attachments"].([]any)[0].(map[string]any)
	for _, k := range keys(realAtt) {
		if _, ok := att[k]; !ok {
			t.Errorf("the attachment lacks %q, which the real example has", k)
		}
	}
	if att["title_link"] != msg.URL || att["color"] != "#2f6f4f" || att["fallback"] == "" {
		t.Errorf("attachment %v", att)
	}
	realField := realAtt["fields"].([]any)[0].(map[string]any)
	field := att["fields"].([]any)[0].(map[string]any)
	if !slices.Equal(keys(field), keys(realField)) {
		t.Errorf("field keys %v, the real example's %v", keys(field), keys(realField))
	}
	if _, ok := att["ts"].(float64); !ok {
		t.Error("ts must be a number (seconds since the epoch)")
	}
}

// TestTeamsBody: a Teams Workflows message: type "message", one attachment whose
// contentType is the Adaptive Card's and whose content is a card of version 1.4
// with TextBlocks, a FactSet and an OpenUrl action, as Microsoft documents.
func TestTeamsBody(t *testing.T) {
	got := body(t, copse.FormatTeams)
	if got["type"] != "message" {
		t.Fatalf("type %v", got["type"])
	}
	att := got["attachments"].([]any)[0].(map[string]any)
	if att["contentType"] != "application/vnd.microsoft.card.adaptive" || att["contentUrl"] != nil {
		t.Errorf("attachment %v", att)
	}
	card := att["content"].(map[string]any)
	if card["type"] != "AdaptiveCard" || card["version"] != "1.4" || card["$schema"] != "http://adaptivecards.io/schemas/adaptive-card.json" {
		t.Errorf("card %v", card)
	}
	var types []string
	for _, el := range card["body"].([]any) {
		el := el.(map[string]any)
		types = append(types, el["type"].(string))
		if el["type"] == "TextBlock" && (el["text"] == "" || el["wrap"] != true) {
			t.Errorf("TextBlock %v", el)
		}
		if el["type"] == "FactSet" {
			f := el["facts"].([]any)[0].(map[string]any)
			if !slices.Equal(keys(f), []string{"title", "value"}) {
				t.Errorf("fact %v", f)
			}
		}
	}
	if !slices.Equal(types, []string{"TextBlock", "TextBlock", "TextBlock", "FactSet"}) {
		t.Errorf("body elements %v", types)
	}
	action := card["actions"].([]any)[0].(map[string]any)
	if action["type"] != "Action.OpenUrl" || action["url"] != msg.URL || action["title"] == "" {
		t.Errorf("action %v", action)
	}
}

// TestSignature checks the Standard Webhooks test vector, and that a receiver
// refuses a changed body, a wrong secret and an old timestamp.
func TestSignature(t *testing.T) {
	const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
	body := []byte(`{"test": 2432232314}`)
	if got := webhook.Sign(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", "1614265330", body); got != "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=" {
		t.Fatalf("signature %s differs from the specification's example", got)
	}
	now := time.Unix(1614265330, 0)
	sig := webhook.Sign(secret, "msg_1", "1614265330", body)
	for _, c := range []struct {
		name   string
		secret string
		body   string
		now    time.Time
		ok     bool
	}{
		{"as sent", secret, string(body), now, true},
		{"changed body", secret, `{"test": 1}`, now, false},
		{"other secret", "whsec_" + strings.Repeat("A", 32), string(body), now, false},
		{"replayed later", secret, string(body), now.Add(10 * time.Minute), false},
	} {
		if got := webhook.Verify(c.secret, "msg_1", "1614265330", "v1,bogus "+sig, []byte(c.body), c.now, 5*time.Minute); got != c.ok {
			t.Errorf("%s: verified %v, want %v", c.name, got, c.ok)
		}
	}
}

// TestSendOutcomes: how each answer of a receiver is read.
func TestSendOutcomes(t *testing.T) {
	for _, c := range []struct {
		status    int
		retry     string
		ok, perm  bool
		retryWait time.Duration
	}{
		{200, "", true, false, 0},
		{204, "", true, false, 0},
		{500, "", false, false, 0},
		{429, "120", false, false, 2 * time.Minute},
		{404, "", false, true, 0},
		{302, "", false, true, 0},
	} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Header.Get("Content-Type") != "application/json" || r.Header.Get("Idempotency-Key") != msg.ID {
				t.Errorf("headers %v", r.Header)
			}
			if c.retry != "" {
				w.Header().Set("Retry-After", c.retry)
			}
			if c.status == 302 {
				w.Header().Set("Location", "https://elsewhere.example.org/")
			}
			w.WriteHeader(c.status)
			w.Write([]byte("no_service"))
		}))
		res := webhook.New().Send(context.Background(), &copse.Webhook{URL: srv.URL, Format: copse.FormatSlack}, msg, msg.Time)
		srv.Close()
		if (res.Err == nil) != c.ok || res.Permanent != c.perm || res.RetryAfter != c.retryWait || res.Status != c.status {
			t.Errorf("%d: %+v", c.status, res)
		}
		if !strings.HasPrefix(res.Response, strings.TrimSpace(http.StatusText(c.status))) && !strings.Contains(res.Response, http.StatusText(c.status)) {
			t.Errorf("%d: response %q", c.status, res.Response)
		}
	}
	// Cloud metadata addresses are refused before any connection.
	res := webhook.New().Send(context.Background(), &copse.Webhook{URL: "http://169.254.169.254/latest/meta-data", Format: copse.FormatSigned}, msg, msg.Time)
	if res.Err == nil || !strings.Contains(res.Response, "link-local") {
		t.Errorf("metadata address: %+v", res)
	}
}
