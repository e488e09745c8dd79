package copse

import "testing"

func TestJourneyInputValidate(t *testing.T) {
	in := JourneyInput{Title: "  New   facilitator ", Steps: []StepInput{{Title: "Write the charter", Link: "/communities/iac/edit"},
		{Title: "Read the guide", Link: "https://docs.example.org/guide"}, {Title: "Join", DoneWhen: DoneWhenMember}}}
	if err := in.Validate(); err != nil {
		t.Fatal(err)
	}
	if in.Title != "New facilitator" || in.Slug != "new-facilitator" || in.Audience != AudiencePerson {
		t.Errorf("normalised: %+v", in)
	}
	tests := []struct {
		name  string
		in    JourneyInput
		field string
	}{
		{"no steps", JourneyInput{Title: "Empty"}, "steps"},
		{"a script link", JourneyInput{Title: "Bad", Steps: []StepInput{{Title: "Click", Link: "javascript:alert(1)"}}}, "steps[0].link"},
		{"another site's path", JourneyInput{Title: "Bad", Steps: []StepInput{{Title: "Click", Link: "//evil.example/x"}}}, "steps[0].link"},
		{"an unknown tick", JourneyInput{Title: "Bad", Steps: []StepInput{{Title: "Tick", DoneWhen: "magic"}}}, "steps[0].done_when"},
		{"an unknown audience", JourneyInput{Title: "Bad", Audience: "robots", Steps: []StepInput{{Title: "Step"}}}, "audience"},
		{"the same step twice", JourneyInput{Title: "Bad", Steps: []StepInput{{ID: 4, Title: "Step"}, {ID: 4, Title: "Step again"}}}, "steps[1].id"},
	}
	for _, tt := range tests {
		if f := ErrorFields(tt.in.Validate()); f[tt.field] == "" {
			t.Errorf("%s: no message for %s: %v", tt.name, tt.field, f)
		}
	}
	for link, kind := range map[string]string{"": "", "/communities/iac": "community", "/library/12": "resource",
		"/communities/iac/meetings/3": "meeting", "/library": "page", "https://x.example": "link"} {
		if got := StepLinkKind(link); got != kind {
			t.Errorf("StepLinkKind(%q) = %q, want %q", link, got, kind)
		}
	}
}
