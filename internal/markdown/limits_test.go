package markdown

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// slow is far above what any case takes (about a second at most, ten times
// that under -race) and far below what the unguarded shapes took: minutes to
// hours, or gigabytes of output.
const slow = time.Minute

// TestPathological feeds MaxSource-sized documents built to make a Markdown
// renderer quadratic in time or output, and checks each guard held.
func TestPathological(t *testing.T) {
	var formatting strings.Builder
	formatting.WriteString("<p>")
	for i := range 400 {
		fmt.Fprintf(&formatting, `<b title="%d">`, i)
	}
	formatting.WriteString(strings.Repeat("<div>x</div>", 40000))

	tests := []struct {
		name  string
		in    string
		check func(t *testing.T, out string)
	}{
		{"table padded to a huge header",
			strings.Repeat("|a", 50000) + "|\n" + strings.Repeat("|-", 50000) + "|\n" + strings.Repeat("x\n", 200000),
			func(t *testing.T, out string) { mustNot(t, out, "<table>") }},
		{"reference link cited again and again",
			"[a]: /" + strings.Repeat("x", 400000) + "\n\n" + strings.Repeat("[a]", 200000),
			func(t *testing.T, out string) { maxLen(t, out, 3*MaxSource) }},
		{"a thousand headings and more",
			strings.Repeat("# a\n", 1<<18),
			func(t *testing.T, out string) { count(t, out, `class="anchor"`, maxAnchors, maxAnchors) }},
		{"block quotes nested on one line",
			strings.Repeat(">", MaxSource),
			func(t *testing.T, out string) { count(t, out, "<blockquote>", 1, maxDepth) }},
		{"lists nested on one line",
			strings.Repeat("* ", MaxSource/2-1) + "a",
			func(t *testing.T, out string) { count(t, out, "<li>", 1, maxDepth+1) }},
		{"lists nested by indentation",
			indentedList(5000),
			func(t *testing.T, out string) { count(t, out, "<ul>", 1, maxDepth+1) }},
		{"unclosed link destinations", strings.Repeat("[a](", MaxSource/4), nil},
		{"unclosed angle destinations", strings.Repeat("[a](<b", MaxSource/6), nil},
		{"dense emphasis", strings.Repeat("*a_", MaxSource/3), nil},
		{"dense emphasis in small paragraphs", paragraphs("*a_", 1200), nil},
		{"dense links in small paragraphs", paragraphs("[a](b", 1400), nil},
		{"open brackets", strings.Repeat("[", MaxSource), nil},
		{"deeply nested html",
			strings.Repeat("<div>", MaxSource/5),
			func(t *testing.T, out string) { count(t, out, "<div>", 1, maxNest) }},
		{"formatting reopened in every block",
			formatting.String(),
			func(t *testing.T, out string) { maxLen(t, out, 2*formatting.Len()) }},
	}
	r := New()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			out := string(r.HTML(tt.in)) // Text takes the same path
			if d := time.Since(start); d > slow {
				t.Errorf("took %v", d)
			}
			maxLen(t, out, 8*MaxSource)
			checkSafe(t, out)
			if tt.check != nil {
				tt.check(t, out)
			}
		})
	}
}

// TestGuardsSpareRealContent makes sure the guards leave alone what people
// really write at its largest.
func TestGuardsSpareRealContent(t *testing.T) {
	r := New()
	var links, rows strings.Builder
	for i := range 150 {
		fmt.Fprintf(&links, "See [page %d](https://example.com/%d) and *note* it. ", i, i)
	}
	rows.WriteString("|" + strings.Repeat(" col |", 20) + "\n|" + strings.Repeat("---|", 20) + "\n")
	for range 500 {
		rows.WriteString("|" + strings.Repeat(" cell |", 20) + "\n")
	}
	var nested strings.Builder
	for i := range 10 {
		nested.WriteString(strings.Repeat("  ", i) + "- level\n")
	}
	tests := []struct {
		name, in, want string
		n              int
	}{
		{"a long paragraph full of links", links.String(), "<a href=", 150},
		{"a big table", rows.String(), "<td>", 500 * 20},
		{"lists ten deep", nested.String(), "<ul>", 10},
		{"quotes ten deep", strings.Repeat("> ", 10) + "deep", "<blockquote>", 10},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			count(t, string(r.HTML(tt.in)), tt.want, tt.n, tt.n)
		})
	}
}

func mustNot(t *testing.T, out, s string) {
	t.Helper()
	if strings.Contains(out, s) {
		t.Errorf("output contains %q", s)
	}
}

func maxLen(t *testing.T, out string, n int) {
	t.Helper()
	if len(out) > n {
		t.Errorf("output is %d bytes, want at most %d", len(out), n)
	}
}

func count(t *testing.T, out, s string, lo, hi int) {
	t.Helper()
	if n := strings.Count(out, s); n < lo || n > hi {
		t.Errorf("%d × %q, want %d to %d", n, s, lo, hi)
	}
}

func indentedList(lines int) string {
	var b strings.Builder
	for i := 0; i < lines && b.Len() < MaxSource; i++ {
		b.WriteString(strings.Repeat("  ", i) + "- a\n")
	}
	return b.String()
}

// paragraphs repeats unit into paragraphs of about size bytes, up to
// MaxSource: the most of a dense shape that stays under maxInlineCost.
func paragraphs(unit string, size int) string {
	var b strings.Builder
	for b.Len() < MaxSource {
		b.WriteString(strings.Repeat(unit, size/len(unit)) + "\n\n")
	}
	return b.String()
}
