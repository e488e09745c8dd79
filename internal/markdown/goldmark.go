package markdown

import (
	"html"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	gmhtml "github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"
)

// newGoldmark builds the Markdown → HTML step. Its output is NOT safe: raw
// HTML passes through untouched (html.WithUnsafe) so that the sanitizer, not
// goldmark's narrower URL filter, decides what survives.
func newGoldmark(anchors bool) goldmark.Markdown {
	return goldmark.New(
		// extension.GFM minus its table, which is swapped for a guarded one.
		goldmark.WithExtensions(
			extension.Linkify,
			extension.Strikethrough,
			extension.TaskList,
			guardedTable{},
		),
		goldmark.WithParserOptions(
			parser.WithAutoHeadingID(),
			// The guards in limits.go go first: priorities sort low to high.
			parser.WithBlockParsers(util.Prioritized(depthGuard{parser.NewParagraphParser()}, 1)),
			parser.WithInlineParsers(util.Prioritized(inlineGuard{}, 1)),
			parser.WithASTTransformers(util.Prioritized(outputBudget{}, 100)),
		),
		goldmark.WithRendererOptions(
			gmhtml.WithUnsafe(),
			// Priority 100 beats goldmark's own (500 and 1000), so these win.
			renderer.WithNodeRenderers(util.Prioritized(&nodeRenderer{anchors: anchors}, 100)),
		),
	)
}

// nodeRenderer overrides how headings and task-list boxes are written.
type nodeRenderer struct {
	anchors bool // add a self-link after each heading
}

func (r *nodeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindHeading, r.heading)
	reg.Register(extast.KindTaskCheckBox, r.taskCheckBox)
}

// heading writes the heading at its Markdown level; finish shifts every
// heading down one level afterwards, so raw HTML headings shift too.
//
// The self-link sits beside the heading, not inside it, as GitHub now does:
// inside, its label would be read out as part of the heading's name every time
// someone moves through the page by headings. Its label names the section, so
// a list of the page's links is not a column of identical "#"s.
func (r *nodeRenderer) heading(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.Heading)
	id := ""
	if v, ok := n.AttributeString("id"); ok {
		if b, ok := v.([]byte); ok {
			id = html.EscapeString(string(b))
		}
	}
	anchor := r.anchors && id != ""
	tag := "h" + string(rune('0'+n.Level))
	if entering {
		if anchor {
			_, _ = w.WriteString(`<div class="heading">`)
		}
		_, _ = w.WriteString("<" + tag)
		if id != "" {
			_, _ = w.WriteString(` id="` + id + `"`)
		}
		_ = w.WriteByte('>')
		return ast.WalkContinue, nil
	}
	_, _ = w.WriteString("</" + tag + ">")
	if anchor {
		label := html.EscapeString("Link to this section: " + headingText(n, src))
		_, _ = w.WriteString(`<a class="anchor" href="#` + id + `" aria-label="` + label + `">#</a></div>`)
	}
	_ = w.WriteByte('\n')
	return ast.WalkContinue, nil
}

// headingText is the heading's words without markup, for the self-link's
// label; it is cut at 200 bytes because a label is a name, not a copy.
func headingText(n ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *ast.Text:
			b.Write(c.Segment.Value(src))
			if c.SoftLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(c.Value)
		case *ast.AutoLink:
			b.Write(c.Label(src))
		}
		return ast.WalkContinue, nil
	})
	s := strings.Join(strings.Fields(b.String()), " ")
	if len(s) > 200 {
		cut := 200
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut] + "…"
	}
	return s
}

// taskCheckBox draws a task-list box as a symbol with a spoken label. GFM's
// own output is an <input>, and form controls are exactly what the sanitizer
// must refuse in everything else people write.
func (r *nodeRenderer) taskCheckBox(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	if node.(*extast.TaskCheckBox).IsChecked {
		_, _ = w.WriteString(`<span class="task" role="img" aria-label="Done">☑</span> `)
	} else {
		_, _ = w.WriteString(`<span class="task" role="img" aria-label="Not done">☐</span> `)
	}
	return ast.WalkContinue, nil
}
