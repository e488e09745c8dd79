package api

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// These tests keep openapi.json honest about the code's shape: every route of
// routeTable is described and nothing else is, and the document is well formed.
// openapi_conformance_test.go (package api_test, because it starts the real server,
// which imports this package) checks the responses against the document's schemas.

// pathItemMethods are the operations an OpenAPI path item may hold.
var pathItemMethods = []string{"get", "put", "post", "delete", "options", "head", "patch", "trace"}

func loadOpenAPI(t *testing.T) map[string]any {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal(openapi, &doc); err != nil {
		t.Fatalf("openapi.json does not parse: %v", err)
	}
	return doc
}

// documentedOp is one documented method and path.
type documentedOp struct {
	method, path string // "GET", "/api/v1/communities/{slug}"
	item, op     map[string]any
}

func (o documentedOp) String() string { return o.method + " " + o.path }

func documentedOps(t *testing.T, doc map[string]any) []documentedOp {
	t.Helper()
	paths, ok := doc["paths"].(map[string]any)
	if !ok {
		t.Fatal("openapi.json has no paths object")
	}
	var ops []documentedOp
	for path, v := range paths {
		item, _ := v.(map[string]any)
		for _, m := range pathItemMethods {
			if op, ok := item[m].(map[string]any); ok {
				ops = append(ops, documentedOp{strings.ToUpper(m), path, item, op})
			}
		}
	}
	slices.SortFunc(ops, func(a, b documentedOp) int { return strings.Compare(a.String(), b.String()) })
	return ops
}

func TestOpenAPIDocument(t *testing.T) {
	doc := loadOpenAPI(t)
	if v, _ := doc["openapi"].(string); !strings.HasPrefix(v, "3.1") {
		t.Errorf("openapi = %q, want 3.1.x", v)
	}
	info, _ := doc["info"].(map[string]any)
	if info["title"] != "copse" || info["version"] != "1" || info["description"] == "" {
		t.Errorf("info = %v, want title copse, version 1 and a description", info)
	}
	var compact, indented bytes.Buffer
	if err := json.Compact(&compact, openapi); err == nil {
		json.Indent(&indented, compact.Bytes(), "", "  ")
	}
	if !bytes.Equal(indented.Bytes(), bytes.TrimSpace(openapi)) {
		t.Errorf("openapi.json is not indented with two spaces: reformat it with json.Indent")
	}

	ops := documentedOps(t, doc)
	if len(ops) == 0 {
		t.Fatal("openapi.json documents no operation")
	}
	tags := map[string]bool{}
	for _, tag := range doc["tags"].([]any) {
		tags[tag.(map[string]any)["name"].(string)] = true
	}
	schemes, _ := doc["components"].(map[string]any)["securitySchemes"].(map[string]any)
	ids := map[string]string{}
	for _, o := range ops {
		opTags, _ := o.op["tags"].([]any)
		if len(opTags) == 0 {
			t.Errorf("%s has no tag", o)
		}
		for _, tag := range opTags {
			if !tags[tag.(string)] {
				t.Errorf("%s has the tag %q, which the document's tags do not declare", o, tag)
			}
		}
		security, _ := o.op["security"].([]any)
		for _, req := range append(security, doc["security"].([]any)...) {
			for name := range req.(map[string]any) {
				if schemes[name] == nil {
					t.Errorf("%s: security scheme %q is not in components.securitySchemes", o, name)
				}
			}
		}
		id, _ := o.op["operationId"].(string)
		switch {
		case id == "":
			t.Errorf("%s has no operationId", o)
		case ids[id] != "":
			t.Errorf("%s and %s share the operationId %q", ids[id], o, id)
		default:
			ids[id] = o.String()
		}
		if s, _ := o.op["summary"].(string); s == "" {
			t.Errorf("%s has no summary", o)
		}
		responses, _ := o.op["responses"].(map[string]any)
		ok := false
		for code, r := range responses {
			ok = ok || strings.HasPrefix(code, "2")
			if n, err := strconv.Atoi(code); err != nil || n < 100 || n > 599 {
				t.Errorf("%s: response %q is not an HTTP status", o, code)
			}
			if r, _ := r.(map[string]any); r["$ref"] == nil && r["description"] == nil {
				t.Errorf("%s: response %s has no description", o, code)
			}
		}
		if !ok {
			t.Errorf("%s has no 2xx response", o)
		}
		checkPathParameters(t, doc, o)
	}
}

