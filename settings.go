package copse

import (
	"strings"
	"unicode/utf8"
)

// Settings are what admins change at run time; they live in the database, not in flags.
type Settings struct {
	SiteName   string `json:"site_name"`
	MinMembers int    `json:"min_members"`
}

// DefaultSettings is what a new site starts with.
func DefaultSettings() Settings {
	return Settings{SiteName: "copse", MinMembers: DefaultMinMembers}
}

// Validate normalises and checks the settings.
func (s *Settings) Validate() error {
	p := Problems{}
	s.SiteName = strings.TrimSpace(s.SiteName)
	if s.SiteName == "" {
		p.Add("site_name", "is required")
	} else if utf8.RuneCountInString(s.SiteName) > 60 {
		p.Add("site_name", "must be at most 60 characters")
	}
	if s.MinMembers < 1 || s.MinMembers > 100 {
		p.Add("min_members", "must be a whole number from 1 to 100")
	}
	return p.Err()
}
