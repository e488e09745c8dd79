package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/importer"
)

func cmdImportResources(ctx context.Context, args []string, e env) error {
	fs := newFlags(e, "import resources", "[--community SLUG] [--visibility V] [--user H] [--db URL] PATH…",
		"Imports Markdown files with YAML front matter (title, description, resourceType, personas, tags,\n"+
			"community, url, author, reviewBy) as resources: files, or folders searched recursively.\n"+
			"Importing again updates each resource in place, keyed by its path, and never duplicates it.\n"+
			"A file that cannot be imported is reported with its line and the rest go on; the exit status\n"+
			"is 1 when any file failed.")
	var (
		opt         importer.Options
		vis, handle string
		dbURL       string
	)
	fs.StringVar(&opt.Community, "community", "", "the community of files whose front matter names none (a slug)")
	fs.StringVar(&vis, "visibility", "", "who may read files whose front matter does not say: public (the default), signed-in or members")
	fs.StringVar(&handle, "user", "", "the person recorded as adding the resources (by default nobody: the operator)")
	if err := dbFlag(fs, e, &dbURL); err != nil {
		return err
	}
	paths, err := parseWithArgs(fs, e, args)
	if err != nil {
		return err
	}
	if len(paths) == 0 {
		fs.Usage()
		return errors.New("name at least one file or folder to import, for example: copse import resources ./resources")
	}
	opt.Visibility = copse.Visibility(vis)
	switch opt.Visibility {
	case "", copse.VisibilityPublic, copse.VisibilitySignedIn, copse.VisibilityMembers:
	default:
		return fmt.Errorf("--visibility %q: use public, signed-in or members", vis)
	}
	db, err := openMigrated(ctx, dbURL)
	if err != nil {
		return err
	}
	defer db.Close()
	ctx = copse.AsOperator(ctx)
	if handle != "" {
		u, err := db.FindUser(ctx, handle)
		if err != nil {
			return fmt.Errorf("--user %s: %s", handle, copse.ErrorMessage(err))
		}
		ctx = copse.WithUser(ctx, u)
	}

	files, problems, skipped := importer.Collect(paths)
	bar := newProgressBar(e.stderr)
	s := importer.Run(ctx, db, files, opt, bar.show)
	bar.done()
	s.Failed = append(problems, s.Failed...)
	s.Skipped = skipped
	printSummary(e.stdout, s)
	if len(s.Failed) > 0 {
		return fmt.Errorf("%d of %d files could not be imported (listed above); fix them and import again: the others will not be duplicated",
			len(s.Failed), s.Total())
	}
	return nil
}

// parseWithArgs parses flags that may come before, between or after the paths.
func parseWithArgs(fs *flag.FlagSet, e env, args []string) ([]string, error) {
	for _, a := range args {
		if a == "-h" || a == "--help" || a == "-help" {
			fs.SetOutput(e.stdout)
			fs.Usage()
			return nil, flag.ErrHelp
		}
	}
	var paths []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, errUsage
		}
		if fs.NArg() == 0 {
			return paths, nil
		}
		paths = append(paths, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

func printSummary(w io.Writer, s *importer.Summary) {
	fmt.Fprintf(w, "%d imported, %d updated, %d unchanged, %d failed", s.Imported, s.Updated, s.Unchanged, len(s.Failed))
	if s.Skipped > 0 {
		fmt.Fprintf(w, " (%d files that are not Markdown skipped)", s.Skipped)
	}
	fmt.Fprintln(w)
	section := func(title string, lines []string) {
		if len(lines) == 0 {
			return
		}
		fmt.Fprintf(w, "\n%s:\n", title)
		for _, l := range lines {
			fmt.Fprintln(w, "  "+l)
		}
	}
	var failed, warned, similar []string
	for _, p := range s.Failed {
		failed = append(failed, p.String())
	}
	for _, p := range s.Warnings {
		warned = append(warned, p.String())
	}
	for _, m := range s.Similar {
		where := "site-wide"
		if m.Similar.Community != nil {
			where = "in " + m.Similar.Community.Name
		}
		similar = append(similar, fmt.Sprintf("%s: a similar resource exists: %q (/library/%d, %s, %s, %.0f%% alike)",
			m.File, m.Similar.Title, m.Similar.ID, where, m.Similar.Reason, 100*m.Similar.Score))
	}
	section("Failed", failed)
	section("Warnings", warned)
	section("Possible duplicates (stewards can merge them at /library/duplicates)", similar)
}

// progressBar draws on a terminal only: piped or redirected, stderr stays clean
// for logs.
type progressBar struct {
	w     io.Writer
	width int
	drawn bool
}

func newProgressBar(w io.Writer) *progressBar {
	f, ok := w.(*os.File)
	if !ok {
		return &progressBar{}
	}
	if info, err := f.Stat(); err != nil || info.Mode()&os.ModeCharDevice == 0 {
		return &progressBar{}
	}
	return &progressBar{w: f, width: 30}
}

func (b *progressBar) show(done, total int, file string) {
	if b.w == nil || total == 0 {
		return
	}
	filled := b.width * done / total
	name := file
	if n := utf8.RuneCountInString(name); n > 40 {
		name = "…" + string([]rune(name)[n-39:])
	}
	fmt.Fprintf(b.w, "\r\x1b[K[%s%s] %d/%d %s", strings.Repeat("#", filled), strings.Repeat(".", b.width-filled), done, total, name)
	b.drawn = true
}

func (b *progressBar) done() {
	if b.drawn {
		fmt.Fprint(b.w, "\r\x1b[K")
	}
}
