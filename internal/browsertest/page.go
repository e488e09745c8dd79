package browsertest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// Page is one tab. Its helpers fail the test with a message that names the
// action, the selector and the page, so a test reads as a list of steps.
// Helpers that navigate (Visit, Submit, PressAndWait) and Check run axe-core
// on the page they reach.
type Page struct {
	t      testing.TB
	ctx    context.Context
	axe    string
	status int // HTTP status of the document of the last page load

	timeout time.Duration // for each action; tests of this package shorten it
}

// run runs one action with the page's time limit.
func run[T any](p *Page, a chromedp.Action[T]) (T, error) {
	ctx, cancel := context.WithTimeout(p.ctx, p.timeout)
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	return v, p.explain(err)
}

// explain says what a time-out means: the usual cause is a selector that
// matches nothing or a page that never came.
func (p *Page) explain(err error) error {
	if errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("gave up after %v waiting (no such element, or no page load?): %w", p.timeout, err)
	}
	return err
}

// fatalf fails the test, naming the page it was on.
func (p *Page) fatalf(format string, args ...any) {
	p.t.Helper()
	p.t.Fatalf("browsertest: %s (on %s)", fmt.Sprintf(format, args...), p.where())
}

// where is the page's URL for messages, or a note when even that fails.
func (p *Page) where() string {
	u, err := run(p, chromedp.Location())
	if err != nil {
		return "an unknown page: " + err.Error()
	}
	return u
}

// Visit opens url, waits for it to load, and checks it with axe-core.
func (p *Page) Visit(url string) {
	p.t.Helper()
	if err := p.navigate(url); err != nil {
		p.t.Fatalf("browsertest: Visit(%q): %v", url, err)
	}
	p.Check()
}

// navigate opens url and waits for the load event, without checking it.
func (p *Page) navigate(url string) error {
	return p.load(chromedp.Navigate(url))
}

// load runs an action that starts a navigation, waits for the new page's
// load event, and keeps the status of its document.
func (p *Page) load(trigger chromedp.Action[chromedp.Void]) error {
	ctx, cancel := context.WithTimeout(p.ctx, p.timeout)
	defer cancel()
	resp, err := chromedp.RunResponse(ctx, trigger)
	if err != nil {
		return p.explain(err)
	}
	p.status = 0
	if resp != nil {
		p.status = int(resp.Status)
	}
	return nil
}

// Status is the HTTP status of the last page that Visit, Submit or
// PressAndWait loaded.
func (p *Page) Status() int { return p.status }

// Submit clicks the element (a submit button, a link), waits for the page
// load the click causes, and checks the new page with axe-core. A click that
// loads no page fails the test after the time limit: use Click for those.
func (p *Page) Submit(selector string) {
	p.t.Helper()
	if err := p.load(chromedp.Click(chromedp.CSS(selector))); err != nil {
		p.fatalf("Submit(%q): no page loaded after the click: %v", selector, err)
	}
	p.Check()
}

// Click clicks the first visible element matching the CSS selector, as a
// mouse would, and does not wait for anything it causes.
func (p *Page) Click(selector string) {
	p.t.Helper()
	if _, err := run(p, chromedp.Click(chromedp.CSS(selector))); err != nil {
		p.fatalf("Click(%q): %v", selector, err)
	}
}

