package markdown

import (
	"strings"
	"testing"
)

func TestMemoRemembersAndStaysBounded(t *testing.T) {
	r := New()
	src := "# Charter\n\nWe meet monthly. " + strings.Repeat("Words about cloud. ", 20)
	first := r.HTML(src)
	if again := r.HTML(src); again != first {
		t.Fatalf("a remembered rendering differs:\n%s\n%s", first, again)
	}
	if got := r.Text(src, 40); got != r.Text(src, 40) || len([]rune(got)) > 40 {
		t.Fatalf("Text(40) = %q", got)
	}
	if r.Text(src, 40) == r.Text(src, 0) {
		t.Fatal("Text with another limit came from the same memo entry")
	}
	for i := range 3000 { // about 4 KB of output each: well past the memo's budget
		r.HTML(strings.Repeat("Paragraph of words. ", 150) + strings.Repeat("x", i))
	}
	if r.memo.size > memoBytes {
		t.Fatalf("memo holds %d bytes, over its %d", r.memo.size, memoBytes)
	}
}
