package api_test

import (
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"mime"
	"net/url"
	"os"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/store"
	"github.com/copse-dev/copse/internal/store/storetest"
)

// This file checks that what the server answers is what openapi.json says it
// answers: every response of a real server is validated against the schema the
// document declares for its operation and status, and each request body sent in
// hope of success against the operation's request schema. It lives in package
// api_test because it starts internal/server, which imports package api; the
// route-table checks are in openapi_test.go.
//
// Response schemas are read strictly: an object schema with properties but no
// additionalProperties accepts no other member. The document leaves response
// objects open, because fields may be added within v1 and clients must ignore
// the ones they do not know; the test is closed, so a field added to the code
// fails here until it is documented.

// oasSpec is the parsed openapi.json with a validator for the subset of JSON
// Schema 2020-12 it uses.
type oasSpec struct {
	root map[string]any
}

func loadOASSpec(t *testing.T) *oasSpec {
	t.Helper()
	b, err := os.ReadFile("openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	var root map[string]any
	if err := json.Unmarshal(b, &root); err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	return &oasSpec{root: root}
}

func (s *oasSpec) deref(v any) (map[string]any, error) {
	m, _ := v.(map[string]any)
	for i := 0; m != nil && m["$ref"] != nil; i++ {
		ref, _ := m["$ref"].(string)
		if i > 10 {
			return nil, fmt.Errorf("$ref %s: a cycle", ref)
		}
		var target any = s.root
		for _, tok := range strings.Split(strings.TrimPrefix(ref, "#/"), "/") {
			tok = strings.NewReplacer("~1", "/", "~0", "~").Replace(tok)
			obj, _ := target.(map[string]any)
			target = obj[tok]
		}
		if target == nil {
			return nil, fmt.Errorf("$ref %s resolves to nothing", ref)
		}
		m, _ = target.(map[string]any)
	}
	if m == nil {
		return nil, fmt.Errorf("not an object: %v", v)
	}
	return m, nil
}

// operation finds the operation of a method and a concrete path.
func (s *oasSpec) operation(method, path string) (map[string]any, error) {
	path, _, _ = strings.Cut(path, "?")
	paths, _ := s.root["paths"].(map[string]any)
	for tpl, item := range paths {
		if !oasPathMatches(tpl, path) {
			continue
		}
		op, _ := item.(map[string]any)[strings.ToLower(method)].(map[string]any)
		if op == nil {
			return nil, fmt.Errorf("openapi.json documents %s but not %s on it", tpl, method)
		}
		return op, nil
	}
	return nil, fmt.Errorf("openapi.json documents no path matching %s", path)
}

func oasPathMatches(template, path string) bool {
	ts, ps := strings.Split(template, "/"), strings.Split(path, "/")
	if len(ts) != len(ps) {
		return false
	}
	for i := range ts {
		if !(strings.HasPrefix(ts[i], "{") && ps[i] != "") && ts[i] != ps[i] {
			return false
		}
	}
	return true
}

// schemaAnnotations are keywords that describe and do not constrain.
var schemaAnnotations = []string{"description", "title", "examples", "default", "readOnly", "writeOnly", "deprecated"}

// validate checks v against schema and returns what is wrong, each prefixed by
// where in v it is.
func (s *oasSpec) validate(schema any, v any, at string) []string {
	sch, ok := schema.(map[string]any)
	if !ok {
		if b, ok := schema.(bool); ok && b {
			return nil
		}
		return []string{at + ": the schema is not an object"}
	}
	var errs []string
	fail := func(format string, args ...any) { errs = append(errs, at+": "+fmt.Sprintf(format, args...)) }
	if ref, ok := sch["$ref"].(string); ok {
		target, err := s.deref(map[string]any{"$ref": ref})
		if err != nil {
			return []string{at + ": " + err.Error()}
		}
		errs = append(errs, s.validate(target, v, at)...)
	}
	for k := range sch {
		switch k {
		case "$ref", "type", "required", "properties", "additionalProperties", "items", "enum", "format",
			"minimum", "maximum", "minLength", "maxLength", "maxItems", "pattern":
		default:
			if !slices.Contains(schemaAnnotations, k) {
				fail("the schema uses %q, which this validator does not know: teach it, or do without", k)
			}
		}
	}
	if t, ok := sch["type"]; ok {
		var types []string
		switch t := t.(type) {
		case string:
			types = []string{t}
		case []any:
			for _, x := range t {
				types = append(types, x.(string))
			}
		}
		if !slices.ContainsFunc(types, func(t string) bool { return oasHasType(v, t) }) {
			fail("%s is not of type %s", oasBrief(v), strings.Join(types, " or "))
			return errs
		}
	}
	if enum, ok := sch["enum"].([]any); ok && !slices.ContainsFunc(enum, func(e any) bool { return reflect.DeepEqual(e, v) }) {
		fail("%s is not one of %v", oasBrief(v), enum)
	}
	switch v := v.(type) {
	case map[string]any:
		props, _ := sch["properties"].(map[string]any)
		required, _ := sch["required"].([]any)
		for _, r := range required {
			if _, ok := v[r.(string)]; !ok {
				fail("required member %q is missing", r)
			}
		}
		for _, k := range slices.Sorted(maps.Keys(v)) {
			if p, ok := props[k]; ok {
				errs = append(errs, s.validate(p, v[k], at+"."+k)...)
				continue
			}
			switch extra := sch["additionalProperties"].(type) {
			case bool:
				if !extra {
					fail("member %q is not in the schema", k)
				}
			case map[string]any:
				errs = append(errs, s.validate(extra, v[k], at+"."+k)...)
			case nil:
				if props != nil {
					fail("member %q is not documented (add it to the schema in openapi.json)", k)
				}
			}
		}
	case []any:
		if n, ok := sch["maxItems"].(float64); ok && float64(len(v)) > n {
			fail("has %d items, more than %v", len(v), n)
		}
		if items, ok := sch["items"]; ok {
			for i, x := range v {
				errs = append(errs, s.validate(items, x, at+"["+strconv.Itoa(i)+"]")...)
			}
		}
	case string:
		n := float64(utf8.RuneCountInString(v))
		if m, ok := sch["minLength"].(float64); ok && n < m {
			fail("%s is shorter than %v characters", oasBrief(v), m)
		}
		if m, ok := sch["maxLength"].(float64); ok && n > m {
			fail("%s is longer than %v characters", oasBrief(v), m)
		}
		if p, ok := sch["pattern"].(string); ok && !regexp.MustCompile(p).MatchString(v) {
			fail("%s does not match %s", oasBrief(v), p)
		}
		switch sch["format"] {
		case nil:
		case "date-time":
			if _, err := time.Parse(time.RFC3339, v); err != nil {
				fail("%s is not an RFC 3339 date-time", oasBrief(v))
			}
		case "uri":
			if u, err := url.Parse(v); err != nil || !u.IsAbs() {
				fail("%s is not an absolute URI", oasBrief(v))
			}
		default:
			fail("format %v is not one this validator knows", sch["format"])
		}
	case float64:
		if m, ok := sch["minimum"].(float64); ok && v < m {
			fail("%v is less than %v", v, m)
		}
		if m, ok := sch["maximum"].(float64); ok && v > m {
			fail("%v is more than %v", v, m)
		}
	}
	return errs
}

func oasHasType(v any, t string) bool {
	switch v := v.(type) {
	case nil:
		return t == "null"
	case bool:
		return t == "boolean"
	case string:
		return t == "string"
	case float64:
		return t == "number" || t == "integer" && v == math.Trunc(v)
	case []any:
		return t == "array"
	case map[string]any:
		return t == "object"
	}
	return false
}

func oasBrief(v any) string {
	b, _ := json.Marshal(v)
	if len(b) > 60 {
		return string(b[:60]) + "…"
	}
	return string(b)
}

// schemaRef refers to a schema of the document's components.
func schemaRef(name string) any {
	return map[string]any{"$ref": "#/components/schemas/" + name}
}

// conforms checks a response against the document: its status must be one the
// operation declares, its content type one the status declares, and its body valid
// against that content's schema. It returns the operation's id.
func (s *oasSpec) conforms(t *testing.T, method, path, reqBody string, r response) string {
	t.Helper()
	what := fmt.Sprintf("%s %s → %d", method, path, r.status)
	op, err := s.operation(method, path)
	if err != nil {
		t.Errorf("%s: %v", what, err)
		return ""
	}
	id, _ := op["operationId"].(string)
	if reqBody != "" && r.status < 300 {
		if rb, err := s.deref(op["requestBody"]); err != nil {
			t.Errorf("%s: the body was taken, but %s documents no request body", what, id)
		} else {
			var body any
			if err := json.Unmarshal([]byte(reqBody), &body); err != nil {
				t.Fatalf("%s: the test's own body is not JSON: %v", what, err)
			}
			schema := rb["content"].(map[string]any)["application/json"].(map[string]any)["schema"]
			for _, e := range s.validate(schema, body, "request") {
				t.Errorf("%s (%s): the server took a body the document refuses: %s", what, id, e)
			}
		}
	}
	responses, _ := op["responses"].(map[string]any)
	declared, ok := responses[strconv.Itoa(r.status)]
	if !ok {
		t.Errorf("%s: %s does not document status %d (it documents %v): %s", what, id, r.status, slices.Sorted(maps.Keys(responses)), r.raw)
		return id
	}
	resp, err := s.deref(declared)
	if err != nil {
		t.Errorf("%s: %v", what, err)
		return id
	}
	content, _ := resp["content"].(map[string]any)
	if content == nil {
		if len(strings.TrimSpace(string(r.raw))) != 0 {
			t.Errorf("%s: %s documents no body for %d, but got %s", what, id, r.status, r.raw)
		}
		return id
	}
	mt, _, _ := mime.ParseMediaType(r.header.Get("Content-Type"))
	media, ok := content[mt].(map[string]any)
	if !ok {
		t.Errorf("%s: Content-Type %q is not one %s documents for %d (%v)", what, mt, id, r.status, slices.Sorted(maps.Keys(content)))
		return id
	}
	var body any
	if err := json.Unmarshal(r.raw, &body); err != nil {
		t.Errorf("%s: the body is not JSON: %v: %s", what, err, r.raw)
		return id
	}
	for _, e := range s.validate(media["schema"], body, "body") {
		t.Errorf("%s (%s): %s\n\tbody: %s", what, id, e, r.raw)
	}
	if mt == "application/problem+json" {
		if p, _ := body.(map[string]any); p["status"] != float64(r.status) {
			t.Errorf("%s: the problem's status %v is not the response's", what, p["status"])
		}
	}
	return id
}

// TestOpenAPIResponses drives the real server through every operation, and the
// error statuses callers meet, and checks each answer against openapi.json.
func TestOpenAPIResponses(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB, _ *storetest.Clock) {
		spec := loadOASSpec(t)
		s := newSite(t, db) // iac: fay facilitates, cora is core, mel a member; root is an admin, otto signed in
		const cadence = `{"rrule": "FREQ=MONTHLY;BYDAY=4TH;BYHOUR=11;BYMINUTE=0", "timezone": "Europe/London", "duration_minutes": 60}`
		badToken := []string{"Authorization", "Bearer copse_not-a-token"}
		crossSite := []string{"Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example"}
		form := []string{"Content-Type", "application/x-www-form-urlencoded"}
		steps := []struct {
			who, method, path, body string
			status                  int
			hdr                     []string
		}{
			{"", "GET", "/api/v1/openapi.json", "", 200, nil},
			{"", "GET", "/api/v1/openapi.json", "", 401, badToken},

			{"mel", "GET", "/api/v1/me", "", 200, nil},
			{"", "GET", "/api/v1/me", "", 401, nil},
			{"", "GET", "/api/v1/me", "", 401, badToken},

			{"otto", "POST", "/api/v1/communities", `{"name": "UK Public Sector Cloud", "subject": "Cloud in the public sector",
				"description": "## Vision\nHelp each other.", "tags": ["Cloud", "public sector"], "visibility": "public",
				"channel": {"name": "#cloud", "url": "https://chat.example.org/cloud"}, "cadence": ` + cadence + `,
				"links": [{"title": "Site", "url": "https://cloud.example.org"}]}`, 201, nil},
			{"otto", "POST", "/api/v1/communities", `{"name": "Quiet Ones", "subject": "Members only", "visibility": "members", "channel": {"name": "#quiet"}}`, 201, nil},
			{"mel", "POST", "/api/v1/communities", `{"name": "Accessibility", "subject": "Making services work for everyone", "suggested": true}`, 201, nil},
			{"", "POST", "/api/v1/communities", `{"name": "X ray", "subject": "X rays"}`, 401, nil},
			{"otto", "POST", "/api/v1/communities", `{"name": "X ray", "subject": "X rays"}`, 403, crossSite},
			{"otto", "POST", "/api/v1/communities", `{"name": "", "subject": "", "visibility": "secret", "channel": {"url": "javascript:x"},
				"links": [{"title": "", "url": "x"}], "cadence": {"rrule": "FREQ=MONTHLY;BYDAY=4TH;BYHOUR=11", "timezone": "Mars/Base"}}`, 422, nil},
			{"otto", "POST", "/api/v1/communities", `{"name": "IaC", "slug": "iac", "subject": "Again"}`, 409, nil},
			{"otto", "POST", "/api/v1/communities", `{"name": `, 400, nil},
			{"otto", "POST", "/api/v1/communities", `{"name": "Zed", "subject": "Zed things", "colour": "red"}`, 400, nil},
			{"otto", "POST", "/api/v1/communities", `name=Zed`, 415, form},
			{"otto", "POST", "/api/v1/communities", `{"name": "Zed", "subject": "Zed", "description": "` + strings.Repeat("x", 1<<20) + `"}`, 413, nil},

			{"", "GET", "/api/v1/communities", "", 200, nil},
			{"otto", "GET", "/api/v1/communities?status=forming,active,suggested&limit=1", "", 200, nil},
			{"", "GET", "/api/v1/communities?tag=cloud&q=public&member=otto", "", 200, nil},
			{"", "GET", "/api/v1/communities?status=asleep", "", 422, nil},
			{"", "GET", "/api/v1/communities?limit=0", "", 422, nil},
			{"", "GET", "/api/v1/communities?cursor=%21%21%21", "", 422, nil},
			{"", "GET", "/api/v1/communities", "", 401, badToken},

			{"", "GET", "/api/v1/communities/uk-public-sector-cloud", "", 200, nil},
			{"", "GET", "/api/v1/communities/iac", "", 200, nil},
			{"otto", "GET", "/api/v1/communities/quiet-ones", "", 200, nil},
			{"mel", "GET", "/api/v1/communities/quiet-ones", "", 404, nil},
			{"", "GET", "/api/v1/communities/no-such-thing", "", 404, nil},

			{"fay", "PATCH", "/api/v1/communities/iac", `{"description": "Terraform, Pulumi and friends.", "tags": ["terraform"], "cadence": ` + cadence + `,
				"links": [{"title": "Modules", "url": "https://git.example.org/iac"}], "channel": {"name": "#cp_iac", "url": "https://chat.example.org/iac"}}`, 200, nil},
			{"fay", "PATCH", "/api/v1/communities/iac", `{"cadence": null}`, 200, nil},
			{"mel", "PATCH", "/api/v1/communities/iac", `{"name": "Mine now"}`, 403, nil},
			{"", "PATCH", "/api/v1/communities/iac", `{"name": "Mine now"}`, 401, nil},
			{"fay", "PATCH", "/api/v1/communities/iac", `{"visibility": "secret", "links": [{"title": "x", "url": "ftp://x"}]}`, 422, nil},
			{"fay", "PATCH", "/api/v1/communities/iac", `{"slug": "renamed"}`, 400, nil},
			{"fay", "PATCH", "/api/v1/communities/iac", `{}`, 415, []string{"Content-Type", "text/plain"}},
			{"fay", "PATCH", "/api/v1/communities/no-such-thing", `{"name": "Ghost"}`, 404, nil},
			{"fay", "PATCH", "/api/v1/communities/iac", `{"status": "archived"}`, 200, nil},
			{"fay", "PATCH", "/api/v1/communities/iac", `{"name": "Still here"}`, 409, nil},
			{"fay", "PATCH", "/api/v1/communities/iac", `{"status": "active"}`, 200, nil},

			{"", "GET", "/api/v1/communities/iac/members", "", 200, nil},
			{"", "GET", "/api/v1/communities/iac/members?role=core&limit=1", "", 200, nil},
			{"", "GET", "/api/v1/communities/iac/members?limit=2", "", 200, nil},
			{"", "GET", "/api/v1/communities/iac/members?role=boss", "", 422, nil},
			{"", "GET", "/api/v1/communities/no-such-thing/members", "", 404, nil},

			{"otto", "POST", "/api/v1/communities/iac/members", "", 200, nil},
			{"otto", "POST", "/api/v1/communities/iac/members", `{"role": "contributor"}`, 409, nil},
			{"mel", "POST", "/api/v1/communities/iac/members", `{"handle": "root", "role": "core"}`, 403, nil},
			{"fay", "POST", "/api/v1/communities/iac/members", `{"handle": "root", "role": "core"}`, 200, nil},
			{"fay", "POST", "/api/v1/communities/iac/members", `{"handle": "nobody-here"}`, 422, nil},
			{"", "POST", "/api/v1/communities/iac/members", "", 401, nil},
			{"otto", "POST", "/api/v1/communities/accessibility/members", `{"role": "member"}`, 409, nil},
			{"otto", "POST", "/api/v1/communities/iac/members", `{"role": "member", "extra": 1}`, 400, nil},

			{"fay", "PATCH", "/api/v1/communities/iac/members/otto", `{"role": "contributor"}`, 200, nil},
			{"mel", "PATCH", "/api/v1/communities/iac/members/cora", `{"role": "member"}`, 403, nil},
			{"fay", "PATCH", "/api/v1/communities/iac/members/otto", `{"role": "boss"}`, 422, nil},
			{"fay", "PATCH", "/api/v1/communities/iac/members/nobody-here", `{"role": "core"}`, 404, nil},
			{"fay", "PATCH", "/api/v1/communities/iac/members/fay", `{"role": "member"}`, 409, nil},

			{"otto", "DELETE", "/api/v1/communities/iac/members/otto", "", 204, nil},
			{"otto", "DELETE", "/api/v1/communities/iac/members/otto", "", 404, nil},
			{"mel", "DELETE", "/api/v1/communities/iac/members/cora", "", 403, nil},
			{"", "DELETE", "/api/v1/communities/iac/members/cora", "", 401, nil},
			{"fay", "DELETE", "/api/v1/communities/iac/members/fay", "", 409, nil},

			{"otto", "POST", "/api/v1/communities/accessibility/interest", "", 200, nil},
			{"otto", "POST", "/api/v1/communities/iac/interest", "", 409, nil},
			{"", "POST", "/api/v1/communities/accessibility/interest", "", 401, nil},
			{"otto", "POST", "/api/v1/communities/accessibility/interest", "", 403, crossSite},
			{"otto", "DELETE", "/api/v1/communities/accessibility/interest", "", 200, nil},
			{"otto", "DELETE", "/api/v1/communities/no-such-thing/interest", "", 404, nil},

			{"mel", "POST", "/api/v1/resources", `{"title": "Migrating Jenkins", "description": "Move pipelines.", "resource_type": "Documentation",
				"personas": ["Developer"], "tags": ["ci/cd"], "body": "## Why\nJenkins is older; Tekton is native.", "community": "iac",
				"authors": ["mel"], "review_by": "2026-09-30"}`, 201, nil},
			{"otto", "POST", "/api/v1/resources", `{"title": "Cloud deck", "url": "https://example.org/deck.pdf", "visibility": "signed-in"}`, 201, nil},
			{"", "POST", "/api/v1/resources", `{"title": "X", "body": "x"}`, 401, nil},
			{"otto", "POST", "/api/v1/resources", `{"title": "X", "body": "x", "community": "iac"}`, 403, nil},
			{"otto", "POST", "/api/v1/resources", `{"title": "", "url": "ftp://x", "review_by": "soon"}`, 422, nil},
			{"otto", "POST", "/api/v1/resources", `{"title": "X", "colour": "red"}`, 400, nil},
			{"", "GET", "/api/v1/resources", "", 200, nil},
			{"otto", "GET", "/api/v1/resources?type=Documentation&persona=Developer&tag=ci/cd&community=iac&q=jenkins&sort=title&limit=1", "", 200, nil},
			{"", "GET", "/api/v1/resources?needs_review=true&sort=oldest", "", 200, nil},
			{"", "GET", "/api/v1/resources?sort=sideways", "", 422, nil},
			{"", "GET", "/api/v1/resources?needs_review=maybe", "", 422, nil},
			{"", "GET", "/api/v1/resources/1", "", 200, nil},
			{"", "GET", "/api/v1/resources/2", "", 404, nil},
			{"", "GET", "/api/v1/resources/abc", "", 404, nil},
			{"fay", "PATCH", "/api/v1/resources/1", `{"tags": ["ci/cd", "jenkins"], "review_by": ""}`, 200, nil},
			{"otto", "PATCH", "/api/v1/resources/1", `{"title": "Mine"}`, 403, nil},
			{"", "PATCH", "/api/v1/resources/1", `{"title": "Mine"}`, 401, nil},
			{"fay", "PATCH", "/api/v1/resources/1", `{"visibility": "secret"}`, 422, nil},
			{"fay", "PATCH", "/api/v1/resources/1", `{"slug": "x"}`, 400, nil},
			{"mel", "POST", "/api/v1/resources/1/review", "", 200, nil},
			{"otto", "POST", "/api/v1/resources/1/review", "", 403, nil},
			{"root", "POST", "/api/v1/imports", `{"files": [{"path": "docs/guide.md", "content": "---\ntitle: Guide\ntags: [a]\n---\nWords."},
				{"path": "docs/bad.md", "content": "---\ntitle: [\n---\nx"}]}`, 200, nil},
			{"mel", "POST", "/api/v1/imports", `{"files": []}`, 403, nil},
			{"", "POST", "/api/v1/imports", `{"files": []}`, 401, nil},
			{"root", "POST", "/api/v1/imports", `{"files": [{"path": "x.txt", "content": "x"}]}`, 422, nil},
			{"", "GET", "/api/v1/search?q=jenkins", "", 200, nil},
			{"otto", "GET", "/api/v1/search?q=tekt&kind=resource&community=iac&limit=5", "", 200, nil},
			{"", "GET", "/api/v1/search?q=", "", 422, nil},
			{"", "GET", "/api/v1/search?q=x&kind=spaceship", "", 422, nil},
			{"otto", "DELETE", "/api/v1/resources/2", "", 204, nil},
			{"otto", "DELETE", "/api/v1/resources/1", "", 403, nil},

			{"", "GET", "/api/v1/settings", "", 200, nil},
			{"root", "PATCH", "/api/v1/settings", `{"site_name": "Guild Hall", "min_members": 4}`, 200, nil},
			{"mel", "PATCH", "/api/v1/settings", `{"min_members": 1}`, 403, nil},
			{"root", "PATCH", "/api/v1/settings", `{"min_members": 0, "site_name": ""}`, 422, nil},
			{"root", "PATCH", "/api/v1/settings", `{"min_members": "four"}`, 400, nil},
			{"", "PATCH", "/api/v1/settings", `{"min_members": 2}`, 401, badToken},
		}
		steps = append(steps, boardAndMeetingSteps()...)   // meetings_conformance_test.go
		steps = append(steps, notificationSteps(t, db)...) // notifications_conformance_test.go
		steps = append(steps, peopleSteps()...)            // people_conformance_test.go
		steps = append(steps, helpSteps(s)...)             // questions_conformance_test.go
		seen := map[string][]int{}
		for _, st := range steps {
			r := s.call(st.who, st.method, st.path, st.body, st.hdr...)
			if r.status != st.status {
				t.Errorf("%s %s as %q: status %d, want %d: %.300s", st.method, st.path, st.who, r.status, st.status, r.raw)
				continue
			}
			if id := spec.conforms(t, st.method, st.path, st.body, r); id != "" {
				seen[id] = append(seen[id], r.status)
			}
		}
		// Every operation is exercised, and succeeds at least once.
		for _, o := range oasOperationIDs(spec) {
			if !slices.ContainsFunc(seen[o], func(c int) bool { return c < 300 }) {
				t.Errorf("no step makes %s succeed: add one", o)
			}
		}
	})
}

