package markdown

import (
	"bytes"
	"net/url"
	"strings"

	"golang.org/x/net/html"
)

// externalRel goes on every link that leaves the site: nofollow so that
// spam in a public community earns no search ranking, noopener and
// noreferrer so the destination neither controls our tab nor learns which
// page linked to it.
const externalRel = "nofollow noopener noreferrer"

// maxNest is how deep finish lets elements nest. Browsers stop building the
// tree deeper than 512, and the page's own elements sit above ours.
const maxNest = 256

// finish makes the changes a sanitizer's allow-list cannot express, on the
// sanitizer's own output, so raw HTML and Markdown are treated alike:
//
//   - headings move down a level (h1→h2 … h5→h6, h6 stays), as the page owns
//     the only <h1>;
//   - links to another host get rel="nofollow noopener noreferrer";
//   - images keep only http, https or relative sources, and load lazily;
//   - tags are balanced. bluemonday passes end tags it never saw open, so
//     "</div></main>" in a charter would close the page's own containers.
//     finish drops end tags that close nothing of ours, closes what is left
//     open, and closes elements explicitly where a browser would close them
//     implicitly: a browser that closes a <p> for a following <div> reopens
//     every bold or italic that was inside it in each later block, and 400
//     of those before 40,000 <div>s built 16 million elements.
func finish(b []byte) string {
	f := finisher{}
	f.out.Grow(len(b) + len(b)/16)
	z := html.NewTokenizer(bytes.NewReader(b))
	for {
		switch tt := z.Next(); tt {
		case html.ErrorToken:
			// The reader is in memory, so this is always io.EOF.
			f.closeFrom(0)
			return f.out.String()
		case html.TextToken:
			f.out.Write(z.Raw())
		case html.StartTagToken, html.SelfClosingTagToken:
			f.start(z.Token())
		case html.EndTagToken:
			f.end(z.Token())
		}
	}
}

type finisher struct {
	out   strings.Builder
	stack []string // open elements, outermost first
}

func (f *finisher) start(t html.Token) {
	t.Type = html.StartTagToken // "<div/>" opens a div in HTML
	t.Data = shiftHeading(t.Data)
	switch t.Data {
	case "a", "area":
		if external(t.Attr) {
			t.Attr = setAttr(t.Attr, "rel", externalRel)
		}
	case "img":
		if !imageSource(t.Attr) {
			return
		}
		t.Attr = setAttr(t.Attr, "loading", "lazy")
	}
	if !f.place(t.Data) {
		return
	}
	if void[t.Data] {
		f.out.WriteString(t.String())
		return
	}
	if len(f.stack) >= maxNest {
		return // its words still show; its end tag will close nothing
	}
	f.stack = append(f.stack, t.Data)
	f.out.WriteString(t.String())
}

func (f *finisher) end(t html.Token) {
	name := shiftHeading(t.Data)
	f.closeFrom(f.find(is(name), nil))
}

// place closes what a browser would close on its own before opening name,
// so that the browser never has to, and reports whether name may open here
// at all. A list item, definition or table part that is not inside a list,
// definition list or table of ours is dropped (its words stay): a browser
// looking for the list or table it belongs to would find the page's own and
// close elements of the page.
func (f *finisher) place(name string) bool {
	switch name {
	case "li":
		if !f.closeItem(is("li")) {
			return false
		}
	case "dd", "dt":
		if !f.closeItem(is("dd", "dt")) {
			return false
		}
	case "a":
		f.closeFrom(f.find(is("a"), is("td", "th", "caption")))
	case "caption", "col", "colgroup", "tbody", "td", "tfoot", "th", "thead", "tr":
		if f.find(is("table"), nil) < 0 {
			return false
		}
	}
	if closesP[name] {
		f.closeFrom(f.find(is("p"), is("table", "td", "th", "caption")))
	}
	if isHeading(name) && len(f.stack) > 0 && isHeading(f.stack[len(f.stack)-1]) {
		f.closeFrom(len(f.stack) - 1)
	}
	return true
}

