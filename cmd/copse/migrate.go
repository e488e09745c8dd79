package main

import (
	"context"
	"fmt"

	"github.com/copse-dev/copse/internal/store"
)

func cmdMigrate(ctx context.Context, args []string, e env) error {
	fs := newFlags(e, "migrate", "[--db URL]", "Brings the database schema up to date. copse serve does this at start too.")
	var dbURL string
	if err := dbFlag(fs, e, &dbURL); err != nil {
		return err
	}
	if err := parse(fs, e, args); err != nil {
		return err
	}
	db, err := store.Open(ctx, dbURL)
	if err != nil {
		return err
	}
	defer db.Close()
	applied, err := db.Migrate(ctx)
	for _, name := range applied {
		fmt.Fprintln(e.stdout, "applied", name)
	}
	if err != nil {
		return err
	}
	if len(applied) == 0 {
		fmt.Fprintln(e.stdout, "the schema is up to date")
	}
	return nil
}

// openMigrated opens the database and brings its schema up to date.
func openMigrated(ctx context.Context, dbURL string) (*store.DB, error) {
	db, err := store.Open(ctx, dbURL)
	if err != nil {
		return nil, err
	}
	if _, err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}
