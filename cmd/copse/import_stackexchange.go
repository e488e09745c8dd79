package main

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/stackexchange"
)

func cmdImportStackExchange(ctx context.Context, args []string, e env) error {
	fs := newFlags(e, "import stackexchange", "[--site HOST] [--community SLUG] [--db URL] PATH",
		"Imports the questions and answers of a Stack Exchange data dump (the folder holding Posts.xml,\n"+
			"Users.xml, Votes.xml and Tags.xml of one site) with their accepted answers, dates and scores.\n"+
			"Authors become placeholder accounts (no password, no sign-in) that keep their names; each post\n"+
			"links to its original and its author, as the dump's CC BY-SA licence asks. Importing the same\n"+
			"dump again refreshes what it brought and adds nothing twice.")
	var site, community, dbURL string
	fs.StringVar(&site, "site", "", "the dump's site, such as conlang.meta.stackexchange.com (default: the folder's name, when it is one)")
	fs.StringVar(&community, "community", "", "the community that receives the questions (a slug); site-wide without it")
	if err := dbFlag(fs, e, &dbURL); err != nil {
		return err
	}
	paths, err := parseWithArgs(fs, e, args)
	if err != nil {
		return err
	}
	if len(paths) != 1 {
		fs.Usage()
		return errors.New("name one dump folder, for example: copse import stackexchange --site conlang.meta.stackexchange.com ./conlang.meta")
	}
	if info, err := os.Stat(paths[0]); err != nil || !info.IsDir() {
		return fmt.Errorf("%s is not a folder: name the folder that holds Posts.xml", paths[0])
	}
	db, err := openMigrated(ctx, dbURL)
	if err != nil {
		return err
	}
	defer db.Close()
	bar := newProgressBar(e.stderr)
	s, err := stackexchange.Import(copse.AsOperator(ctx), db, paths[0], stackexchange.Options{Site: site, Community: community},
		func(done, total int) { bar.show(done, total, "questions") })
	bar.done()
	if err != nil {
		if msg := copse.ErrorMessage(err); copse.ErrorCode(err) != copse.EINTERNAL {
			return fmt.Errorf("import: %s", msg)
		}
		return err
	}
	fmt.Fprintln(e.stdout, s)
	return nil
}
