package similar

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// realResources reads the bodies (front matter cut off) of BC Gov's DevHub
// resources, kept verbatim beside the repository.
func realResources(t *testing.T) map[string]string {
	t.Helper()
	root := filepath.Join("..", "..", "..", "shared", "testdata", "bcgov-devhub-resources", "resources")
	if _, err := os.Stat(root); err != nil {
		t.Skipf("the real resources are not beside the repository (%v)", err)
	}
	docs := map[string]string{}
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".md") {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		body := string(b)
		if rest, ok := strings.CutPrefix(body, "---"); ok {
			if i := strings.Index(rest, "\n---"); i >= 0 {
				body = rest[i+4:]
			}
		}
		docs[strings.TrimPrefix(path, root+string(filepath.Separator))] = body
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return docs
}

// TestNoFalseAlarmOnRealResources: among the 33 real resources, several share
// their front matter, their description or their opening paragraphs, and none of
// those is flagged. The one pair that is flagged is a true duplicate:
// building-modern-apps.md is 12-factor-apps.md and progressive-web-apps.md pasted
// one after the other, so it holds the whole of the latter word for word.
func TestNoFalseAlarmOnRealResources(t *testing.T) {
	docs := realResources(t)
	names := make([]string, 0, len(docs))
	for n := range docs {
		names = append(names, n)
	}
	sort.Strings(names)
	type pair struct {
		a, b  string
		score float64
	}
	var top []pair
	for i, a := range names {
		for _, b := range names[i+1:] {
			s := Score(Shingles(docs[a]), Shingles(docs[b]))
			top = append(top, pair{a, b, s})
			trueDuplicate := a == "community/building-modern-apps.md" && b == "community/progressive-web-apps.md"
			if Duplicate(s) != trueDuplicate {
				t.Errorf("%s and %s score %.2f: duplicate %v, want %v", a, b, s, Duplicate(s), trueDuplicate)
			}
		}
	}
	sort.Slice(top, func(i, j int) bool { return top[i].score > top[j].score })
	for _, p := range top[:3] {
		t.Logf("closest: %.3f %s ~ %s", p.score, p.a, p.b)
	}
}

// TestFindsEditedCopies: a resource copied with a new title, a few words changed,
// a paragraph added or its sections reordered is still found, by its band keys
// and by its score.
func TestFindsEditedCopies(t *testing.T) {
	docs := realResources(t)
	rng := rand.New(rand.NewPCG(1, 2))
	found, tried := 0, 0
	for name, body := range docs {
		words := strings.Fields(body)
		if len(words) < 150 {
			continue
		}
		// Change one word in 40 and add a paragraph.
		for i := 0; i < len(words); i += 40 {
			words[rng.IntN(len(words))] = "changed"
		}
		edited := strings.Join(words, " ") + "\n\nUpdated for the new cluster: ask in #devops-how-to."
		a, b := Shingles(body), Shingles(edited)
		tried++
		if s := Score(a, b); !Duplicate(s) {
			t.Errorf("%s: an edited copy scores %.2f", name, s)
			continue
		}
		if shareBand(BandKeys(a), BandKeys(b)) {
			found++
		}
	}
	if tried < 10 {
		t.Fatalf("only %d resources were long enough to try", tried)
	}
	// LSH is probabilistic: nearly all, not necessarily all, edited copies share a band.
	if found < tried*9/10 {
		t.Errorf("band keys found %d of %d edited copies", found, tried)
	}
}

func shareBand(a, b []int64) bool {
	for i := range a {
		if a[i] == b[i] {
			return true
		}
	}
	return false
}

func TestShortTexts(t *testing.T) {
	tests := []struct {
		a, b string
		dup  bool
	}{
		{"This content is lonely and needs help!", "This content is lonely and needs help!", true},
		{"This content is lonely and needs help!", "This content is lonely and needs love!", false},
		{"", "", false},
		{"## Migrating State\n\nA very common exercise.", "# migrating state — a very common exercise", true},
	}
	for _, tt := range tests {
		if got := Duplicate(Score(Shingles(tt.a), Shingles(tt.b))); got != tt.dup {
			t.Errorf("%q ~ %q: duplicate %v, want %v", tt.a, tt.b, got, tt.dup)
		}
	}
}

// TestBoilerplate: two different pages that share a long template (a licence
// footer and a "getting help" section) are not near-duplicates.
func TestBoilerplate(t *testing.T) {
	docs := realResources(t)
	footer := "\n\n## Getting Help or Reporting an Issue\n\nTo report bugs, issues or feature requests, please file an issue in the repository. " +
		"If you would like to contribute, please see our contributing guidelines. Please note that this project is released with a " +
		"Contributor Code of Conduct. By participating in this project you agree to abide by its terms. Licensed under the Apache " +
		"License, Version 2.0; you may not use this file except in compliance with the License. Unless required by applicable law " +
		"or agreed to in writing, software distributed under the License is distributed on an AS IS basis, without warranties or conditions of any kind."
	a := docs["aro/migrating-jenkins.md"] + footer
	b := docs["aro/migrating-rhel-images.md"] + footer
	if s := Score(Shingles(a), Shingles(b)); Duplicate(s) {
		t.Errorf("pages sharing a footer score %.2f", s)
	}
}
