package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/notify"
	"github.com/copse-dev/copse/internal/sso/ssotest"
	"github.com/copse-dev/copse/internal/store"
	"github.com/copse-dev/copse/internal/store/storetest"
)

// TestAccountLinking: a new identity whose verified email belongs to an account is
// never linked silently. The person proves the account is theirs with its password,
// or with the mailed link opened in the same browser; then either way signs them in.
func TestAccountLinking(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB, _ *storetest.Clock) {
		is := ssotest.NewIssuer(t)
		site := newSSOSite(t, db, oidcAt("corp", "Corp SSO", is.URL))
		withPassword(t, db, "ada", "Ada Lovelace")
		as := func(sub, email string) {
			is.Shape(func(nonce string) map[string]any { return is.Standard(nonce, sub, email, true) }, nil)
		}

		// Proof by password.
		as("sub-ada", "ada@example.org")
		b := site.browser()
		b.get("/signin/sso/corp").expect(http.StatusOK, "copse already has an account with its address", "@ada", "Sign in to @ada", "Email me a link").clean()
		if b.url() != site.URL+"/signin/link" || !strings.Contains(b.last.Header.Get("Cache-Control"), "no-store") {
			t.Fatalf("at %s with Cache-Control %q", b.url(), b.last.Header.Get("Cache-Control"))
		}
		if got := b.me(); got != "" {
			t.Fatalf("signed in as %q before proving anything", got)
		}
		b.get("/signin").expect(http.StatusOK, "Connect your Corp SSO account").clean()
		b.post("/signin", url.Values{"login": {"ada"}, "password": {password}}).
			expect(http.StatusOK, "The account is connected", "Corp SSO")
		b.post("/signout", nil)
		site.browser().get("/signin/sso/corp").expect(http.StatusOK, "You are signed in.")

		// Linking while signed in: the second identity joins the first.
		as("sub-ada-gh", "ada.other@example.org")
		b.post("/signin", url.Values{"login": {"ada"}, "password": {password}})
		b.get("/signin/sso/corp").expect(http.StatusOK, "The account is connected").clean()
		if n := strings.Count(b.body, "/remove\""); n != 2 {
			t.Errorf("ada has %d connected accounts listed, want 2", n)
		}

		// Proof by mail, for an account without a password.
		if _, err := db.CreateUser(context.Background(), copse.NewUser{Handle: "bea", Email: "bea@example.org"}); err != nil {
			t.Fatal(err)
		}
		as("sub-bea", "bea@example.org")
		bea := site.browser()
		bea.get("/signin/sso/corp").expect(http.StatusOK, "Email me a link")
		if strings.Contains(bea.body, "Sign in to @bea") {
			t.Error("offers a password sign-in to an account without a password")
		}
		bea.post("/signin/link/mail", nil).expect(http.StatusOK, "The email is on its way", "We sent a link to")
		link := linkFromMail(t, db, "bea@example.org")

		// Opened in another browser, the link does nothing.
		stranger := site.browser()
		stranger.get(link).expect(http.StatusNotFound, "Open the confirmation link in the browser you signed in with")
		token := strings.TrimPrefix(link[strings.Index(link, "?"):], "?token=")
		stranger.post("/signin/link/confirm", url.Values{"token": {token}}).expect(http.StatusNotFound, "opened in another browser")

		bea.get(link).expect(http.StatusOK, "Connect your Corp SSO account?", "@bea").clean()
		bea.post("/signin/link/confirm", url.Values{"token": {token}}).expect(http.StatusOK, "The account is connected")
		if got := bea.me(); got != "bea" {
			t.Fatalf("after confirming by mail: %q", got)
		}

		// Her only way to sign in cannot be removed; ada's can, she has a password.
		bea.get("/account/identities")
		id := idIn(t, bea.body)
		bea.post("/account/identities/"+id+"/remove", nil).expect(http.StatusConflict, "This is your only way to sign in").clean()
		b.get("/account/identities")
		b.post("/account/identities/"+idIn(t, b.body)+"/remove", nil).expect(http.StatusOK, "The account is removed")

		// An identity linked to one person cannot be linked to another.
		as("sub-bea", "bea@example.org")
		b.get("/signin/sso/corp").expect(http.StatusConflict, "already connected to another copse account")
	})
}

// linkFromMail runs the outbox worker, as copse serve does, and returns the link
// of the confirmation mail it delivered to the address (kept in the local outbox,
// since the test has no SMTP server).
func linkFromMail(t *testing.T, db *store.DB, to string) string {
	t.Helper()
	ctx := context.Background()
	w := &notify.Worker{DB: db, Mail: notify.Keep{DB: db}, From: "copse@example.org"}
	for {
		n, err := w.Cycle(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			break
		}
	}
	admin := copse.WithUser(ctx, &copse.User{Handle: "postmaster", Admin: true}) // who reads the kept mail
	kept, err := db.ListKeptMail(admin, 100, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range kept.Items {
		if m.Recipient != to || !strings.Contains(m.Subject, "Connect your") {
			continue
		}
		full, err := db.FindKeptMail(admin, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		msg := strings.ReplaceAll(full.Message, "=\r\n", "") // undo quoted-printable soft breaks
		i := strings.Index(msg, "/signin/link/confirm?")
		if i < 0 {
			t.Fatalf("the confirmation mail has no link:\n%s", full.Message)
		}
		end := strings.IndexAny(msg[i:], " \r\n\"<>")
		return strings.ReplaceAll(msg[i:i+end], "=3D", "=")
	}
	t.Fatalf("no confirmation mail to %s among %d kept mails", to, len(kept.Items))
	return ""
}

// idIn is the id of the first connected account on an identities page.
func idIn(t *testing.T, body string) string {
	t.Helper()
	i := strings.Index(body, `action="/account/identities/`)
	if i < 0 {
		t.Fatalf("no connected account listed:\n%s", excerpt(body))
	}
	rest := body[i+len(`action="/account/identities/`):]
	return rest[:strings.Index(rest, "/")]
}