// Fill replaces the value of a text field (input, textarea) with text, as
// typed text: the page sees focus and input events. For a <select> it picks
// the option whose value or label is text.
func (p *Page) Fill(selector, text string) {
	p.t.Helper()
	if _, err := run(p, chromedp.WaitReady(chromedp.CSS(selector))); err != nil {
		p.fatalf("Fill(%q): %v", selector, err)
	}
	// Focus and empty the field in the page, or choose the option of a
	// select; then type into the focused field.
	js := fmt.Sprintf(`(() => {
		const el = document.querySelector(%s), text = %s;
		if (!el) return "no element matches";
		if (el.tagName === "SELECT") {
			const o = Array.from(el.options).find(o => o.value === text || o.label.trim() === text);
			if (!o) return "no option has the value or label " + JSON.stringify(text);
			el.value = o.value;
			el.dispatchEvent(new Event("input", {bubbles: true}));
			el.dispatchEvent(new Event("change", {bubbles: true}));
			return "chosen";
		}
		if (!("value" in el) && !el.isContentEditable) return "not a text field: " + el.tagName.toLowerCase();
		el.focus();
		if (document.activeElement !== el) return "cannot take focus (disabled or hidden?)";
		if ("value" in el) el.value = ""; else el.textContent = "";
		return "focused";
	})()`, jsString(selector), jsString(text))
	state, err := run(p, chromedp.Evaluate[string](js))
	switch {
	case err != nil:
		p.fatalf("Fill(%q): %v", selector, err)
	case state == "chosen":
		return
	case state != "focused":
		p.fatalf("Fill(%q): %s", selector, state)
	}
	if text == "" {
		return
	}
	// Input.insertText types the text as one edit, as a paste or an input
	// method would: fast, and it fires beforeinput and input events.
	_, err = run(p, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, input.InsertText, input.InsertTextParams{Text: text})
		return err
	}))
	if err != nil {
		p.fatalf("Fill(%q): typing: %v", selector, err)
	}
}

// Text is the visible text of the first element matching the selector,
// waiting for it to appear.
func (p *Page) Text(selector string) string {
	p.t.Helper()
	s, err := run(p, chromedp.Text(chromedp.CSS(selector)))
	if err != nil {
		p.fatalf("Text(%q): %v", selector, err)
	}
	return s
}

// Exists reports whether an element matches the selector now, without
// waiting.
func (p *Page) Exists(selector string) bool {
	p.t.Helper()
	ok, err := run(p, chromedp.Evaluate[bool](fmt.Sprintf(`document.querySelector(%s) !== null`, jsString(selector))))
	if err != nil {
		p.fatalf("Exists(%q): %v", selector, err)
	}
	return ok
}

// URL is the address of the page now.
func (p *Page) URL() string {
	p.t.Helper()
	u, err := run(p, chromedp.Location())
	if err != nil {
		p.t.Fatalf("browsertest: URL: %v", err)
	}
	return u
}

