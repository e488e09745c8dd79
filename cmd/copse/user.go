package main

import (
	"bufio"
	"context"
	"fmt"
	"strings"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/config"
)

func cmdUserAdd(ctx context.Context, args []string, e env) error {
	fs := newFlags(e, "user add", "--handle H --email E [--name N] [--admin] [--password-stdin] [--db URL]",
		"Creates a local account. With --password-stdin the first line of standard input is its password;\nwithout it the account can sign in only through single sign-on.")
	var (
		n             copse.NewUser
		dbURL         string
		passwordStdin bool
	)
	fs.StringVar(&n.Handle, "handle", "", "the person's handle, e.g. ada")
	fs.StringVar(&n.Email, "email", "", "the person's email address")
	fs.StringVar(&n.Name, "name", "", "the person's full name")
	fs.BoolVar(&n.Admin, "admin", false, "make the person a site admin")
	if err := config.Bool(fs, e.getenv, &passwordStdin, "password-stdin", "read the password from standard input"); err != nil {
		return err
	}
	if err := dbFlag(fs, e, &dbURL); err != nil {
		return err
	}
	if err := parse(fs, e, args); err != nil {
		return err
	}
	switch {
	case n.Handle == "":
		return required("handle", "ada")
	case n.Email == "":
		return required("email", "ada@example.org")
	}
	if passwordStdin {
		line, err := bufio.NewReader(e.stdin).ReadString('\n')
		if err != nil && line == "" {
			return fmt.Errorf("--password-stdin: no password on standard input; try: echo 'long passphrase' | copse user add … --password-stdin")
		}
		n.Password = strings.TrimRight(line, "\r\n")
		if n.Password == "" {
			return fmt.Errorf("--password-stdin: the password on standard input is empty")
		}
	}
	db, err := openMigrated(ctx, dbURL)
	if err != nil {
		return err
	}
	defer db.Close()
	u, err := db.CreateUser(ctx, n)
	if err != nil {
		return cliError(err)
	}
	kind := "person"
	if u.Admin {
		kind = "admin"
	}
	fmt.Fprintf(e.stdout, "created %s %s <%s>\n", kind, u.Handle, u.Email)
	if n.Password == "" {
		fmt.Fprintln(e.stderr, "note: no password was set, so this account cannot sign in with a password; add --password-stdin to set one")
	}
	return nil
}

func cmdTokenCreate(ctx context.Context, args []string, e env) error {
	fs := newFlags(e, "token create", "--user H [--name N] [--db URL]",
		"Prints a new API token for the person on standard output, and nothing else.\nSend it as 'Authorization: Bearer TOKEN'. It is shown once; copse keeps only its hash.")
	var handle, name, dbURL string
	fs.StringVar(&handle, "user", "", "the handle of the person the token acts for")
	fs.StringVar(&name, "name", "", "what the token is for, e.g. \"chat bot\"")
	if err := dbFlag(fs, e, &dbURL); err != nil {
		return err
	}
	if err := parse(fs, e, args); err != nil {
		return err
	}
	if handle == "" {
		return required("user", "ada")
	}
	db, err := openMigrated(ctx, dbURL)
	if err != nil {
		return err
	}
	defer db.Close()
	token, err := db.CreateToken(ctx, handle, name)
	if err != nil {
		return cliError(err)
	}
	fmt.Fprintln(e.stdout, token)
	return nil
}

// cliError turns a validation error into one line naming each bad flag.
func cliError(err error) error {
	fields := copse.ErrorFields(err)
	if copse.ErrorCode(err) == copse.EINTERNAL {
		return err
	}
	if len(fields) == 0 {
		return fmt.Errorf("%s", copse.ErrorMessage(err))
	}
	var parts []string
	for _, f := range []string{"handle", "email", "name", "password"} {
		if m, ok := fields[f]; ok {
			flagName := "--" + f
			if f == "password" {
				flagName = "the password"
			}
			parts = append(parts, flagName+" "+m)
		}
	}
	return fmt.Errorf("%s", strings.Join(parts, "; "))
}
