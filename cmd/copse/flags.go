package main

import (
	"errors"
	"flag"
	"fmt"
	"strings"

	"github.com/copse-dev/copse/internal/config"
)

func splitName(s string) []string   { return strings.Fields(s) }
func joinName(args []string) string { return strings.Join(args, " ") }

// newFlags makes a command's flag set that prints its usage and the environment
// variables to e.stdout on --help, and errors to e.stderr.
func newFlags(e env, name, synopsis, about string) *flag.FlagSet {
	fs := flag.NewFlagSet("copse "+name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		out := fs.Output()
		fmt.Fprintf(out, "Usage: copse %s %s\n\n%s\n\nFlags:\n", name, synopsis, about)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses args; --help prints usage on stdout and succeeds, bad flags print the
// problem and the usage on stderr.
func parse(fs *flag.FlagSet, e env, args []string) error {
	for _, a := range args {
		if a == "-h" || a == "--help" || a == "-help" {
			fs.SetOutput(e.stdout)
			fs.Usage()
			return flag.ErrHelp
		}
	}
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(e.stderr, "copse: unexpected argument %q\n", fs.Arg(0))
		fs.Usage()
		return errUsage
	}
	return nil
}

// dbFlag adds --db (COPSE_DATABASE_URL).
func dbFlag(fs *flag.FlagSet, e env, p *string) error {
	return config.String(fs, e.getenv, p, "db", "COPSE_DATABASE_URL", config.DefaultDatabaseURL,
		"database: sqlite:PATH (embedded) or postgres://USER@HOST/DB")
}

// required names a missing flag in a message that says how to fix it.
func required(name, example string) error {
	return errors.New("--" + name + " is required, for example --" + name + " " + example)
}