// Screenshot writes a PNG of the whole page (not only the viewport) to path,
// creating its directory.
func (p *Page) Screenshot(path string) {
	p.t.Helper()
	png, err := run(p, chromedp.FullScreenshot(100)) // 100 means PNG
	if err != nil {
		p.fatalf("Screenshot: %v", err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		p.t.Fatalf("browsertest: Screenshot: %v", err)
	}
	if err := os.WriteFile(path, png, 0o644); err != nil {
		p.t.Fatalf("browsertest: Screenshot: %v", err)
	}
}

// keys names the keys Press knows besides single characters.
var keys = map[string]string{
	"Tab": kb.Tab, "Enter": kb.Enter, "Space": " ", "Escape": kb.Escape,
	"Backspace": kb.Backspace, "Delete": kb.Delete,
	"ArrowUp": kb.ArrowUp, "ArrowDown": kb.ArrowDown, "ArrowLeft": kb.ArrowLeft, "ArrowRight": kb.ArrowRight,
	"Home": kb.Home, "End": kb.End, "PageUp": kb.PageUp, "PageDown": kb.PageDown,
}

var modifiers = map[string]chromedp.Modifier{
	"Shift": chromedp.ModifierShift, "Control": chromedp.ModifierCtrl, "Ctrl": chromedp.ModifierCtrl,
	"Alt": chromedp.ModifierAlt, "Meta": chromedp.ModifierMeta,
}

// keyAction parses a key name: "Tab", "Shift+Tab", "Enter", "Space",
// "Escape", "ArrowDown", … or a single character such as "a".
func keyAction(key string) (chromedp.Action[chromedp.Void], error) {
	parts := strings.Split(key, "+")
	name := parts[len(parts)-1]
	var mods []chromedp.Modifier
	for _, m := range parts[:len(parts)-1] {
		mod, ok := modifiers[m]
		if !ok {
			return nil, fmt.Errorf("unknown modifier %q in %q", m, key)
		}
		mods = append(mods, mod)
	}
	k, ok := keys[name]
	if !ok {
		if len([]rune(name)) != 1 {
			return nil, fmt.Errorf("unknown key %q", key)
		}
		k = name
	}
	return chromedp.KeyEvent(k, chromedp.KeyModifiers(mods...)), nil
}

// Press presses a key on whatever has focus, as a keyboard user would: "Tab",
// "Shift+Tab", "Enter", "Space", "Escape", "ArrowDown", or a character. It
// does not wait for anything the key causes; PressAndWait does.
func (p *Page) Press(key string) {
	p.t.Helper()
	a, err := keyAction(key)
	if err != nil {
		p.t.Fatalf("browsertest: Press: %v", err)
	}
	if _, err := run(p, a); err != nil {
		p.fatalf("Press(%q): %v", key, err)
	}
}

// PressAndWait presses a key that loads a page (Enter on a link or a submit
// button) and waits for that page, then checks it with axe-core: the
// keyboard twin of Submit.
func (p *Page) PressAndWait(key string) {
	p.t.Helper()
	a, err := keyAction(key)
	if err != nil {
		p.t.Fatalf("browsertest: PressAndWait: %v", err)
	}
	if err := p.load(a); err != nil {
		p.fatalf("PressAndWait(%q): no page loaded after the key: %v", key, err)
	}
	p.Check()
}

// Focused describes the element that has focus: its opening tag and its
// text, such as `<a href="/communities">Communities</a>`, or "<body>" when
// nothing has focus. Keyboard tests assert on it after Press("Tab").
func (p *Page) Focused() string {
	p.t.Helper()
	s, err := run(p, chromedp.Evaluate[string](`(() => {
		const el = document.activeElement;
		if (!el || el === document.body || el === document.documentElement) return "<body>";
		const html = el.outerHTML, open = html.slice(0, html.indexOf(">") + 1);
		const text = (el.innerText || "").replace(/\s+/g, " ").trim();
		if (!el.innerHTML && !text) return open;
		const tag = el.tagName.toLowerCase();
		return open + (text.length > 80 ? text.slice(0, 80) + "…" : text) + "</" + tag + ">";
	})()`))
	if err != nil {
		p.fatalf("Focused: %v", err)
	}
	return s
}

// SetViewport sets the size of the viewport in CSS pixels, as a narrow or
// small window would, for checks of the mobile layout. Call Check after it
// to run axe-core on the new layout.
func (p *Page) SetViewport(width, height int) {
	p.t.Helper()
	if _, err := run(p, chromedp.EmulateViewport(int64(width), int64(height))); err != nil {
		p.fatalf("SetViewport(%d, %d): %v", width, height, err)
	}
}

// Eval runs JavaScript in the page (awaiting a promise it returns) and
// decodes its JSON result into out; out may be nil to ignore the result.
func (p *Page) Eval(js string, out any) {
	p.t.Helper()
	if out == nil {
		if _, err := run(p, chromedp.Evaluate[chromedp.Void](js, chromedp.EvalAwaitPromise)); err != nil {
			p.fatalf("Eval: %v", err)
		}
		return
	}
	raw, err := run(p, chromedp.Evaluate[[]byte](js, chromedp.EvalAwaitPromise))
	if err != nil {
		p.fatalf("Eval: %v", err)
	}
	if len(raw) == 0 {
		p.fatalf("Eval: the script returned undefined, and a result was wanted")
	}
	if err := json.Unmarshal(raw, out); err != nil {
		p.fatalf("Eval: decoding %s: %v", raw, err)
	}
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	b, _ := json.Marshal(s) // a string always marshals
	return string(b)
}
