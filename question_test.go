package copse_test

import (
	"slices"
	"testing"
	"time"

	"github.com/copse-dev/copse"
)

// TestRouting: which urgency goes where, under seed 001's defaults and under an
// admin's own routing; an unknown urgency is an error on that field.
func TestRouting(t *testing.T) {
	custom := copse.DefaultHelpSettings()
	custom.Routes = []copse.Route{ // sos handled by the community; no outage route saved
		{Urgency: copse.UrgencyHowTo, To: copse.ToCommunity, Channel: copse.Channel{Name: "#help"}},
		{Urgency: copse.UrgencySOS, To: copse.ToCommunity, Channel: copse.Channel{Name: "#help-now"}},
	}
	tests := []struct {
		name     string
		settings copse.HelpSettings
		urgency  copse.Urgency
		to       copse.Destination
		event    string
		channel  string
		err      string // the field of the error, or ""
	}{
		{"default how-to", copse.DefaultHelpSettings(), copse.UrgencyHowTo, copse.ToCommunity, "question.asked", "#devops-how-to", ""},
		{"default sos", copse.DefaultHelpSettings(), copse.UrgencySOS, copse.ToUrgent, "sos.raised", "#devops-sos", ""},
		{"default outage", copse.DefaultHelpSettings(), copse.UrgencyOutage, copse.ToPlatform, "outage.reported", "#devops-operations", ""},
		{"custom sos", custom, copse.UrgencySOS, copse.ToCommunity, "question.asked", "#help-now", ""},
		{"custom without an outage route", custom, copse.UrgencyOutage, copse.ToPlatform, "outage.reported", "#devops-operations", ""},
		{"unknown urgency", copse.DefaultHelpSettings(), "panic", "", "", "", "urgency"},
		{"empty urgency", copse.DefaultHelpSettings(), "", "", "", "", "urgency"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := tt.settings.Route(tt.urgency)
			if tt.err != "" {
				if copse.ErrorCode(err) != copse.EINVALID || copse.ErrorFields(err)[tt.err] == "" {
					t.Fatalf("got %v, want an error on %s", err, tt.err)
				}
				return
			}
			if err != nil || r.To != tt.to || r.To.Event() != tt.event || r.Channel.Name != tt.channel {
				t.Errorf("got %+v (%s), %v; want %s, %s, %s", r, r.To.Event(), err, tt.to, tt.event, tt.channel)
			}
		})
	}
}

func TestHelpSettingsValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(s *copse.HelpSettings)
		fields []string
	}{
		{"defaults", func(s *copse.HelpSettings) {}, nil},
		{"a channel without its #", func(s *copse.HelpSettings) { s.Routes[0].Channel.Name = "devops-how-to" }, nil},
		{"unknown destination", func(s *copse.HelpSettings) { s.Routes[1].To = "pager" }, []string{"routes.sos.to"}},
		{"bad link", func(s *copse.HelpSettings) { s.Routes[2].Channel.URL = "javascript:alert(1)" }, []string{"routes.outage.channel.url"}},
		{"unknown urgency", func(s *copse.HelpSettings) { s.Routes = append(s.Routes, copse.Route{Urgency: "meh"}) }, []string{"routes"}},
		{"escalation too soon", func(s *copse.HelpSettings) { s.EscalateAfterMinutes = 1 }, []string{"escalate_after_minutes"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := copse.DefaultHelpSettings()
			tt.change(&s)
			err := s.Validate()
			if len(tt.fields) == 0 && err != nil {
				t.Fatalf("unexpected error %v", err)
			}
			for _, f := range tt.fields {
				if copse.ErrorFields(err)[f] == "" {
					t.Errorf("no message for %s in %v", f, err)
				}
			}
			if len(s.Routes) != 3 || s.Routes[0].Channel.Name != "#devops-how-to" {
				t.Errorf("routes after validation: %+v", s.Routes)
			}
		})
	}
}

