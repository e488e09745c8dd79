package copse

import (
	"strings"
	"testing"
)

func TestBoardAuthorization(t *testing.T) {
	c := &Community{Name: "IaC", Status: StatusActive}
	archived := &Community{Name: "Old", Status: StatusArchived}
	ada, admin := &User{ID: 1, Handle: "ada"}, &User{ID: 9, Handle: "root", Admin: true}
	own := &Topic{ProposerID: 1}
	others := &Topic{ProposerID: 2}
	stage := StageDone
	title := "New words"
	move, edit := &TopicUpdate{Stage: &stage}, &TopicUpdate{Title: &title}
	for _, tt := range []struct {
		name   string
		v      Viewer
		c      *Community
		do     func(v Viewer, c *Community) error
		wanted string
	}{
		{"anonymous proposes", Viewer{}, c, func(v Viewer, c *Community) error { return v.AuthorizePropose(c, "propose") }, EUNAUTHORIZED},
		{"outsider proposes", Viewer{User: ada}, c, func(v Viewer, c *Community) error { return v.AuthorizePropose(c, "propose") }, EFORBIDDEN},
		{"contributor proposes", Viewer{User: ada, Role: RoleContributor}, c, func(v Viewer, c *Community) error { return v.AuthorizePropose(c, "propose") }, EFORBIDDEN},
		{"member proposes", Viewer{User: ada, Role: RoleMember}, c, func(v Viewer, c *Community) error { return v.AuthorizePropose(c, "propose") }, ""},
		{"admin proposes", Viewer{User: admin}, c, func(v Viewer, c *Community) error { return v.AuthorizePropose(c, "propose") }, ""},
		{"member proposes in an archive", Viewer{User: ada, Role: RoleMember}, archived, func(v Viewer, c *Community) error { return v.AuthorizePropose(c, "propose") }, ECONFLICT},
		{"proposer edits", Viewer{User: ada, Role: RoleMember}, c, func(v Viewer, c *Community) error { return v.AuthorizeTopicUpdate(c, own, edit) }, ""},
		{"member edits another's", Viewer{User: ada, Role: RoleMember}, c, func(v Viewer, c *Community) error { return v.AuthorizeTopicUpdate(c, others, edit) }, EFORBIDDEN},
		{"core edits another's", Viewer{User: ada, Role: RoleCore}, c, func(v Viewer, c *Community) error { return v.AuthorizeTopicUpdate(c, others, edit) }, EFORBIDDEN},
		{"facilitator edits another's", Viewer{User: ada, Role: RoleFacilitator}, c, func(v Viewer, c *Community) error { return v.AuthorizeTopicUpdate(c, others, edit) }, ""},
		{"proposer moves", Viewer{User: ada, Role: RoleMember}, c, func(v Viewer, c *Community) error { return v.AuthorizeTopicUpdate(c, own, move) }, EFORBIDDEN},
		{"core moves", Viewer{User: ada, Role: RoleCore}, c, func(v Viewer, c *Community) error { return v.AuthorizeTopicUpdate(c, others, move) }, ""},
		{"core moves in an archive", Viewer{User: ada, Role: RoleCore}, archived, func(v Viewer, c *Community) error { return v.AuthorizeTopicUpdate(c, others, move) }, ECONFLICT},
		{"admin moves", Viewer{User: admin}, c, func(v Viewer, c *Community) error { return v.AuthorizeTopicUpdate(c, others, move) }, ""},
		{"core sets categories", Viewer{User: ada, Role: RoleCore}, c, func(v Viewer, c *Community) error { return v.AuthorizeCategories(c) }, EFORBIDDEN},
		{"facilitator sets categories", Viewer{User: ada, Role: RoleFacilitator}, c, func(v Viewer, c *Community) error { return v.AuthorizeCategories(c) }, ""},
	} {
		if got := ErrorCode(tt.do(tt.v, tt.c)); got != tt.wanted {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.wanted)
		}
	}
}

func TestTopicValidation(t *testing.T) {
	cats := DefaultCategories
	for _, tt := range []struct {
		name  string
		n     NewTopic
		field string // "" when valid
	}{
		{"fine", NewTopic{Title: "  Terraform   state  in CI "}, ""},
		{"category in any case", NewTopic{Title: "Cloud journeys", Category: "TECHNICAL development"}, ""},
		{"short title", NewTopic{Title: "CI"}, "title"},
		{"long title", NewTopic{Title: strings.Repeat("x", 161)}, "title"},
		{"long body", NewTopic{Title: "Fine", Body: strings.Repeat("x", 20001)}, "body"},
		{"unknown category", NewTopic{Title: "Fine", Category: "Gossip"}, "category"},
	} {
		err := tt.n.Validate(cats)
		if got := ErrorFields(err)[tt.field]; tt.field == "" && err != nil || tt.field != "" && got == "" {
			t.Errorf("%s: %v, want a problem with %q", tt.name, err, tt.field)
		}
	}
	n := NewTopic{Title: "  Terraform   state ", Category: "technical development"}
	if err := n.Validate(cats); err != nil || n.Title != "Terraform state" || n.Category != "Technical development" {
		t.Errorf("normalised: %+v, %v", n, err)
	}
	bad := Stage("parked")
	u := TopicUpdate{Stage: &bad}
	if err := u.Validate(cats); !strings.Contains(ErrorFields(err)["stage"], `"declined"`) {
		t.Errorf("a stage that does not exist: %v", err)
	}
	if _, err := ValidateCategories([]Category{{Name: "Ops"}, {Name: " OPS "}}); ErrorFields(err)["categories[1].name"] == "" {
		t.Errorf("a category twice: %v", err)
	}
	if cs, err := ValidateCategories([]Category{{Name: ""}, {Name: "Ops", Description: " Running things "}}); err != nil || len(cs) != 1 || cs[0].Description != "Running things" {
		t.Errorf("empty rows are dropped: %v, %v", cs, err)
	}
}

func TestStages(t *testing.T) {
	for _, tt := range []struct {
		s           Stage
		valid, open bool
	}{
		{StageProposed, true, true}, {StagePlanned, true, true}, {StageDiscussed, true, false},
		{StageAction, true, false}, {StageDone, true, false}, {StageDeclined, true, false}, {"parked", false, false},
	} {
		if tt.s.Valid() != tt.valid || tt.s.Open() != tt.open {
			t.Errorf("%s: valid %v open %v", tt.s, tt.s.Valid(), tt.s.Open())
		}
	}
}
