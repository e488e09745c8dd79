// Command copse runs a self-hosted home for communities of practice.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
	case errors.Is(err, errUsage):
		os.Exit(2)
	default:
		fmt.Fprintln(os.Stderr, "copse:", err)
		os.Exit(1)
	}
}

// errUsage means the usage was already printed; main only sets the exit status.
var errUsage = errors.New("usage")

type command struct {
	name    string
	summary string
	run     func(ctx context.Context, args []string, env env) error
}

// env is what a command may touch of the outside world, so tests can supply their own.
type env struct {
	getenv func(string) string
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
}

func commands() []command {
	return []command{
		{"serve", "run the web app and the API", cmdServe},
		{"migrate", "bring the database schema up to date", cmdMigrate},
		{"user add", "create a local account", cmdUserAdd},
		{"token create", "print a new API token for a person", cmdTokenCreate},
		{"import resources", "import Markdown files with front matter into the library", cmdImportResources},
		{"import stackexchange", "import the questions and answers of a Stack Exchange data dump", cmdImportStackExchange},
	}
}

// run is copse's whole command line: main only calls it.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	e := env{getenv: getenv, stdin: stdin, stdout: stdout, stderr: stderr}
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(stdout)
		if len(args) == 0 {
			return errUsage
		}
		return nil
	}
	for _, c := range commands() {
		words := len(splitName(c.name))
		if len(args) >= words && joinName(args[:words]) == c.name {
			return c.run(ctx, args[words:], e)
		}
	}
	fmt.Fprintf(stderr, "copse: unknown command %q\n\n", joinName(args[:min(2, len(args))]))
	usage(stderr)
	return errUsage
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "copse runs a home for communities of practice: directory, members, boards, meetings and more.")
	fmt.Fprintln(w, "\nUsage: copse COMMAND [flags]\n\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-14s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun 'copse COMMAND --help' for the flags of a command.")
}
