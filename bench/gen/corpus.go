package main

import (
	"encoding/xml"
	"html"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// corpus holds real sentences and paragraphs from ../shared/testdata, so that search
// and rendering see real words rather than lorem ipsum.
type corpus struct {
	paragraphs []string // Markdown paragraphs
	sentences  []string
	titles     []string // headings and question titles
	words      []string
}

var (
	tagRE        = regexp.MustCompile(`<[^>]+>`)
	frontMatter  = regexp.MustCompile(`(?s)\A---\n.*?\n---\n`)
	sentenceEnd  = regexp.MustCompile(`([.!?])\s+`)
	wordRE       = regexp.MustCompile(`[A-Za-z][a-z]{3,}`)
	markdownOnly = regexp.MustCompile(`^[#>*|!\[\-{:` + "`" + `]`)
)

func loadCorpus(dir string) (*corpus, error) {
	c := &corpus{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		switch {
		case strings.HasSuffix(path, ".md"):
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			c.addMarkdown(string(frontMatter.ReplaceAll(b, nil)))
		case strings.HasSuffix(path, "Posts.xml"):
			return c.addPosts(path)
		}
		return nil
	})
	if err == nil && len(c.paragraphs) == 0 {
		err = fs.ErrNotExist
	}
	return c, err
}

func (c *corpus) addMarkdown(s string) {
	for _, p := range strings.Split(s, "\n\n") {
		p = strings.TrimSpace(p)
		if strings.HasPrefix(p, "#") {
			if t := strings.TrimSpace(strings.TrimLeft(p, "# ")); len(t) > 8 && len(t) < 80 && !strings.Contains(t, "\n") {
				c.titles = append(c.titles, t)
			}
			continue
		}
		if len(p) < 80 || markdownOnly.MatchString(p) || strings.Contains(p, "{%") {
			continue
		}
		c.paragraphs = append(c.paragraphs, p)
		c.addSentences(p)
	}
}

func (c *corpus) addSentences(p string) {
	for _, s := range sentenceEnd.Split(strings.ReplaceAll(p, "\n", " "), -1) {
		if s = strings.TrimSpace(s); len(s) > 30 && len(s) < 200 {
			c.sentences = append(c.sentences, s+".")
		}
	}
	c.words = append(c.words, wordRE.FindAllString(p, -1)...)
}

func (c *corpus) addPosts(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	var posts struct {
		Rows []struct {
			Title string `xml:"Title,attr"`
			Body  string `xml:"Body,attr"`
		} `xml:"row"`
	}
	if err := xml.NewDecoder(f).Decode(&posts); err != nil {
		return err
	}
	for _, r := range posts.Rows {
		if r.Title != "" {
			c.titles = append(c.titles, r.Title)
		}
		text := strings.TrimSpace(html.UnescapeString(tagRE.ReplaceAllString(r.Body, "")))
		if len(text) > 80 {
			c.paragraphs = append(c.paragraphs, text)
			c.addSentences(text)
		}
	}
	return nil
}

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

// body is a few real paragraphs.
func (c *corpus) body(r *rand.Rand, n int) string {
	ps := make([]string, n)
	for i := range ps {
		ps[i] = pick(r, c.paragraphs)
	}
	return strings.Join(ps, "\n\n")
}

func (c *corpus) title(r *rand.Rand) string {
	t := pick(r, c.titles)
	if len(t) > 110 {
		t = t[:110]
	}
	return t
}

func (c *corpus) sentence(r *rand.Rand) string {
	s := pick(r, c.sentences)
	if len(s) > 190 {
		s = s[:190]
	}
	return s
}
