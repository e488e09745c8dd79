package markdown

// Limits that keep one hostile document from taking the server down.
// MaxSource bounds the input; the guards below bound what goldmark makes of it,
// since a few Markdown shapes cost far more than their size: the output of a
// table or of a reused link can be quadratic in the input, and so can the time
// goldmark spends on deep nesting and on dense runs of emphasis or link
// openers. Each guard leaves the offending part as plain text, never drops it,
// and none is reached by a document a person wrote by hand.

import (
	"bytes"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// guardedTable is extension.Table with a limit on the cells a table may have.
// GFM pads short rows to the header's width, so a header of 100,000 columns
// followed by 300,000 one-character rows builds 3·10¹⁰ cells from 1 MiB of
// input. The guard leaves such a paragraph as text.
type guardedTable struct{}

func (guardedTable) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(
		parser.WithParagraphTransformers(util.Prioritized(tableGuard{extension.NewTableParagraphTransformer()}, 200)),
		parser.WithASTTransformers(util.Prioritized(extension.NewTableASTTransformer(), 0)),
	)
	// align="…" rather than goldmark's default style="text-align:…", because
	// the sanitizer refuses every style attribute.
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(
		extension.NewTableHTMLRenderer(extension.WithTableCellAlignMethod(extension.TableCellAlignAttribute)), 500)))
}

// maxTableCells is allowed whatever the paragraph's size; past it a table must
// be about as big in the source as it is in cells.
const maxTableCells = 1 << 16

type tableGuard struct{ next parser.ParagraphTransformer }

func (g tableGuard) Transform(p *ast.Paragraph, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	lines := p.Lines()
	pipes, size := 0, 0
	for i := range lines.Len() {
		seg := lines.At(i)
		line := seg.Value(src)
		pipes = max(pipes, bytes.Count(line, []byte{'|'}))
		size += len(line)
	}
	// No row can have more columns than the widest line has pipes, plus one.
	if cells := lines.Len() * (pipes + 1); cells > maxTableCells && cells > 2*size {
		return
	}
	g.next.Transform(p, reader, pc)
}

// maxAnchors is how many headings get an id and a self-link. The self-link
// makes a four-byte "# a" line about 120 bytes of HTML, and no document a
// person reads has a thousand sections.
const maxAnchors = 1000

// outputBudget bounds what the renderer writes, as opposed to the time spent
// parsing.
//
// A reference definition can be used any number of times, so a 500 KB URL
// defined once and cited 150,000 times would render 75 GB, while inline links
// cost no more than their own source. Links and images past the budget keep
// their words and lose their destination.
type outputBudget struct{}

func (outputBudget) Transform(doc *ast.Document, reader text.Reader, _ parser.Context) {
	urls := 1<<16 + 2*len(reader.Source())
	headings := 0
	var over []ast.Node
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			if headings++; headings > maxAnchors {
				n.RemoveAttributes()
			}
			return ast.WalkContinue, nil
		case *ast.Link:
			urls -= len(n.Destination) + len(n.Title)
		case *ast.Image:
			urls -= len(n.Destination) + len(n.Title)
		default:
			return ast.WalkContinue, nil
		}
		if urls < 0 {
			over = append(over, n)
		}
		return ast.WalkContinue, nil
	})
	for _, n := range over {
		unwrap(n)
	}
}

// unwrap replaces n with its children.
func unwrap(n ast.Node) {
	parent := n.Parent()
	for c := n.FirstChild(); c != nil; {
		next := c.NextSibling()
		parent.InsertBefore(parent, n, c)
		c = next
	}
	parent.RemoveChild(parent, n)
}

// maxDepth is how deeply block quotes and list items may nest. goldmark
// re-matches every open container on each line, and a single line of 100,000
// ">" took it minutes; past this depth, markers are text.
const maxDepth = 16

// depthGuard is tried before goldmark's own block parsers. Below maxDepth it
// declines; at maxDepth it starts a paragraph, so the quote or list parser
// never sees the line.
type depthGuard struct{ paragraph parser.BlockParser }

func (depthGuard) Trigger() []byte {
	return []byte("*+->0123456789")
}

func (g depthGuard) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	// A list holds only list items: goldmark's list parser relies on it.
	if parent.Kind() == ast.KindList {
		return nil, parser.NoChildren
	}
	depth := 0
	for n := parent; n != nil; n = n.Parent() {
		if n.Kind() == ast.KindBlockquote || n.Kind() == ast.KindListItem {
			depth++
		}
	}
	if depth < maxDepth {
		return nil, parser.NoChildren
	}
	return g.paragraph.Open(parent, reader, pc)
}

func (g depthGuard) Continue(n ast.Node, reader text.Reader, pc parser.Context) parser.State {
	return g.paragraph.Continue(n, reader, pc)
}

func (g depthGuard) Close(n ast.Node, reader text.Reader, pc parser.Context) {
	g.paragraph.Close(n, reader, pc)
}

// CanInterruptParagraph is true because a nested list or quote usually
// starts on the line after its parent's text; the guard must see that line.
func (depthGuard) CanInterruptParagraph() bool { return true }
func (depthGuard) CanAcceptIndentedLine() bool { return false }

// maxInlineCost bounds, per block, the number of characters that can open
// emphasis, links, code or HTML multiplied by the block's length in bytes.
// goldmark's work on a block grows with about that product (a link opener
// scans ahead for its destination; emphasis delimiters are matched pairwise):
// 60 KB of "*a_" took it seconds, and 1 MiB would take hours. At this bound a
// MiB of the worst shapes renders in about a second, while an 8 KB paragraph
// holding 150 links with emphasis (600 such characters, 5 million) passes.
// The largest block in the shared test documents scores 17,000.
const maxInlineCost = 1 << 23

// inlineSpecial are the characters inlineGuard stands in front of.
const inlineSpecial = "*_~[]!<`"

// inlineGuard runs before goldmark's inline parsers. In a block over
// maxInlineCost it takes the rest of the line as plain text whenever it meets
// one of inlineSpecial, so the expensive parsers never run there.
type inlineGuard struct{}

// guardKey caches, per parse, the verdict on the block being parsed.
var guardKey = parser.NewContextKey()

type guardVerdict struct {
	block ast.Node
	over  bool
}

func (inlineGuard) Trigger() []byte { return []byte(inlineSpecial) }

func (inlineGuard) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	v, _ := pc.Get(guardKey).(guardVerdict)
	if v.block != parent {
		v = guardVerdict{block: parent, over: inlineCost(parent, block.Source()) > maxInlineCost}
		pc.Set(guardKey, v)
	}
	if !v.over {
		return nil
	}
	line, seg := block.PeekLine()
	n := len(bytes.TrimRight(line, "\r\n"))
	block.Advance(n)
	return ast.NewTextSegment(seg.WithStop(seg.Start + n))
}

func inlineCost(n ast.Node, src []byte) int {
	size, special := 0, 0
	lines := n.Lines()
	for i := range lines.Len() {
		seg := lines.At(i)
		line := seg.Value(src)
		size += len(line)
		for _, c := range line {
			if strings.IndexByte(inlineSpecial, c) >= 0 {
				special++
			}
		}
	}
	return size * special
}