var pathParamRE = regexp.MustCompile(`\{([^}]+)\}`)

// checkPathParameters asserts that the {names} of the path and its declared path
// parameters are the same set.
func checkPathParameters(t *testing.T, doc map[string]any, o documentedOp) {
	t.Helper()
	var want, got []string
	for _, m := range pathParamRE.FindAllStringSubmatch(o.path, -1) {
		want = append(want, m[1])
	}
	for _, list := range []any{o.item["parameters"], o.op["parameters"]} {
		ps, _ := list.([]any)
		for _, p := range ps {
			p, _ := p.(map[string]any)
			if ref, ok := p["$ref"].(string); ok {
				resolved, err := resolvePointer(doc, ref)
				if err != nil {
					t.Errorf("%s: %v", o, err)
					continue
				}
				p, _ = resolved.(map[string]any)
			}
			if p["in"] == "path" {
				got = append(got, p["name"].(string))
				if p["required"] != true {
					t.Errorf("%s: path parameter %v must be required", o, p["name"])
				}
			}
		}
	}
	slices.Sort(want)
	slices.Sort(got)
	if !slices.Equal(want, got) {
		t.Errorf("%s: path parameters %v are declared as %v", o, want, got)
	}
}

// TestOpenAPIRoutes checks routeTable against the document both ways. The handlers
// are built with a nil store and never called.
func TestOpenAPIRoutes(t *testing.T) {
	documented := map[string]bool{}
	for _, o := range documentedOps(t, loadOpenAPI(t)) {
		documented[o.String()] = true
	}
	served := map[string]bool{}
	for _, rt := range routeTable(nil) {
		method, path, ok := strings.Cut(rt.pattern, " ")
		if !ok {
			t.Errorf("route %q has no method: every API route names one", rt.pattern)
			continue
		}
		served[method+" "+path] = true
		if !documented[method+" "+path] {
			t.Errorf("route %s is served but not documented in openapi.json: add an operation for it under paths[%q].%s",
				rt.pattern, path, strings.ToLower(method))
		}
	}
	for op := range documented {
		if !served[op] {
			t.Errorf("openapi.json documents %s, but routeTable has no such route: remove it or add the route", op)
		}
	}
}

// TestOpenAPIRefs resolves every $ref in the document.
func TestOpenAPIRefs(t *testing.T) {
	doc := loadOpenAPI(t)
	n := 0
	var walk func(where string, v any)
	walk = func(where string, v any) {
		switch v := v.(type) {
		case map[string]any:
			if ref, ok := v["$ref"].(string); ok {
				n++
				if _, err := resolvePointer(doc, ref); err != nil {
					t.Errorf("%s: %v", where, err)
				}
			}
			for k, child := range v {
				walk(where+"/"+k, child)
			}
		case []any:
			for i, child := range v {
				walk(where+"/"+strconv.Itoa(i), child)
			}
		}
	}
	walk("#", doc)
	if n == 0 {
		t.Error("no $ref found: the walk is broken")
	}
}

// resolvePointer follows a local JSON pointer such as #/components/schemas/Community.
func resolvePointer(doc map[string]any, ref string) (any, error) {
	pointer, ok := strings.CutPrefix(ref, "#/")
	if !ok {
		return nil, fmt.Errorf("$ref %s: only local references (#/…) are used here", ref)
	}
	var v any = doc
	for _, tok := range strings.Split(pointer, "/") {
		tok = strings.NewReplacer("~1", "/", "~0", "~").Replace(tok)
		m, ok := v.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("$ref %s goes through a value that is not an object", ref)
		}
		if v, ok = m[tok]; !ok {
			return nil, fmt.Errorf("$ref %s names nothing: there is no %q", ref, tok)
		}
	}
	return v, nil
}
