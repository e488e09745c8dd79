package demo

import (
	"context"
	"embed"
	"fmt"
	"io/fs"

	"github.com/copse-dev/copse/internal/importer"
	"github.com/copse-dev/copse/internal/store"
)

// resourceFiles are a few resources written for the demo in the spirit of the
// seeds: seed 001's welcome to the platform community, summarised, and guides
// of the kind each demo community would keep.
//
//go:embed resources/*.md
var resourceFiles embed.FS

// loadResources adds the demo resources, each by the person its front matter
// names as author, as if they had written it in the library.
func loadResources(ctx context.Context, db *store.DB) error {
	names, err := fs.Glob(resourceFiles, "resources/*.md")
	if err != nil {
		return err
	}
	for _, name := range names {
		data, err := resourceFiles.ReadFile(name)
		if err != nil {
			return err
		}
		p, err := importer.Parse(name, data)
		if err != nil {
			return err
		}
		n := p.Resource
		if _, _, err := db.CreateResource(as(ctx, db, n.Authors[0]), n); err != nil {
			return fmt.Errorf("demo resource %s: %w", name, err)
		}
	}
	return nil
}
