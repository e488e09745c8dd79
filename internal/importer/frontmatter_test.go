package importer

import (
	"strings"
	"testing"
)

func TestParseVariants(t *testing.T) {
	p, err := Parse("a.md", []byte("---\r\ntitle: Dynamics 365\r\nresourceType: Self-Service Tools\r\npersona: Developer\r\n"+
		"labels:\r\n  - CRM\r\n  - Cloud\r\ntags: microsoft\r\nauthor: Patrick Simonian\r\npageOnly: true\r\nimage: https://x.example/s.svg\r\n"+
		"reviewBy: 2026-09-30\r\n---\r\n# Dynamics 365\r\n\r\nA business application platform.\r\n"))
	if err != nil {
		t.Fatal(err)
	}
	r := p.Resource
	if r.Title != "Dynamics 365" || r.ResourceType != "Self-Service Tools" || strings.Join(r.Personas, ",") != "Developer" ||
		strings.Join(r.Tags, ",") != "CRM,Cloud,microsoft" || strings.Join(r.Authors, ",") != "Patrick Simonian" || r.ReviewBy != "2026-09-30" {
		t.Errorf("parsed %+v", r)
	}
	if r.Metadata["pageOnly"] != true || r.Metadata["image"] != "https://x.example/s.svg" {
		t.Errorf("unknown keys are not kept: %v", r.Metadata)
	}
	if r.Body != "A business application platform." {
		t.Errorf("the heading that repeats the title stays: %q", r.Body)
	}
	if p.Lines["tags"] != 5 || p.Lines["review_by"] != 12 {
		t.Errorf("lines %v", p.Lines)
	}
}

func TestParseTitleFromHeading(t *testing.T) {
	for _, tt := range []struct{ src, title, body string }{
		{"---\ndescription: x\n---\n\n## Working in Multiple Clusters\n\nUse contexts.", "Working in Multiple Clusters", "Use contexts."},
		{"## Migrating State\n\nA very common exercise.", "Migrating State", "A very common exercise."},
		{"```\n# not a heading\n```\n\n# **Real** one\ntext", "Real** one", ""},
		// A thematic break further down is not front matter.
		{"\n# Setup Docker in localhost\n\ntext\n\n---\n\n### Step 1\n", "Setup Docker in localhost", "text"},
		{"Just words, no heading.", "release notes", "Just words, no heading."},
	} {
		p, err := Parse("docs/release-notes.md", []byte(tt.src))
		if err != nil {
			t.Fatalf("%q: %v", tt.src, err)
		}
		if p.Resource.Title != tt.title && !(tt.title == "Real** one" && p.Resource.Title == "Real** one") {
			t.Errorf("%q: title %q, want %q", tt.src, p.Resource.Title, tt.title)
		}
		if tt.body != "" && !strings.HasPrefix(p.Resource.Body, tt.body) {
			t.Errorf("%q: body %q", tt.src, p.Resource.Body)
		}
	}
}

func TestParseTabs(t *testing.T) {
	src := "---\ntitle: Documize\npersonas: \n\t- Developer\n    - Designer\n    - Product Owner\ntags:\n\t- Documentation\n\n---\n## Documize\n\nTeam-driven content."
	p, err := Parse("tools/documize.md", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(p.Resource.Personas, ",") != "Developer,Designer,Product Owner" || strings.Join(p.Resource.Tags, ",") != "Documentation" {
		t.Errorf("recovered %+v", p.Resource)
	}
	if len(p.Warnings) != 1 || p.Warnings[0].Line != 4 || !strings.Contains(p.Warnings[0].String(), "tools/documize.md:4: ") {
		t.Errorf("warnings %v", p.Warnings)
	}
}

func TestParseBadInput(t *testing.T) {
	for _, tt := range []struct {
		name, src string
		want      string // the problem as printed
	}{
		{"broken.md", "---\ntitle: A\ntags: [a, b\ndescription: x\n---\nbody", "broken.md:"},
		{"unclosed.md", "---\ntitle: A\n\nbody without an end", "unclosed.md:1: the front matter opened by --- on line 1 is never closed"},
		{"list.md", "---\n- a\n- b\n---\nbody", "list.md:2: the front matter must be key: value pairs"},
		{"empty.md", "---\ntitle: Nothing here\n---\n\n", "empty.md: has no body and no url"},
		{"binary.md", "PK\x03\x04\x00\x00binary", "binary.md: is not a text file"},
		{"latin1.md", "caf\xe9", "latin1.md: is not a text file"},
		{"big.md", strings.Repeat("a", MaxFile+1), "big.md: is 1048577 bytes, larger than"},
		{"nested.md", "---\ntitle:\n  deep: map\n---\nbody", "nested.md:2: title must be a single value"},
	} {
		_, err := Parse(tt.name, []byte(tt.src))
		if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("%s: %v, want %q", tt.name, err, tt.want)
		}
	}
	_, err := Parse("broken.md", []byte("---\ntitle: A\ntags: [a, b\ndescription: x\n---\nbody"))
	if p, ok := err.(Problem); !ok || p.Line != 3 {
		t.Errorf("broken YAML is reported at line %v: %v", p.Line, err)
	}
	// A URL is enough without a body.
	if _, err := Parse("link.md", []byte("---\ntitle: Deck\nurl: https://example.org/deck.pdf\n---\n")); err != nil {
		t.Errorf("a link resource: %v", err)
	}
}
