package copse

import (
	"strings"
	"testing"
)

func TestCheckTeam(t *testing.T) {
	po := func(e Employment) TeamMember {
		return TeamMember{Handle: "pat", Name: "Pat", Role: TeamProductOwner, Employment: e}
	}
	ts := func(e Employment) TeamMember {
		return TeamMember{Handle: "tess", Name: "Tess", Role: TeamTechnicalSteward, Employment: e}
	}
	sm := TeamMember{Handle: "sam", Role: TeamScrumMaster}
	ops := TeamMember{Handle: "dev", Role: TeamDevOpsSpecialist}
	tests := []struct {
		name       string
		roles      []TeamMember
		exceptions []TeamException
		compliance string
		findings   string
	}{
		{"whole", []TeamMember{po(EmploymentEmployee), ts(EmploymentEmployee), sm, ops}, nil, ComplianceOK, ""},
		{"empty", nil, nil, ComplianceError, "product-owner.missing technical-steward.missing scrum-master.missing devops-specialist.missing"},
		{"no Product Owner", []TeamMember{ts(EmploymentEmployee), sm, ops}, nil, ComplianceError, "product-owner.missing"},
		{"a contractor as Technical Steward", []TeamMember{po(EmploymentEmployee), ts(EmploymentContractor), sm, ops}, nil, ComplianceError, "technical-steward.employee"},
		{"a vendor and an employee share the role", []TeamMember{po(EmploymentEmployee), ts(EmploymentVendor), {Handle: "ted", Role: TeamTechnicalSteward, Employment: EmploymentEmployee}, sm, ops}, nil, ComplianceOK, ""},
		{"employment not said", []TeamMember{po(""), ts(EmploymentEmployee), sm, ops}, nil, ComplianceWarning, "product-owner.unknown"},
		{"no Scrum Master", []TeamMember{po(EmploymentEmployee), ts(EmploymentEmployee), ops}, nil, ComplianceWarning, "scrum-master.missing"},
		{"excepted", []TeamMember{po(EmploymentEmployee), ts(EmploymentContractor), sm, ops},
			[]TeamException{{Rule: "technical-steward.employee", Reason: "Converting to staff in May"}}, ComplianceOK, "technical-steward.employee"},
		{"an error excepted, a warning left", []TeamMember{po(EmploymentEmployee), ts(EmploymentContractor), sm},
			[]TeamException{{Rule: "technical-steward.employee"}}, ComplianceWarning, "technical-steward.employee devops-specialist.missing"},
	}
	for _, tt := range tests {
		findings, compliance := CheckTeam(tt.roles, tt.exceptions)
		var rules []string
		for _, f := range findings {
			rules = append(rules, f.Rule)
			if f.Message == "" {
				t.Errorf("%s: %s has no message", tt.name, f.Rule)
			}
		}
		if compliance != tt.compliance || strings.Join(rules, " ") != tt.findings {
			t.Errorf("%s: %s %q, want %s %q", tt.name, compliance, rules, tt.compliance, tt.findings)
		}
	}
}

func TestNewTeamValidate(t *testing.T) {
	n := NewTeam{Name: "  Payments  ", Roles: []TeamRoleInput{{Handle: "@Pat", Role: "Product Owner"}, {Handle: "pat", Role: "product_owner"},
		{Handle: "dev", Role: "  UX   Designer "}, {Handle: "sam", Role: "SM"}}}
	if err := n.Validate(); err != nil {
		t.Fatal(err)
	}
	if n.Slug != "payments" || len(n.Roles) != 3 || n.Roles[0] != (TeamRoleInput{"pat", TeamProductOwner}) || n.Roles[1].Role != "UX Designer" || n.Roles[2].Role != TeamScrumMaster {
		t.Errorf("normalised: %+v", n)
	}
	bad := NewTeam{Name: "x", Slug: "Not A Slug", Roles: []TeamRoleInput{{Handle: "", Role: "po"}, {Handle: "Not a handle!", Role: "x"}}}
	fields := ErrorFields(bad.Validate())
	for _, f := range []string{"name", "slug", "roles[0].handle", "roles[1].handle", "roles[1].role"} {
		if fields[f] == "" {
			t.Errorf("no message for %s: %v", f, fields)
		}
	}
	e := NewTeamException{Rule: "product-owner.missing", Reason: "too short"}
	if f := ErrorFields(e.Validate()); f["reason"] == "" || f["rule"] != "" {
		t.Errorf("exception: %v", f)
	}
}
