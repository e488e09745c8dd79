// Package importer reads Markdown files with YAML front matter — the way real
// organisations keep their resources in Git (seed 001, BC Gov's DevHub) — and
// imports them into the library: from folders on disk (copse import resources),
// from a zip or a set of uploaded files (the admin page and the API).
//
// Real repositories are untidy, so the reader is tolerant where it can be sure
// of the author's meaning (persona or personas, labels or tags, a title from the
// first heading, tab-indented lists) and strict where it cannot: a file it cannot
// read fails alone, with its path and line, and the rest of the import goes on.
package importer

import (
	"bytes"
	"fmt"
	"path"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/copse-dev/copse"
)

// MaxFile is the largest file imported: a resource's body may be at most this.
const MaxFile = copse.MaxResourceBody

// Problem is something wrong with one file, where it is and why.
type Problem struct {
	File    string `json:"file"`
	Line    int    `json:"line,omitempty"` // 0 when the problem is the whole file
	Message string `json:"message"`
}

func (p Problem) String() string {
	if p.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Message)
	}
	return p.File + ": " + p.Message
}

// Parsed is a file read as a resource, with the line of each front matter key,
// so a field the store refuses can be reported where it is written.
type Parsed struct {
	Resource copse.NewResource
	Lines    map[string]int // field name (as the store names it) → line
	Warnings []Problem
}

// fields maps the front matter keys copse knows, in the spellings real
// repositories use, to the store's field names. Keys are compared in lower case
// without - and _.
var fields = map[string]string{
	"title": "title", "description": "description", "summary": "description",
	"resourcetype": "resource_type", "type": "resource_type",
	"persona": "personas", "personas": "personas", "audience": "personas",
	"tags": "tags", "tag": "tags", "labels": "tags", "label": "tags", "keywords": "tags",
	"community": "community", "url": "url", "link": "url",
	"author": "authors", "authors": "authors", "maintainer": "authors", "maintainers": "authors",
	"reviewby": "review_by", "visibility": "visibility",
}

var yamlLine = regexp.MustCompile(`line (\d+)`)

// Parse reads one Markdown file. name is how messages name it.
func Parse(name string, data []byte) (*Parsed, error) {
	fail := func(line int, format string, args ...any) (*Parsed, error) {
		return nil, Problem{File: name, Line: line, Message: fmt.Sprintf(format, args...)}
	}
	switch {
	case len(data) > MaxFile:
		return fail(0, "is %d bytes, larger than the %d bytes (1 MiB) a resource may be; split it", len(data), MaxFile)
	case bytes.IndexByte(data, 0) >= 0 || !utf8.Valid(data):
		return fail(0, "is not a text file (it holds binary data or is not UTF-8)")
	}
	text := strings.ReplaceAll(strings.TrimPrefix(string(data), "\ufeff"), "\r\n", "\n")
	p := &Parsed{Lines: map[string]int{}}
	body, meta, metaLine, err := splitFrontMatter(text)
	if err != nil {
		return fail(1, "%v", err)
	}
	if meta != "" {
		doc, warn, err := parseYAML(meta)
		if err != nil {
			line := 0
			if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
				line, _ = strconv.Atoi(m[1])
				// yaml.v3 counts lines from 0 in its parser's errors ("did not find
				// expected …") and from 1 in its scanner's.
				if strings.Contains(err.Error(), "did not find expected") {
					line++
				}
				line += metaLine - 1
			}
			return fail(line, "the front matter is not valid YAML: %s", strings.TrimPrefix(yamlLine.ReplaceAllString(err.Error(), "line "+strconv.Itoa(line)), "yaml: "))
		}
		if warn > 0 {
			p.Warnings = append(p.Warnings, Problem{File: name, Line: warn + metaLine - 1,
				Message: "the front matter is indented with tabs, which YAML does not allow; read as if each tab were 4 spaces"})
		}
		if err := p.mapFields(name, doc, metaLine); err != nil {
			return nil, err
		}
	}
	p.Resource.Body = strings.TrimSpace(body)
	if p.Resource.Title == "" {
		p.Resource.Title = firstHeading(p.Resource.Body)
		if p.Resource.Title == "" {
			base := strings.TrimSuffix(path.Base(name), path.Ext(name))
			p.Resource.Title = strings.TrimSpace(strings.NewReplacer("-", " ", "_", " ").Replace(base))
			p.Warnings = append(p.Warnings, Problem{File: name, Message: "has no title and no heading; titled after its file name"})
		}
	}
	p.Resource.Body = dropTitleHeading(p.Resource.Body, p.Resource.Title)
	if p.Resource.Body == "" && p.Resource.URL == "" {
		return fail(0, "has no body and no url: there is nothing to import")
	}
	return p, nil
}

// splitFrontMatter cuts a leading "---" block from the text. metaLine is the
// file line of the block's first line. A "---" further down is a thematic
// break, not front matter.
func splitFrontMatter(text string) (body, meta string, metaLine int, err error) {
	first, rest, _ := strings.Cut(text, "\n")
	if strings.TrimRight(first, " \t") != "---" {
		return text, "", 0, nil
	}
	lines := strings.SplitAfter(rest, "\n")
	for i, l := range lines {
		if t := strings.TrimRight(l, " \t\n"); t == "---" || t == "..." {
			return strings.Join(lines[i+1:], ""), strings.Join(lines[:i], ""), 2, nil
		}
	}
	return "", "", 0, fmt.Errorf("the front matter opened by --- on line 1 is never closed by a --- line")
}

