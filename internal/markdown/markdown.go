// Package markdown is the one place in copse where text that people write
// becomes HTML: community charters today, and resources, questions, answers and
// meeting notes as they arrive. Everything else renders user text as plain,
// escaped strings through html/template.
//
// Markdown is parsed by goldmark with GitHub Flavored Markdown switched on and
// raw HTML allowed through, because imported documents lean on it (<details>,
// <kbd>, <br>). Whatever goldmark produces is then sanitized by bluemonday,
// which is the security boundary: nothing reaches a page without passing it.
// A last pass (finish) adds what the sanitizer cannot express and balances
// the tags, so the result stays inside whatever element a page puts it in.
//
// Some Markdown shapes cost far more to render than their size; limits.go
// bounds them, together with MaxSource.
package markdown

import (
	"bytes"
	"fmt"
	"html"
	"html/template"
	"unicode/utf8"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
)

// MaxSource is how much of a document is rendered. Longer input is not refused,
// because the words are the author's and a store should keep them whole, but
// only the first MaxSource bytes (cut on a character boundary) are turned into
// HTML or text, so one hostile body cannot make a page request eat the server.
const MaxSource = 1 << 20

// Renderer is safe for concurrent use; build once at start.
type Renderer struct {
	page   goldmark.Markdown // for HTML: headings carry a self-link
	plain  goldmark.Markdown // for Text: the self-link's "#" would be noise
	policy *bluemonday.Policy
	memo   *memo // recent results (memo.go)
}

// New builds a Renderer. Building compiles the sanitizer's policy and
// goldmark's parsers, so do it once and share the result.
func New() *Renderer {
	return &Renderer{
		page:   newGoldmark(true),
		plain:  newGoldmark(false),
		policy: newPolicy(),
		memo:   newMemo(),
	}
}

// HTML renders Markdown to sanitized HTML ready for html/template.
//
// Headings move down one level (the page owns the only <h1>), carry a stable
// id and a link to themselves; links that leave the site get
// rel="nofollow noopener noreferrer"; images load lazily. Only the first
// MaxSource bytes of src are rendered. The result is block content: put it
// where a <div> may go, not inside a <p> or a <span>.
func (r *Renderer) HTML(src string) template.HTML {
	return template.HTML(r.memo.get(src, -1, func() string {
		return finish(r.policy.SanitizeBytes(r.convert(r.page, src)))
	}))
}

// convert runs goldmark on the first MaxSource bytes of src. Should goldmark
// panic on some input nobody has tried yet, the reader gets the source as
// preformatted text rather than a broken page or a dead worker.
func (r *Renderer) convert(md goldmark.Markdown, src string) []byte {
	src = clip(src)
	out, err := convert(md, src)
	if err != nil {
		return []byte("<pre>" + html.EscapeString(src) + "</pre>")
	}
	return out
}

// convert is Renderer.convert without the fallback, so tests see a panic.
// goldmark's own errors can only come from the writer, and a bytes.Buffer
// never fails.
func convert(md goldmark.Markdown, src string) (out []byte, err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("markdown: goldmark panicked: %v", v)
		}
	}()
	var buf bytes.Buffer
	buf.Grow(len(src) + len(src)/2)
	if err := md.Convert([]byte(src), &buf); err != nil {
		return nil, fmt.Errorf("markdown: %w", err)
	}
	return buf.Bytes(), nil
}

// clip cuts src to MaxSource bytes without splitting a UTF-8 sequence.
func clip(src string) string {
	if len(src) <= MaxSource {
		return src
	}
	n := MaxSource
	for n > 0 && !utf8.RuneStart(src[n]) {
		n--
	}
	return src[:n]
}