func oasOperationIDs(s *oasSpec) []string {
	var ids []string
	for _, item := range s.root["paths"].(map[string]any) {
		for _, op := range item.(map[string]any) {
			if op, ok := op.(map[string]any); ok && op["operationId"] != nil {
				ids = append(ids, op["operationId"].(string))
			}
		}
	}
	slices.Sort(ids)
	return ids
}

// TestOpenAPIValidator shows that the conformance test would notice drift: a Go
// value marshals to what its schema says, and an undocumented field, a missing
// required one or a wrong type are each caught.
func TestOpenAPIValidator(t *testing.T) {
	spec := loadOASSpec(t)
	at := time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)
	full := copse.Community{
		Slug: "iac", Name: "Infrastructure as Code", Subject: "Terraform", Tags: []string{"terraform"},
		Status: copse.StatusActive, Visibility: copse.VisibilityPublic,
		Channel: copse.Channel{Name: "#cp_iac", URL: "https://chat.example.org/iac"},
		Cadence: &copse.Cadence{RRule: "FREQ=MONTHLY;BYDAY=4TH;BYHOUR=11;BYMINUTE=0", Timezone: "Europe/London",
			DurationMinutes: 60, Description: "Monthly on the fourth Thursday, 11:00–12:00 London time"},
		MemberCount: 3, Facilitators: []string{"fay"}, Links: []copse.Link{{Title: "Modules", URL: "https://git.example.org/iac"}},
		CreatedAt: at, UpdatedAt: at,
	}
	bare := copse.Community{Slug: "bare", Name: "Bare", Subject: "Nothing yet", Tags: []string{}, Status: copse.StatusForming,
		Visibility: copse.VisibilityMembers, Facilitators: []string{}, Links: []copse.Link{}, CreatedAt: at, UpdatedAt: at}
	for name, v := range map[string]any{
		"Community": full, "Community (bare)": bare,
		"Member":   copse.Member{Handle: "fay", Name: "Fay", Role: copse.RoleFacilitator, JoinedAt: at},
		"Settings": copse.DefaultSettings(),
	} {
		if errs := spec.validate(schemaRef(strings.Fields(name)[0]), oasJSON(t, v), "body"); len(errs) > 0 {
			t.Errorf("%s: the Go value does not match its schema: %v", name, errs)
		}
	}

	tests := []struct {
		name   string
		schema string
		change func(m map[string]any)
		want   string
	}{
		{"undocumented field", "Community", func(m map[string]any) { m["secret"] = 1 }, `member "secret" is not documented`},
		{"undocumented nested field", "Community", func(m map[string]any) { m["cadence"].(map[string]any)["next"] = "x" }, `body.cadence: member "next"`},
		{"missing required field", "Community", func(m map[string]any) { delete(m, "slug") }, `required member "slug" is missing`},
		{"wrong type", "Community", func(m map[string]any) { m["member_count"] = "3" }, "body.member_count"},
		{"not an integer", "Community", func(m map[string]any) { m["member_count"] = 2.5 }, "not of type integer"},
		{"not a status", "Community", func(m map[string]any) { m["status"] = "asleep" }, "body.status"},
		{"not a time", "Community", func(m map[string]any) { m["created_at"] = "yesterday" }, "RFC 3339"},
		{"null where not nullable", "Community", func(m map[string]any) { m["channel"] = nil }, "body.channel"},
		{"bad array item", "Community", func(m map[string]any) { m["links"] = []any{map[string]any{"title": "x"}} }, `body.links[0]: required member "url"`},
		{"closed object", "CommunityCreate", func(m map[string]any) { m["colour"] = "red" }, `member "colour" is not in the schema`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var m map[string]any
			if tt.schema == "CommunityCreate" {
				m = map[string]any{"name": "Zed", "subject": "Zed things"}
			} else {
				m = oasJSON(t, full).(map[string]any)
			}
			tt.change(m)
			errs := spec.validate(schemaRef(tt.schema), m, "body")
			if !slices.ContainsFunc(errs, func(e string) bool { return strings.Contains(e, tt.want) }) {
				t.Errorf("want an error containing %q, got %q", tt.want, errs)
			}
		})
	}
}

func oasJSON(t *testing.T, v any) any {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var out any
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}
