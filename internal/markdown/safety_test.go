package markdown

import (
	"net/url"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// forbidden are elements that run code, load other documents, restyle or
// take over the page, or collect input. None may ever reach a page.
var forbidden = map[string]bool{
	"script": true, "style": true, "iframe": true, "frame": true, "frameset": true,
	"object": true, "embed": true, "applet": true, "param": true, "svg": true,
	"math": true, "form": true, "input": true, "button": true, "textarea": true,
	"select": true, "option": true, "base": true, "meta": true, "link": true,
	"noscript": true, "template": true, "title": true, "xmp": true,
	"plaintext": true, "noembed": true, "noframes": true, "video": true,
	"audio": true, "source": true, "track": true, "canvas": true, "portal": true,
	"h1": true, // the page owns the only <h1>
}

// allowedAttrs is every attribute the renderer may emit. Anything else
// (on*, style, srcset, formaction, xlink:href, http-equiv, target, …) fails.
var allowedAttrs = map[string]bool{
	"href": true, "src": true, "alt": true, "title": true, "id": true,
	"class": true, "lang": true, "dir": true, "rel": true, "loading": true,
	"align": true, "valign": true, "colspan": true, "rowspan": true,
	"headers": true, "abbr": true, "span": true, "summary": true,
	"width": true, "height": true, "start": true, "type": true, "value": true,
	"cite": true, "datetime": true, "aria-label": true, "role": true,
	"open": true, "name": true, "coords": true, "shape": true, "usemap": true,
	"min": true, "max": true, "low": true, "high": true, "optimum": true,
}

// urlAttrs are attributes a browser follows as URLs.
var urlAttrs = map[string]bool{
	"href": true, "src": true, "cite": true, "action": true, "formaction": true,
	"background": true, "poster": true, "data": true, "longdesc": true,
	"lowsrc": true, "dynsrc": true, "srcset": true, "ping": true,
}

// checkSafe fails t if out, parsed as a browser would parse it inside a
// <div>, holds anything that could run script, load a foreign document, or
// break the page's own structure. It returns the parsed nodes for further
// checks.
func checkSafe(t testing.TB, out string) []*html.Node {
	t.Helper()
	ctx := &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div}
	nodes, err := html.ParseFragment(strings.NewReader(out), ctx)
	if err != nil {
		t.Fatalf("output does not parse: %v\n%s", err, out)
	}
	for _, n := range nodes {
		walk(n, func(n *html.Node) {
			switch n.Type {
			case html.ElementNode:
				checkElement(t, n, out)
			case html.CommentNode:
				t.Errorf("comment survived: %q\nin %s", n.Data, out)
			}
		})
	}
	return nodes
}

func checkElement(t testing.TB, n *html.Node, out string) {
	t.Helper()
	if n.Namespace != "" {
		t.Errorf("foreign (%s) element <%s> in output:\n%s", n.Namespace, n.Data, out)
	}
	if forbidden[n.Data] {
		t.Errorf("forbidden element <%s> in output:\n%s", n.Data, out)
	}
	for _, a := range n.Attr {
		key := strings.ToLower(a.Key)
		if a.Namespace != "" || strings.HasPrefix(key, "on") || !allowedAttrs[key] {
			t.Errorf("attribute %s:%s=%q on <%s> in output:\n%s", a.Namespace, a.Key, a.Val, n.Data, out)
		}
		if urlAttrs[key] {
			allowed := map[string]bool{"": true, "http": true, "https": true, "mailto": true}
			if n.Data == "img" {
				delete(allowed, "mailto")
			}
			if s := scheme(a.Val); !allowed[s] {
				t.Errorf("%s with scheme %q on <%s>: %q\n%s", key, s, n.Data, a.Val, out)
			}
		}
	}
	switch n.Data {
	case "a", "area":
		if href, ok := attr(n, "href"); ok {
			if u, err := url.Parse(href); err != nil || u.Host != "" {
				rel, _ := attr(n, "rel")
				for _, want := range []string{"nofollow", "noopener", "noreferrer"} {
					if !strings.Contains(rel, want) {
						t.Errorf("external link %q has rel=%q, missing %s", href, rel, want)
					}
				}
			}
		}
	case "img":
		if v, _ := attr(n, "loading"); v != "lazy" {
			t.Errorf("img without loading=lazy: %s", out)
		}
		if _, ok := attr(n, "src"); !ok {
			t.Errorf("img without src: %s", out)
		}
	}
}

