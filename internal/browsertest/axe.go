package browsertest

import (
	"fmt"
	"strings"

	"github.com/chromedp/chromedp"
)

// Violation is one axe-core rule that the page breaks, with the elements
// that break it.
type Violation struct {
	ID      string          `json:"id"`     // the rule, such as "image-alt"
	Impact  string          `json:"impact"` // minor, moderate, serious or critical
	Help    string          `json:"help"`   // what the rule asks for, in a sentence
	HelpURL string          `json:"helpUrl"`
	Nodes   []ViolationNode `json:"nodes"`
}

// ViolationNode is one element that breaks a rule.
type ViolationNode struct {
	Target  []string `json:"target"`         // CSS selectors; " >>> " joins the parts of a selector into a frame or shadow root
	HTML    string   `json:"html"`           // the element's opening HTML
	Summary string   `json:"failureSummary"` // what to fix, as axe-core words it
}

// axeTags are the rule sets every page must pass: WCAG 2.0, 2.1 and 2.2 at
// levels A and AA, and axe's best practices (landmarks, one h1, …), which
// catch what a person using a screen reader notices first.
const axeTags = `['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']`

// axeRun runs axe-core on the document and returns the violations in the
// shape of Violation. Frame and shadow-DOM targets arrive as nested arrays.
const axeRun = `axe.run(document, {runOnly: {type: 'tag', values: ` + axeTags + `}, resultTypes: ['violations']})
	.then(r => r.violations.map(v => ({
		id: v.id, impact: v.impact || '', help: v.help, helpUrl: v.helpUrl,
		nodes: v.nodes.map(n => ({
			target: n.target.map(t => Array.isArray(t) ? t.join(' >>> ') : String(t)),
			html: n.html, failureSummary: n.failureSummary || '',
		})),
	})))`

// Violations runs axe-core on the page as it is now, after its scripts ran,
// and returns what it finds. Most tests want Check, which fails on any.
//
// axe-core goes in through the DevTools protocol (Runtime.evaluate), which
// the page's Content-Security-Policy does not govern; a <script> tag would
// be refused by copse's script-src 'self'.
func (p *Page) Violations() ([]Violation, error) {
	// A page keeps axe between checks until it navigates.
	loaded, err := run(p, chromedp.Evaluate[bool](`typeof window.axe === 'object'`))
	if err != nil {
		return nil, fmt.Errorf("looking for axe-core in the page: %w", err)
	}
	if !loaded {
		// "undefined" after the source: the script's own last value is not
		// something the protocol can return by value.
		if _, err := run(p, chromedp.Evaluate[chromedp.Void](p.axe+"\n;undefined")); err != nil {
			return nil, fmt.Errorf("loading axe-core into the page: %w", err)
		}
	}
	vs, err := run(p, chromedp.Evaluate[[]Violation](axeRun, chromedp.EvalAwaitPromise))
	if err != nil {
		return nil, fmt.Errorf("running axe-core: %w", err)
	}
	return vs, nil
}

// Check runs axe-core on the page as it is now, without navigating (after a
// script changed it, a viewport change, or a form that did not load a page),
// and fails the test on any violation, listing each rule and element.
// The test goes on after violations, so one run reports all of them.
func (p *Page) Check() {
	p.t.Helper()
	vs, err := p.Violations()
	if err != nil {
		p.fatalf("accessibility check: %v", err)
	}
	if len(vs) > 0 {
		p.t.Errorf("browsertest: %s", describe(p.where(), vs))
	}
}

// describe lists violations so that each can be found and fixed from the
// test output alone.
func describe(url string, vs []Violation) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d accessibility violation(s) on %s:", len(vs), url)
	for _, v := range vs {
		fmt.Fprintf(&b, "\n  %s (%s): %s\n    %s", v.ID, v.Impact, v.Help, v.HelpURL)
		for _, n := range v.Nodes {
			fmt.Fprintf(&b, "\n    - %s\n      %s", strings.Join(n.Target, ", "), n.HTML)
			for line := range strings.SplitSeq(strings.TrimSpace(n.Summary), "\n") {
				fmt.Fprintf(&b, "\n      %s", strings.TrimSpace(line))
			}
		}
	}
	return b.String()
}