// parseYAML decodes the front matter. YAML forbids tabs in indentation, but
// real repositories indent lists with them; when that is the only problem the
// tabs are read as 4 spaces and warnLine says where the first one was.
func parseYAML(meta string) (doc *yaml.Node, warnLine int, err error) {
	doc = &yaml.Node{}
	if err = yaml.Unmarshal([]byte(meta), doc); err == nil {
		return doc, 0, nil
	}
	lines := strings.Split(meta, "\n")
	for i, l := range lines {
		indent := len(l) - len(strings.TrimLeft(l, " \t"))
		if strings.Contains(l[:indent], "\t") {
			if warnLine == 0 {
				warnLine = i + 1
			}
			lines[i] = strings.ReplaceAll(l[:indent], "\t", "    ") + l[indent:]
		}
	}
	retry := &yaml.Node{}
	if warnLine == 0 || yaml.Unmarshal([]byte(strings.Join(lines, "\n")), retry) != nil {
		return nil, 0, err
	}
	return retry, warnLine, nil
}

// mapFields reads the front matter's keys into the resource; keys copse does
// not know are kept as metadata.
func (p *Parsed) mapFields(name string, doc *yaml.Node, metaLine int) error {
	if len(doc.Content) == 0 {
		return nil
	}
	m := doc.Content[0]
	if m.Kind != yaml.MappingNode {
		return Problem{File: name, Line: m.Line + metaLine - 1, Message: "the front matter must be key: value pairs"}
	}
	r := &p.Resource
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		line := k.Line + metaLine - 1
		field := fields[strings.NewReplacer("-", "", "_", "").Replace(strings.ToLower(k.Value))]
		var val any
		if err := v.Decode(&val); err != nil {
			return Problem{File: name, Line: line, Message: fmt.Sprintf("%s: %v", k.Value, err)}
		}
		if field == "" {
			if r.Metadata == nil {
				r.Metadata = map[string]any{}
			}
			r.Metadata[k.Value] = jsonSafe(val)
			continue
		}
		if _, seen := p.Lines[field]; !seen {
			p.Lines[field] = line
		}
		switch field {
		case "personas", "tags", "authors":
			list, ok := stringList(val)
			if !ok {
				return Problem{File: name, Line: line, Message: k.Value + " must be a word or a list of words"}
			}
			dst := map[string]*[]string{"personas": &r.Personas, "tags": &r.Tags, "authors": &r.Authors}[field]
			*dst = append(*dst, list...)
		default:
			s, ok := scalar(val)
			if !ok {
				return Problem{File: name, Line: line, Message: k.Value + " must be a single value, not a list or a map"}
			}
			switch field {
			case "title":
				r.Title = s
			case "description":
				r.Description = s
			case "resource_type":
				r.ResourceType = s
			case "community":
				r.Community = s
			case "url":
				r.URL = s
			case "review_by":
				r.ReviewBy = s
			case "visibility":
				r.Visibility = copse.Visibility(strings.ToLower(s))
			}
		}
	}
	return nil
}

// scalar turns a YAML scalar into text; dates become YYYY-MM-DD.
func scalar(v any) (string, bool) {
	switch v := v.(type) {
	case nil:
		return "", true
	case string:
		return strings.TrimSpace(v), true
	case time.Time:
		if v.Hour() == 0 && v.Minute() == 0 && v.Second() == 0 {
			return v.Format(time.DateOnly), true
		}
		return v.Format(time.RFC3339), true
	case int, int64, uint64, float64, bool:
		return fmt.Sprint(v), true
	}
	return "", false
}

// stringList reads "a, b", a single value or a list of values.
func stringList(v any) ([]string, bool) {
	if s, ok := v.(string); ok {
		var out []string
		for part := range strings.SplitSeq(s, ",") {
			if part = strings.TrimSpace(part); part != "" {
				out = append(out, part)
			}
		}
		return out, true
	}
	if s, ok := scalar(v); ok {
		return []string{s}, true
	}
	items, ok := v.([]any)
	if !ok {
		return nil, false
	}
	out := make([]string, 0, len(items))
	for _, it := range items {
		s, ok := scalar(it)
		if !ok {
			return nil, false
		}
		if s != "" {
			out = append(out, s)
		}
	}
	return out, true
}

// jsonSafe turns decoded YAML into values encoding/json can write: maps keyed by
// strings, times as text.
func jsonSafe(v any) any {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			v[k] = jsonSafe(x)
		}
		return v
	case map[any]any:
		out := make(map[string]any, len(v))
		for k, x := range v {
			out[fmt.Sprint(k)] = jsonSafe(x)
		}
		return out
	case []any:
		for i, x := range v {
			v[i] = jsonSafe(x)
		}
		return v
	case time.Time:
		s, _ := scalar(v)
		return s
	}
	return v
}

var headingRE = regexp.MustCompile(`^ {0,3}#{1,6}[ \t]+(.+?)[ \t#]*$`)

// firstHeading is the text of the first ATX heading outside fenced code.
func firstHeading(body string) string {
	fenced := false
	for line := range strings.SplitSeq(body, "\n") {
		t := strings.TrimSpace(line)
		if strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~") {
			fenced = !fenced
			continue
		}
		if m := headingRE.FindStringSubmatch(line); m != nil && !fenced {
			return strings.Trim(strings.TrimSpace(m[1]), "*_")
		}
	}
	return ""
}

// dropTitleHeading removes a leading heading that repeats the title: the page
// shows the title as its own heading already.
func dropTitleHeading(body, title string) string {
	first, rest, _ := strings.Cut(body, "\n")
	if m := headingRE.FindStringSubmatch(first); m != nil && strings.EqualFold(strings.Trim(strings.TrimSpace(m[1]), "*_"), title) {
		return strings.TrimSpace(rest)
	}
	return body
}

func (p Problem) Error() string { return p.String() }