// scheme is the URL scheme a browser would use: it strips leading and
// trailing C0 controls and spaces and removes tabs and newlines anywhere
// before looking for "scheme:".
func scheme(v string) string {
	v = strings.TrimFunc(v, func(r rune) bool { return r <= ' ' })
	v = strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return -1
		}
		return r
	}, v)
	i := strings.IndexByte(v, ':')
	if i <= 0 {
		return ""
	}
	s := v[:i]
	for j, c := range s {
		letter := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
		if !letter && (j == 0 || !(c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.')) {
			return "" // a colon later in a relative path, as in "a/b:c"
		}
	}
	return strings.ToLower(s)
}

// page wraps rendered content the way a page might: inside a definition
// and a list item, where a stray or implied end tag could close the page's
// own elements.
const page = `<!DOCTYPE html><html><head></head><body><ul><li><dl><dd>` +
	`<div id="content">%s</div><span id="after">after</span>` +
	`</dd></dl></li></ul><footer id="footer">footer</footer></body></html>`

// checkContained fails t if out, placed in page, changes anything outside
// its own container: the elements after it must stay where the page put
// them.
func checkContained(t testing.TB, out string) {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(strings.Replace(page, "%s", out, 1)))
	if err != nil {
		t.Fatalf("page does not parse: %v", err)
	}
	ids := map[string]*html.Node{}
	walk(doc, func(n *html.Node) {
		if id, ok := attr(n, "id"); ok && n.Type == html.ElementNode {
			if _, seen := ids[id]; !seen {
				ids[id] = n
			}
		}
	})
	content, after, footer := ids["content"], ids["after"], ids["footer"]
	if content == nil || after == nil || footer == nil {
		t.Fatalf("page lost its own elements around:\n%s", out)
	}
	if after.Parent != content.Parent || after.Parent.Data != "dd" || after.PrevSibling != content {
		t.Errorf("content broke out of its container:\n%s", out)
	}
	if footer.Parent.Data != "body" {
		t.Errorf("content swallowed the footer:\n%s", out)
	}
}

func walk(n *html.Node, fn func(*html.Node)) {
	fn(n)
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walk(c, fn)
	}
}

func attr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

// TestScheme keeps the checker itself honest: a checker that reads every
// scheme as "" would pass everything.
func TestScheme(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://example.com", "https"},
		{"JaVaScRiPt:alert(1)", "javascript"},
		{" \x01java\tscript:alert(1)", "javascript"},
		{"java\nscript:alert(1)", "javascript"},
		{"/a/b:c", ""},
		{"#top", ""},
		{"mailto:a@example.com", "mailto"},
		{"data:image/png;base64,AAAA", "data"},
	}
	for _, tt := range tests {
		if got := scheme(tt.in); got != tt.want {
			t.Errorf("scheme(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// recorder is a testing.TB that notes failures instead of failing.
type recorder struct {
	testing.TB
	failed bool
}

func (r *recorder) Helper()               {}
func (r *recorder) Errorf(string, ...any) { r.failed = true }
func (r *recorder) Fatalf(string, ...any) { r.failed = true }

// TestCheckSafeCatches proves the checker fails on what it must catch, so a
// green hostile corpus means something.
func TestCheckSafeCatches(t *testing.T) {
	bad := []string{
		`<script>alert(1)</script>`,
		`<img src="x" onerror="alert(1)" loading="lazy">`,
		`<a href="jav&#x09;ascript:alert(1)">x</a>`,
		`<a href="https://evil.example/">no rel</a>`,
		`<img src="https://example.com/a.png">`,
		`<img src="data:image/png;base64,AAAA" loading="lazy">`,
		`<p style="color:red">x</p>`,
		`<svg><circle/></svg>`,
		`<form><button>x</button></form>`,
		`<h1>title</h1>`,
		`<!-- note -->`,
	}
	for _, b := range bad {
		rec := &recorder{TB: t}
		checkSafe(rec, b)
		if !rec.failed {
			t.Errorf("checkSafe passed %s", b)
		}
	}
	checkSafe(t, `<p><a href="https://ok.example/" rel="nofollow noopener noreferrer">ok</a> <a href="/local">here</a></p>`)

	for _, b := range []string{"</div>escaped", "<dd>a<dd>b</dd></dd>", "</dd></dl></li></ul>"} {
		rec := &recorder{TB: t}
		checkContained(rec, b)
		if !rec.failed {
			t.Errorf("checkContained passed %s", b)
		}
	}
	checkContained(t, "<details><summary>x</summary>y</details>")
}
