package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/store"
	"github.com/copse-dev/copse/internal/store/storetest"
)

func TestAccounts(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB, clock *storetest.Clock) {
		ctx := context.Background()
		u, err := db.CreateUser(ctx, copse.NewUser{Handle: "@Ada", Email: "Ada@Example.org", Name: "Ada Lovelace", Password: "correct horse battery"})
		if err != nil {
			t.Fatal(err)
		}
		if u.Handle != "ada" || u.Email != "ada@example.org" {
			t.Fatalf("handle and email are normalised: %q %q", u.Handle, u.Email)
		}
		_, err = db.CreateUser(ctx, copse.NewUser{Handle: "ada", Email: "ADA@example.org"})
		if f := copse.ErrorFields(err); copse.ErrorCode(err) != copse.ECONFLICT || f["handle"] == "" || f["email"] == "" {
			t.Fatalf("duplicate account: %v", err)
		}
		_, err = db.CreateUser(ctx, copse.NewUser{Handle: "-bad-", Email: "nope", Password: "short"})
		if f := copse.ErrorFields(err); f["handle"] == "" || f["email"] == "" || f["password"] == "" {
			t.Fatalf("bad account fields: %v", err)
		}

		for _, login := range []string{"ada", "ADA@example.org", "@ada"} {
			if got, err := db.Authenticate(ctx, login, "correct horse battery", "192.0.2.1"); err != nil || got.ID != u.ID {
				t.Fatalf("sign in as %q: %v", login, err)
			}
		}
		if _, err := db.Authenticate(ctx, "ada", "wrong", "192.0.2.1"); copse.ErrorCode(err) != copse.EUNAUTHORIZED {
			t.Fatalf("wrong password: %v", err)
		}
		if _, err := db.Authenticate(ctx, "nobody", "whatever", "192.0.2.1"); copse.ErrorCode(err) != copse.EUNAUTHORIZED {
			t.Fatalf("unknown person: %v", err)
		}

		token, err := db.CreateSession(ctx, u.ID, "test", "192.0.2.1")
		if err != nil {
			t.Fatal(err)
		}
		if got, err := db.UserBySession(ctx, token); err != nil || got.Handle != "ada" {
			t.Fatalf("session: %v", err)
		}
		clock.Advance(8 * 24 * time.Hour) // idle longer than a week
		if _, err := db.UserBySession(ctx, token); copse.ErrorCode(err) != copse.EUNAUTHORIZED {
			t.Fatalf("an idle session still works: %v", err)
		}
		token, _ = db.CreateSession(ctx, u.ID, "test", "192.0.2.1")
		if err := db.DeleteSession(ctx, token); err != nil {
			t.Fatal(err)
		}
		if _, err := db.UserBySession(ctx, token); copse.ErrorCode(err) != copse.EUNAUTHORIZED {
			t.Fatalf("a signed-out session still works: %v", err)
		}

		api, err := db.CreateToken(ctx, "ada", "bot")
		if err != nil || !strings.HasPrefix(api, "copse_") {
			t.Fatalf("token %q: %v", api, err)
		}
		if got, err := db.UserByToken(ctx, api); err != nil || got.Handle != "ada" {
			t.Fatalf("token: %v", err)
		}
		if _, err := db.UserByToken(ctx, api+"x"); copse.ErrorCode(err) != copse.EUNAUTHORIZED {
			t.Fatalf("a wrong token: %v", err)
		}
		if _, err := db.CreateToken(ctx, "nobody", ""); copse.ErrorCode(err) != copse.ENOTFOUND {
			t.Fatalf("a token for nobody: %v", err)
		}
	})
}

func TestLoginRateLimit(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB, clock *storetest.Clock) {
		ctx := context.Background()
		if _, err := db.CreateUser(ctx, copse.NewUser{Handle: "ada", Email: "ada@example.org", Password: "correct horse battery"}); err != nil {
			t.Fatal(err)
		}
		for i := range 10 {
			if _, err := db.Authenticate(ctx, "ada", "guess", "192.0.2.1"); copse.ErrorCode(err) != copse.EUNAUTHORIZED {
				t.Fatalf("attempt %d: %v", i, err)
			}
		}
		// Now even the right password is refused until the window passes.
		if _, err := db.Authenticate(ctx, "ada", "correct horse battery", "192.0.2.9"); copse.ErrorCode(err) != copse.ETOOMANYREQUEST {
			t.Fatalf("after 10 failures: %v, want too many requests", err)
		}
		clock.Advance(16 * time.Minute)
		if _, err := db.Authenticate(ctx, "ada", "correct horse battery", "192.0.2.9"); err != nil {
			t.Fatalf("after the window: %v", err)
		}
	})
}

func TestSetupAndPasswordChange(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB, _ *storetest.Clock) {
		ctx := context.Background()
		token, err := db.CreateSetupToken(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if ok, _ := db.SetupOpen(ctx, "setup_wrong"); ok {
			t.Fatal("a wrong setup token is accepted")
		}
		n := copse.NewUser{Handle: "root", Email: "root@example.org", Password: "a long admin passphrase"}
		u, err := db.CompleteSetup(ctx, token, n)
		if err != nil || !u.Admin {
			t.Fatalf("setup: %v %+v", err, u)
		}
		n.Handle, n.Email = "root2", "root2@example.org"
		if _, err := db.CompleteSetup(ctx, token, n); copse.ErrorCode(err) != copse.EFORBIDDEN {
			t.Fatalf("the setup link works twice: %v", err)
		}
		me := copse.WithUser(ctx, u)
		keep, _ := db.CreateSession(ctx, u.ID, "", "")
		other, _ := db.CreateSession(ctx, u.ID, "", "")
		if err := db.ChangePassword(me, "wrong", "another long passphrase", keep); copse.ErrorFields(err)["current_password"] == "" {
			t.Fatalf("change with a wrong current password: %v", err)
		}
		if err := db.ChangePassword(me, "a long admin passphrase", "another long passphrase", keep); err != nil {
			t.Fatal(err)
		}
		if _, err := db.UserBySession(ctx, other); err == nil {
			t.Fatal("other sessions survive a password change")
		}
		if _, err := db.UserBySession(ctx, keep); err != nil {
			t.Fatal("the current session ends with a password change")
		}
		if _, err := db.Authenticate(ctx, "root", "another long passphrase", "x"); err != nil {
			t.Fatal(err)
		}
	})
}
