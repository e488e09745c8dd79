package markdown

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// Text renders to plain text (for snippets, meta descriptions, Atom summaries):
// no tags, whitespace collapsed, truncated to max runes on a word boundary
// with "…" when max > 0. The "…" counts towards max.
//
// The result is text, not HTML: it may hold "<" and "&", so it must still be
// escaped, which html/template does. It is taken from the sanitized HTML, so a
// snippet never shows words that the page itself would hide, such as the body
// of a <script>.
func (r *Renderer) Text(src string, max int) string {
	mode := 0
	if max > 0 {
		mode = max
	}
	return r.memo.get(src, mode, func() string {
		return truncate(plainText(r.policy.SanitizeBytes(r.convert(r.plain, src))), max)
	})
}

// inline elements run into the words around them ("**un**told" is one word);
// every other tag separates words.
var inline = map[string]bool{
	"a": true, "abbr": true, "acronym": true, "b": true, "bdi": true, "bdo": true,
	"cite": true, "code": true, "del": true, "dfn": true, "em": true, "i": true,
	"ins": true, "kbd": true, "mark": true, "q": true, "s": true, "samp": true,
	"small": true, "span": true, "strike": true, "strong": true, "sub": true,
	"sup": true, "time": true, "tt": true, "u": true, "var": true,
}

// plainText is the text of sanitized HTML with runs of whitespace made one
// space.
func plainText(b []byte) string {
	var raw strings.Builder
	raw.Grow(len(b))
	z := html.NewTokenizer(bytes.NewReader(b))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return strings.Join(strings.Fields(raw.String()), " ")
		case html.TextToken:
			raw.Write(z.Text())
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			if !inline[string(name)] {
				raw.WriteByte(' ')
			}
		}
	}
}

// truncate cuts s to at most max runes, "…" included, at the last space
// that fits, so no word is broken unless one word alone is too long.
func truncate(s string, max int) string {
	if max <= 0 || utf8.RuneCountInString(s) <= max {
		return s
	}
	cut, n := 0, 0
	for cut < len(s) && n < max-1 {
		_, size := utf8.DecodeRuneInString(s[cut:])
		cut += size
		n++
	}
	head := s[:cut]
	if s[cut] != ' ' {
		if i := strings.LastIndexByte(head, ' '); i > 0 {
			head = head[:i]
		}
	}
	// Punctuation left before the "…" reads like a typo: "Join us,…".
	if trimmed := strings.TrimRight(head, " ,;:.-–—"); trimmed != "" {
		head = trimmed
	}
	return head + "…"
}