func TestNewQuestionValidate(t *testing.T) {
	n := copse.NewQuestion{Title: "  How   do I pin a provider? ", Body: " x ", Urgency: copse.UrgencyHowTo, Tags: []string{"Terraform", "terraform", "CI/CD"}}
	if err := n.Validate(); err != nil || n.Title != "How do I pin a provider?" || !slices.Equal(n.Tags, []string{"terraform", "ci/cd"}) || n.Visibility != copse.VisibilityPublic {
		t.Errorf("normalised: %+v, %v", n, err)
	}
	bad := copse.NewQuestion{Title: "Help", Urgency: "urgent!", Visibility: copse.VisibilityMembers, Tags: []string{"<b>"}}
	err := bad.Validate()
	for _, f := range []string{"title", "body", "urgency", "visibility", "tags"} {
		if copse.ErrorFields(err)[f] == "" {
			t.Errorf("no message for %s in %v", f, err)
		}
	}
	if got := copse.CleanTags([]string{"Discussion", "<on-topic>", "on-topic", "discussion"}); !slices.Equal(got, []string{"discussion", "on-topic"}) {
		t.Errorf("CleanTags: %v", got)
	}
}

// TestHelpRules: who may accept, moderate, edit and vote.
func TestHelpRules(t *testing.T) {
	asker, other, staff := &copse.User{ID: 1}, &copse.User{ID: 2}, &copse.User{ID: 3}
	admin := &copse.User{ID: 4, Admin: true}
	q := &copse.Question{AuthorID: 1, Status: copse.QuestionOpen, Community: &copse.CommunityRef{Slug: "iac"}}
	site := &copse.Question{AuthorID: 1, Status: copse.QuestionOpen}
	a := &copse.Answer{AuthorID: 2}
	c := &copse.Community{Name: "IaC", Status: copse.StatusActive}
	hv := func(u *copse.User, role copse.Role, ps bool) copse.HelpViewer {
		return copse.HelpViewer{Viewer: copse.Viewer{User: u, Role: role}, PlatformStaff: ps}
	}
	tests := []struct {
		name    string
		v       copse.HelpViewer
		q       *copse.Question
		accept  string // the error code, or ""
		editAns bool
		vote    string
	}{
		{"anonymous", hv(nil, "", false), q, copse.EUNAUTHORIZED, false, copse.EUNAUTHORIZED},
		{"the asker", hv(asker, "", false), q, "", false, ""},
		{"an outsider", hv(other, "", false), q, copse.EFORBIDDEN, true, copse.EFORBIDDEN},
		{"a member", hv(staff, copse.RoleMember, false), q, copse.EFORBIDDEN, false, ""},
		{"the core team", hv(staff, copse.RoleCore, false), q, "", true, ""},
		{"a facilitator, site-wide question", hv(staff, copse.RoleFacilitator, false), site, copse.EFORBIDDEN, false, ""},
		{"platform staff", hv(staff, "", true), site, "", true, ""},
		{"an admin", hv(admin, "", false), q, "", true, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := copse.ErrorCode(tt.v.AuthorizeAccept(tt.q, c)); got != tt.accept {
				t.Errorf("accept: %q, want %q", got, tt.accept)
			}
			if got := tt.v.CanEditAnswer(tt.q, a); got != tt.editAns {
				t.Errorf("edit the answer: %v, want %v", got, tt.editAns)
			}
			if got := copse.ErrorCode(tt.v.AuthorizeVote(a, c)); got != tt.vote {
				t.Errorf("vote: %q, want %q", got, tt.vote)
			}
		})
	}
	archived := &copse.Community{Name: "IaC", Status: copse.StatusArchived}
	if got := copse.ErrorCode(hv(asker, "", false).AuthorizeAnswer(q, archived)); got != copse.ECONFLICT {
		t.Errorf("answer in an archived community: %q", got)
	}
	closed := *q
	closed.Status = copse.QuestionClosed
	if got := copse.ErrorCode(hv(other, "", false).AuthorizeAnswer(&closed, c)); got != copse.ECONFLICT {
		t.Errorf("answer a closed question: %q", got)
	}
}

// TestEscalationDue: the limit is inclusive, in the routing's minutes.
func TestEscalationDue(t *testing.T) {
	s := copse.DefaultHelpSettings()
	asked := time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)
	for _, tt := range []struct {
		after time.Duration
		due   bool
	}{{0, false}, {29 * time.Minute, false}, {30 * time.Minute, true}, {5 * time.Hour, true}} {
		if got := copse.EscalationDue(s, asked, asked.Add(tt.after)); got != tt.due {
			t.Errorf("after %v: due %v, want %v", tt.after, got, tt.due)
		}
	}
}
