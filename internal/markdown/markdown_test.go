package markdown

import (
	"fmt"
	"html/template"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"
)

// features is what a member writing a charter or a how-to expects to see.
// want are fragments of the HTML, in order; not must be absent.
var features = []struct {
	name, in  string
	want, not []string
}{
	{"paragraph", "Hello *world*.", []string{"<p>Hello <em>world</em>.</p>"}, nil},
	{"table",
		"| Role | Count |\n|:-----|------:|\n| Lead | 2 |\n| Member |",
		[]string{"<table>", `<th align="left">Role</th>`, `<th align="right">Count</th>`,
			`<td align="left">Lead</td>`, `<td align="right">2</td>`, "<td>", "</table>"},
		[]string{"style="}},
	{"strikethrough", "~~old~~ new", []string{"<del>old</del> new"}, nil},
	{"task list", "- [x] Draft charter\n- [ ] Find a host",
		[]string{`<li><span class="task" role="img" aria-label="Done">☑</span> Draft charter</li>`,
			`<li><span class="task" role="img" aria-label="Not done">☐</span> Find a host</li>`},
		[]string{"<input"}},
	{"autolink url", "See https://example.com/x.",
		[]string{`<a href="https://example.com/x" rel="nofollow noopener noreferrer">https://example.com/x</a>.`}, nil},
	{"autolink www", "See www.example.com today",
		[]string{`<a href="http://www.example.com" rel="nofollow noopener noreferrer">www.example.com</a>`}, nil},
	{"autolink email", "Mail team@example.com",
		[]string{`<a href="mailto:team@example.com">team@example.com</a>`}, []string{"rel="}},
	{"fenced code", "```go\nfmt.Println(\"<hi>\")\n```",
		[]string{`<pre><code class="language-go">fmt.Println(&#34;&lt;hi&gt;&#34;)`}, nil},
	{"fenced code c++", "```c++\nint x;\n```", []string{`<code class="language-c++">`}, nil},
	{"fenced code no language", "```\nplain\n```", []string{"<pre><code>plain"}, nil},
	{"indented code", "    indented", []string{"<pre><code>indented"}, nil},
	{"heading id and self-link", "# Getting started",
		[]string{`<div class="heading"><h2 id="getting-started">Getting started</h2>`,
			`<a class="anchor" href="#getting-started" aria-label="Link to this section: Getting started">#</a></div>`},
		[]string{"<h1"}},
	{"heading levels shift", "# One\n## Two\n### Three\n#### Four\n##### Five\n###### Six",
		[]string{`<h2 id="one">`, `<h3 id="two">`, `<h4 id="three">`, `<h5 id="four">`, `<h6 id="five">`, `<h6 id="six">`},
		[]string{"<h1"}},
	{"heading ids unique", "## Notes\n## Notes", []string{`id="notes"`, `id="notes-1"`}, nil},
	{"heading label is plain text", "## Use `go test` *now*",
		[]string{`<h3 id="use-go-test-now">Use <code>go test</code> <em>now</em></h3>`,
			`aria-label="Link to this section: Use go test now"`}, nil},
	{"setext heading", "Charter\n=======", []string{`<h2 id="charter">Charter</h2>`}, nil},
	{"raw html heading shifts", "<h1>Title</h1>\n\n<h6>Small</h6>", []string{"<h2>Title</h2>", "<h6>Small</h6>"}, []string{"<h1"}},
	{"internal link", "[members](/c/go/members)", []string{`<a href="/c/go/members">members</a>`}, []string{"rel="}},
	{"fragment link", "[top](#getting-started)", []string{`<a href="#getting-started">top</a>`}, []string{"rel="}},
	{"external link with title", `[docs](https://go.dev/doc "Go: docs")`,
		[]string{`<a href="https://go.dev/doc" title="Go: docs" rel="nofollow noopener noreferrer">docs</a>`}, nil},
	{"image", "![Diagram: how it flows?](https://example.com/a.png)",
		[]string{`<img src="https://example.com/a.png" alt="Diagram: how it flows?" loading="lazy">`}, nil},
	{"relative image", "![logo](./images/logo.png)", []string{`<img src="./images/logo.png" alt="logo" loading="lazy">`}, nil},
	{"raw image gets lazy", `<img src="https://example.com/a.png" alt="a" loading="eager">`,
		[]string{`loading="lazy"`}, []string{"eager"}},
	{"ordered list start", "3. three\n4. four", []string{`<ol start="3">`, "<li>three</li>"}, nil},
	{"allowed raw html", "<details><summary>More</summary>Press <kbd>Ctrl</kbd>+<kbd>C</kbd>, H<sub>2</sub>O</details>",
		[]string{"<details><summary>More</summary>", "<kbd>Ctrl</kbd>", "<sub>2</sub>"}, nil},
	{"blockquote", "> quoted", []string{"<blockquote>\n<p>quoted</p>\n</blockquote>"}, nil},
	{"front matter is not stripped here", "---\ntitle: Charter\n---\n\nBody",
		[]string{"<hr>", "title: Charter", "<p>Body</p>"}, nil},
	{"pandoc fenced div stays text", "::: tip Acronyms\n- **CoP** = Community of Practice\n:::",
		[]string{"<p>::: tip Acronyms</p>", "<strong>CoP</strong>", ":::"}, nil},
	{"hard line break", "line one  \nline two", []string{"line one<br>\nline two"}, nil},
}

