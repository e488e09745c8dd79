package markdown

import (
	"regexp"

	"github.com/microcosm-cc/bluemonday"
)

// newPolicy is bluemonday's policy for user-generated content, tuned for what
// our own Markdown produces. UGCPolicy already refuses script, style, iframe,
// object, embed, svg, math, forms and their controls, base, meta, link, every
// on* and style attribute, and any URL whose scheme is not http, https or
// mailto (so javascript:, vbscript: and data:, images included). It allows
// id, title, lang and dir on everything.
func newPolicy() *bluemonday.Policy {
	p := bluemonday.UGCPolicy()

	// UGCPolicy puts rel="nofollow" on every link, our own pages and heading
	// self-links included; finish adds rel to links that leave the site only.
	p.RequireNoFollowOnLinks(false)

	// UGCPolicy's text pattern for title and alt refuses ":" "?" "&" and
	// quotes, which would strip "Diagram: how requests flow" from an image and
	// leave screen-reader users with a file name. Attribute values are escaped
	// on output, so any text is safe here.
	anyText := regexp.MustCompile(`^[^\x00]*$`)
	p.AllowAttrs("alt").Matching(anyText).OnElements("img")
	p.AllowAttrs("title").Matching(anyText).Globally()

	// Fenced code keeps its language so a highlighter can find it later.
	p.AllowAttrs("class").Matching(regexp.MustCompile(`^language-[\w+#.-]{1,64}$`)).OnElements("code")

	// What nodeRenderer writes: heading self-links and task-list boxes.
	p.AllowAttrs("class").Matching(regexp.MustCompile(`^heading$`)).OnElements("div")
	p.AllowAttrs("class").Matching(regexp.MustCompile(`^anchor$`)).OnElements("a")
	p.AllowAttrs("class").Matching(regexp.MustCompile(`^task$`)).OnElements("span")
	p.AllowAttrs("role").Matching(regexp.MustCompile(`^img$`)).OnElements("span")
	p.AllowAttrs("aria-label").Matching(anyText).OnElements("a", "span")

	// "1. …" lists that start elsewhere than one, and keyboard keys, which
	// runbooks and how-tos use a lot.
	p.AllowAttrs("start").Matching(bluemonday.Integer).OnElements("ol")
	p.AllowElements("kbd")
	return p
}