// closeItem does what the HTML parser does when a list item (or dd, dt)
// opens: close the nearest open one that match accepts, looking no further
// out than a special element. It reports false when the search would leave
// our elements and go on into the page's.
func (f *finisher) closeItem(match func(string) bool) bool {
	for i := len(f.stack) - 1; i >= 0; i-- {
		if match(f.stack[i]) {
			f.closeFrom(i)
			return true
		}
		if special(f.stack[i]) {
			return true
		}
	}
	return false
}

// find returns the index of the innermost open element that match accepts,
// looking no further out than an element that stop accepts, or -1.
func (f *finisher) find(match, stop func(string) bool) int {
	for i := len(f.stack) - 1; i >= 0; i-- {
		if match(f.stack[i]) {
			return i
		}
		if stop != nil && stop(f.stack[i]) {
			return -1
		}
	}
	return -1
}

// closeFrom closes the open elements from the innermost out to index i;
// i < 0 closes nothing.
func (f *finisher) closeFrom(i int) {
	if i < 0 {
		return
	}
	for j := len(f.stack) - 1; j >= i; j-- {
		f.out.WriteString("</" + f.stack[j] + ">")
	}
	f.stack = f.stack[:i]
}

func is(names ...string) func(string) bool {
	return func(n string) bool {
		for _, m := range names {
			if n == m {
				return true
			}
		}
		return false
	}
}

// special is the HTML parser's "special" category among the elements the
// policy allows, less address, div and p, which a list item's search passes.
func special(n string) bool {
	switch n {
	case "article", "aside", "blockquote", "caption", "dd", "details", "dl", "dt",
		"figcaption", "figure", "hgroup", "li", "ol", "pre", "section", "summary",
		"table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
		"h1", "h2", "h3", "h4", "h5", "h6":
		return true
	}
	return false
}

// closesP are the allowed start tags that close an open <p>.
var closesP = map[string]bool{
	"article": true, "aside": true, "blockquote": true, "details": true, "div": true,
	"dl": true, "figcaption": true, "figure": true, "hgroup": true, "ol": true,
	"p": true, "section": true, "summary": true, "ul": true, "pre": true, "table": true,
	"hr": true, "li": true, "dd": true, "dt": true,
	"h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true,
}

// void elements never have content or an end tag.
var void = map[string]bool{"area": true, "br": true, "col": true, "hr": true, "img": true, "wbr": true}

func isHeading(n string) bool {
	return len(n) == 2 && n[0] == 'h' && n[1] >= '1' && n[1] <= '6'
}

func shiftHeading(n string) string {
	if !isHeading(n) || n == "h6" {
		return n
	}
	return "h" + string(n[1]+1)
}

// external reports whether a link's href names a host. The sanitizer has
// already normalised it with net/url; one that no longer parses is treated as
// leaving the site, the safer guess.
func external(attrs []html.Attribute) bool {
	for _, a := range attrs {
		if a.Key == "href" {
			u, err := url.Parse(a.Val)
			return err != nil || u.Host != ""
		}
	}
	return false
}

// imageSource reports whether an image's src may be fetched: the sanitizer
// also lets mailto: through, which means nothing for an image.
func imageSource(attrs []html.Attribute) bool {
	for _, a := range attrs {
		if a.Key == "src" {
			u, err := url.Parse(a.Val)
			return err == nil && (u.Scheme == "" || u.Scheme == "http" || u.Scheme == "https")
		}
	}
	return false
}

// setAttr sets key to val, replacing any value already there.
func setAttr(attrs []html.Attribute, key, val string) []html.Attribute {
	for i := range attrs {
		if attrs[i].Key == key {
			attrs[i].Val = val
			return attrs
		}
	}
	return append(attrs, html.Attribute{Key: key, Val: val})
}
