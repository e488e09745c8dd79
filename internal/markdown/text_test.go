package markdown

import (
	"testing"
	"unicode/utf8"
)

func TestText(t *testing.T) {
	r := New()
	tests := []struct {
		name, in string
		max      int
		want     string
	}{
		{"markup goes, words stay", "# Charter\n\nWe *meet* on **Thursdays**.", 0, "Charter We meet on Thursdays."},
		{"emphasis inside a word", "**un**told", 0, "untold"},
		{"no self-link in headings", "## Section", 0, "Section"},
		{"blocks are separated", "one\n\ntwo\n\n- three\n- four", 0, "one two three four"},
		{"table cells are separated", "| a | b |\n|---|---|\n| 1 | 2 |", 0, "a b 1 2"},
		{"whitespace collapses", "a   b\n\n\n\tc", 0, "a b c"},
		{"entities decode", "Fish &amp; chips &lt;3", 0, "Fish & chips <3"},
		{"plain text is not escaped", "a < b && c", 0, "a < b && c"},
		{"code stays", "Run `go test` now", 0, "Run go test now"},
		{"script body is hidden", "hi <script>alert(1)</script> there", 0, "hi there"},
		{"style body is hidden", "<style>p{}</style>\n\nshown", 0, "shown"},
		{"task list", "- [x] done\n- [ ] todo", 0, "☑ done ☐ todo"},
		{"link text, not url", "[the guide](https://example.com/guide)", 0, "the guide"},
		{"empty", "", 10, ""},
		{"fits exactly", "abc", 3, "abc"},
		{"cut at a word", "one two three four", 10, "one two…"},
		{"cut right before a space", "one two three", 8, "one two…"},
		{"one long word is cut", "supercalifragilistic", 6, "super…"},
		{"trailing punctuation dropped", "Join us, then leave", 9, "Join us…"},
		{"runes, not bytes", "héllo wörld ünïcode", 12, "héllo wörld…"},
		{"max one", "hello", 1, "…"},
		{"negative max means no limit", "hello world", -1, "hello world"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := r.Text(tt.in, tt.max)
			if got != tt.want {
				t.Errorf("Text(%q, %d) = %q, want %q", tt.in, tt.max, got, tt.want)
			}
			if tt.max > 0 && utf8.RuneCountInString(got) > tt.max {
				t.Errorf("Text(%q, %d) has %d runes", tt.in, tt.max, utf8.RuneCountInString(got))
			}
		})
	}
}

// TestTextLimit checks the rune limit over many lengths of a real-looking
// sentence, where an off-by-one would hide.
func TestTextLimit(t *testing.T) {
	r := New()
	src := "Our *community* meets on the fourth Thursday — bring a question, a demo, or just yourself."
	full := r.Text(src, 0)
	for max := 1; max <= utf8.RuneCountInString(full)+2; max++ {
		got := r.Text(src, max)
		n := utf8.RuneCountInString(got)
		if n > max {
			t.Errorf("max %d: %d runes: %q", max, n, got)
		}
		if max >= utf8.RuneCountInString(full) && got != full {
			t.Errorf("max %d: cut although it fits: %q", max, got)
		}
		if !utf8.ValidString(got) {
			t.Errorf("max %d: invalid UTF-8", max)
		}
	}
}