func TestHTML(t *testing.T) {
	r := New()
	for _, tt := range features {
		t.Run(tt.name, func(t *testing.T) {
			out := string(r.HTML(tt.in))
			checkSafe(t, out)
			checkContained(t, out)
			rest := out
			for _, w := range tt.want {
				i := strings.Index(rest, w)
				if i < 0 {
					t.Fatalf("missing (or out of order) %q in:\n%s", w, out)
				}
				rest = rest[i+len(w):]
			}
			for _, n := range tt.not {
				if strings.Contains(out, n) {
					t.Errorf("unexpected %q in:\n%s", n, out)
				}
			}
		})
	}
}

// TestHTMLInTemplate is how pages use the result: html/template must insert
// it as markup, not escape it a second time.
func TestHTMLInTemplate(t *testing.T) {
	tmpl := template.Must(template.New("page").Parse(`<main><h1>{{.Title}}</h1>{{.Body}}</main>`))
	var b strings.Builder
	err := tmpl.Execute(&b, struct {
		Title string
		Body  template.HTML
	}{"Go guild", New().HTML("**Welcome**")})
	if err != nil {
		t.Fatal(err)
	}
	if want := "<main><h1>Go guild</h1><p><strong>Welcome</strong></p>\n</main>"; b.String() != want {
		t.Errorf("got %q, want %q", b.String(), want)
	}
}

func TestMaxSource(t *testing.T) {
	r := New()
	tail := "TAIL-MARKER"
	t.Run("only the first MaxSource bytes render", func(t *testing.T) {
		in := strings.Repeat("word ", MaxSource/5) + "\n\n" + tail
		out := string(r.HTML(in))
		if strings.Contains(out, tail) {
			t.Error("text after MaxSource was rendered")
		}
		if !strings.HasPrefix(out, "<p>word word") {
			t.Errorf("start of document lost: %.40q", out)
		}
	})
	t.Run("cut never splits a character", func(t *testing.T) {
		in := strings.Repeat("a", MaxSource-1) + "é" + tail // é straddles the limit
		if out := string(r.HTML(in)); !utf8.ValidString(out) {
			t.Error("output is not valid UTF-8")
		}
		if got := clip(in); len(got) != MaxSource-1 {
			t.Errorf("clip kept %d bytes, want %d", len(got), MaxSource-1)
		}
	})
}

// TestConcurrent shares one Renderer between goroutines, as the server
// does; run it with -race.
func TestConcurrent(t *testing.T) {
	r := New()
	var docs []string
	for _, tt := range features {
		docs = append(docs, tt.in)
	}
	want := make([]string, len(docs))
	for i, d := range docs {
		want[i] = string(r.HTML(d))
	}
	var wg sync.WaitGroup
	errs := make(chan error, 8*len(docs))
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range docs {
				j := (i + g) % len(docs)
				if got := string(r.HTML(docs[j])); got != want[j] {
					errs <- fmt.Errorf("doc %d rendered differently under load", j)
				}
				_ = r.Text(docs[j], 50)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}
