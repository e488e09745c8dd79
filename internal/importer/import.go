package importer

import (
	"context"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/store"
)

// Options apply to every file of an import that does not say otherwise in its
// front matter.
type Options struct {
	Community  string           // a slug
	Visibility copse.Visibility // "" keeps the default, public
}

// Similarity is a near-duplicate found while importing.
type Similarity struct {
	File    string        `json:"file"`
	ID      int64         `json:"id"` // the resource the file became
	Similar copse.Similar `json:"similar"`
}

// Summary is what an import did: counts, and each failure and warning with its
// file and line.
type Summary struct {
	Imported  int          `json:"imported"`
	Updated   int          `json:"updated"`
	Unchanged int          `json:"unchanged"`
	Skipped   int          `json:"skipped"` // files that are not Markdown
	Failed    []Problem    `json:"failed"`
	Warnings  []Problem    `json:"warnings"`
	Similar   []Similarity `json:"similar"`
}

// Total is the number of Markdown files the import looked at.
func (s *Summary) Total() int { return s.Imported + s.Updated + s.Unchanged + len(s.Failed) }

// Progress hears after each file: how many are done, of how many, and which.
type Progress func(done, total int, file string)

// Run imports the files one by one, each in its own transaction: a file that
// fails leaves nothing behind and does not stop the others. ctx carries who
// imports (an admin, or the operator: copse.AsOperator).
func Run(ctx context.Context, db *store.DB, files []File, opt Options, progress Progress) *Summary {
	s := &Summary{Failed: []Problem{}, Warnings: []Problem{}, Similar: []Similarity{}}
	seen := map[string]string{}
	for i, f := range files {
		if err := ctx.Err(); err != nil {
			s.Failed = append(s.Failed, Problem{File: f.Name, Message: "not imported: the import was stopped"})
			continue
		}
		if first, dup := seen[f.Key]; dup {
			s.Failed = append(s.Failed, Problem{File: f.Name, Message: "has the same source path as " + first + "; only the first was imported"})
		} else {
			seen[f.Key] = f.Name
			s.one(ctx, db, f, opt)
		}
		if progress != nil {
			progress(i+1, len(files), f.Name)
		}
	}
	return s
}

// one imports one file into the summary.
func (s *Summary) one(ctx context.Context, db *store.DB, f File, opt Options) {
	data, err := read(f)
	if err != nil {
		s.Failed = append(s.Failed, Problem{File: f.Name, Message: err.Error()})
		return
	}
	p, err := Parse(f.Name, data)
	if err != nil {
		s.Failed = append(s.Failed, asProblem(f.Name, err))
		return
	}
	s.Warnings = append(s.Warnings, p.Warnings...)
	n := p.Resource
	n.Source = f.Key
	if n.Community == "" {
		n.Community = opt.Community
	}
	if n.Visibility == "" {
		n.Visibility = opt.Visibility
	}
	res, err := db.ImportResource(ctx, n)
	if err != nil {
		s.Failed = append(s.Failed, p.storeProblem(f.Name, err))
		return
	}
	switch res.Outcome {
	case store.Imported:
		s.Imported++
	case store.Updated:
		s.Updated++
	default:
		s.Unchanged++
	}
	for _, sim := range res.Similar {
		s.Similar = append(s.Similar, Similarity{File: f.Name, ID: res.Resource.ID, Similar: sim})
	}
}

// read returns a file's content, refusing one larger than MaxFile before
// reading it whole.
func read(f File) ([]byte, error) {
	if f.Err != "" {
		return nil, fmt.Errorf("%s", f.Err)
	}
	if f.Data != nil {
		return f.Data, nil
	}
	fh, err := os.Open(f.Path)
	if err != nil {
		return nil, fmt.Errorf("cannot be read: %s", pathError(err))
	}
	defer fh.Close()
	if info, err := fh.Stat(); err == nil && info.Size() > MaxFile {
		return nil, fmt.Errorf("is %d bytes, larger than the %d bytes (1 MiB) a resource may be; split it", info.Size(), MaxFile)
	}
	// One byte more than allowed is enough to tell that it is too large, should
	// the file grow while it is read.
	return io.ReadAll(io.LimitReader(fh, MaxFile+1))
}

func asProblem(name string, err error) Problem {
	if p, ok := err.(Problem); ok {
		return p
	}
	return Problem{File: name, Message: err.Error()}
}

// storeProblem names what the store refused, at the line of the front matter
// key it came from when there is one.
func (p *Parsed) storeProblem(name string, err error) Problem {
	fields := copse.ErrorFields(err)
	switch {
	case copse.ErrorCode(err) == copse.EINTERNAL:
		// Only admins and the operator import: they can act on the database's own words.
		return Problem{File: name, Message: "could not be saved: " + err.Error()}
	case len(fields) == 0:
		return Problem{File: name, Message: copse.ErrorMessage(err)}
	}
	keys := make([]string, 0, len(fields))
	for k := range fields {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	parts := make([]string, 0, len(keys))
	line := 0
	for _, k := range keys {
		parts = append(parts, k+" "+fields[k])
		if l := p.Lines[k]; l > 0 && (line == 0 || l < line) {
			line = l
		}
	}
	return Problem{File: name, Line: line, Message: strings.Join(parts, "; ")}
}
