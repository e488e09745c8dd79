package copse_test

import (
	"strings"
	"testing"

	"github.com/copse-dev/copse"
)

func TestSlugify(t *testing.T) {
	tests := map[string]string{
		"Infrastructure As Code":              "infrastructure-as-code",
		"Gitlab/VMware TKGI (PKS) deployment": "gitlab-vmware-tkgi-pks-deployment",
		"  Open Shift  ":                      "open-shift",
		"Café Ops — Zürich":                   "cafe-ops-zurich",
		"!!!":                                 "",
	}
	for in, want := range tests {
		if got := copse.Slugify(in); got != want {
			t.Errorf("Slugify(%q) = %q, want %q", in, got, want)
		}
	}
	if got := copse.Slugify(strings.Repeat("word ", 40)); len(got) > 60 || strings.HasSuffix(got, "-") {
		t.Errorf("long names make a slug of at most 60 characters without a trailing dash, got %q", got)
	}
}

func TestNewCommunityValidate(t *testing.T) {
	valid := func() copse.NewCommunity {
		return copse.NewCommunity{Name: "Infrastructure as Code", Subject: "Terraform and friends"}
	}
	tests := []struct {
		name  string
		edit  func(*copse.NewCommunity)
		field string // "" when valid
	}{
		{"valid", func(*copse.NewCommunity) {}, ""},
		{"name required", func(n *copse.NewCommunity) { n.Name = "  " }, "name"},
		{"name too long", func(n *copse.NewCommunity) { n.Name = strings.Repeat("x", 81) }, "name"},
		{"subject required", func(n *copse.NewCommunity) { n.Subject = "" }, "subject"},
		{"bad slug", func(n *copse.NewCommunity) { n.Slug = "Not A Slug" }, "slug"},
		{"reserved slug", func(n *copse.NewCommunity) { n.Slug = "new" }, "slug"},
		{"no slug from a name without letters", func(n *copse.NewCommunity) { n.Name = "!!!" }, "slug"},
		{"bad visibility", func(n *copse.NewCommunity) { n.Visibility = "secret" }, "visibility"},
		{"bad tag", func(n *copse.NewCommunity) { n.Tags = []string{"ok", "<script>"} }, "tags"},
		{"too many tags", func(n *copse.NewCommunity) {
			for i := range 21 {
				n.Tags = append(n.Tags, "t"+strings.Repeat("x", i))
			}
		}, "tags"},
		{"channel url must be http", func(n *copse.NewCommunity) { n.Channel = copse.Channel{Name: "#x", URL: "javascript:alert(1)"} }, "channel.url"},
		{"channel url needs a name", func(n *copse.NewCommunity) { n.Channel = copse.Channel{URL: "https://chat.example.org"} }, "channel.name"},
		{"link url", func(n *copse.NewCommunity) { n.Links = []copse.Link{{Title: "x", URL: "ftp://x"}} }, "links[0].url"},
		{"link title", func(n *copse.NewCommunity) { n.Links = []copse.Link{{URL: "https://x.org"}} }, "links[0].title"},
		{"cadence time zone", func(n *copse.NewCommunity) {
			n.Cadence = &copse.Cadence{RRule: "FREQ=MONTHLY;BYDAY=4TH;BYHOUR=11", Timezone: "Europe/Londn"}
		}, "cadence.timezone"},
		{"cadence rule", func(n *copse.NewCommunity) { n.Cadence = &copse.Cadence{RRule: "EVERY FULL MOON", Timezone: "UTC"} }, "cadence.rrule"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := valid()
			tt.edit(&n)
			err := n.Validate()
			fields := copse.ErrorFields(err)
			switch {
			case tt.field == "" && err != nil:
				t.Fatalf("want valid, got %v", err)
			case tt.field != "" && fields[tt.field] == "":
				t.Fatalf("want a message for %q, got %v", tt.field, err)
			case tt.field != "" && copse.ErrorCode(err) != copse.EINVALID:
				t.Fatalf("want code invalid, got %q", copse.ErrorCode(err))
			}
		})
	}
}

func TestNewCommunityNormalizes(t *testing.T) {
	n := copse.NewCommunity{Name: " Open Shift ", Subject: "Running apps", Tags: []string{" Kubernetes ", "kubernetes", "Red  Hat"},
		Cadence: &copse.Cadence{RRule: "FREQ=MONTHLY;BYDAY=4TH;BYHOUR=11;BYMINUTE=0", Timezone: "Europe/London"}}
	if err := n.Validate(); err != nil {
		t.Fatal(err)
	}
	if n.Name != "Open Shift" || n.Slug != "open-shift" || n.Visibility != copse.VisibilityPublic {
		t.Errorf("got name %q slug %q visibility %q", n.Name, n.Slug, n.Visibility)
	}
	if strings.Join(n.Tags, ",") != "kubernetes,red hat" {
		t.Errorf("tags = %q", n.Tags)
	}
	if n.Cadence.DurationMinutes != 60 || !strings.Contains(n.Cadence.Description, "fourth Thursday") {
		t.Errorf("cadence = %+v", n.Cadence)
	}
}
