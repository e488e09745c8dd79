package web

import (
	"errors"
	"fmt"
	"html/template"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/copse-dev/copse"
)

// funcs are the helpers templates may call. They format; they never query.
func (w *Web) funcMap() template.FuncMap {
	return template.FuncMap{
		"asset":        w.static.url,
		"ago":          w.ago,
		"args":         args,
		"plural":       plural,
		"roleName":     roleName,
		"rolePlural":   rolePlural,
		"statusName":   statusName,
		"visibility":   visibilityName,
		"signin":       signInURL,
		"tagURL":       func(tag string) string { return "/communities?tag=" + url.QueryEscape(tag) },
		"personURL":    func(handle string) string { return "/people/" + url.PathEscape(handle) },
		"add":          func(a, b int) int { return a + b },
		"sub":          func(a, b int) int { return a - b },
		"joinRoles":    func() []option { return joinRoles },
		"allRoles":     func() []option { return allRoles },
		"visibilities": func() []option { return visibilities },
		"initial":      initial,
		"describedby":  describedBy,
		// community help and the status page (help_funcs.go)
		"stateName":          stateName,
		"incidentStatusName": incidentStatusName,
		"urgencyName":        urgencyName,
		"wait":               waitWords,
		"percent":            percent,
		"when":               whenUTC,
	}
}

// args builds a map from "key", value pairs, so a partial template can take several
// values: {{template "input" args "Name" "name" "Label" "Name" "Value" .Form.Name}}.
func args(kv ...any) (map[string]any, error) {
	if len(kv)%2 != 0 {
		return nil, errors.New("args: odd number of arguments")
	}
	m := make(map[string]any, len(kv)/2)
	for i := 0; i < len(kv); i += 2 {
		k, ok := kv[i].(string)
		if !ok {
			return nil, fmt.Errorf("args: key %v is not a string", kv[i])
		}
		m[k] = kv[i+1]
	}
	return m, nil
}

// ago says when something happened in the reader's terms ("3 days ago"), inside a
// <time> element that carries the exact moment for machines and as a tooltip.
func (w *Web) ago(t time.Time) template.HTML {
	if t.IsZero() {
		return ""
	}
	return template.HTML(fmt.Sprintf(`<time datetime="%s" title="%s">%s</time>`,
		t.UTC().Format(time.RFC3339), template.HTMLEscapeString(t.UTC().Format("2 January 2006, 15:04 UTC")),
		template.HTMLEscapeString(relative(w.db.Now(), t))))
}

// relative says how long ago t was: "just now", "5 minutes ago", "3 days ago", and
// after a month the date, which reads better than "14 months ago".
func relative(now, t time.Time) string {
	d := now.Sub(t)
	if d < 0 {
		d = 0
	}
	switch {
	case d < time.Minute:
		return "just now"
	case d < time.Hour:
		return plural(int(d/time.Minute), "minute", "minutes") + " ago"
	case d < 24*time.Hour:
		return plural(int(d/time.Hour), "hour", "hours") + " ago"
	case d < 48*time.Hour:
		return "yesterday"
	case d < 31*24*time.Hour:
		return plural(int(d/(24*time.Hour)), "day", "days") + " ago"
	case now.Year() == t.Year():
		return "on " + t.UTC().Format("2 January")
	}
	return "on " + t.UTC().Format("2 January 2006")
}

// plural writes "1 member", "3 members".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

func roleName(r copse.Role) string {
	switch r {
	case copse.RoleCore:
		return "core member"
	case "":
		return "not a member"
	}
	return string(r)
}

func rolePlural(r copse.Role) string {
	switch r {
	case copse.RoleFacilitator:
		return "Facilitators"
	case copse.RoleCore:
		return "Core team"
	case copse.RoleMember:
		return "Members"
	}
	return "Contributors"
}

func statusName(s copse.Status) string {
	if s == "" {
		return ""
	}
	return strings.ToUpper(string(s[:1])) + string(s[1:])
}

func visibilityName(v copse.Visibility) string {
	switch v {
	case copse.VisibilitySignedIn:
		return "Signed-in people"
	case copse.VisibilityMembers:
		return "Members only"
	}
	return "Public"
}

// initial is the first letter of a name, for the avatar beside it.
func initial(name string) string {
	for _, r := range name {
		return strings.ToUpper(string(r))
	}
	return "?"
}

// describedBy lists the ids of a control's hint and error message, when it has them.
func describedBy(name string, hint any, errMsg string) string {
	var ids []string
	if h, ok := hint.(string); ok && h != "" {
		ids = append(ids, name+"-hint")
	}
	if errMsg != "" {
		ids = append(ids, name+"-error")
	}
	return strings.Join(ids, " ")
}

// joinRoles are the roles anyone may join in; facilitators give the others.
var joinRoles = []option{
	{string(copse.RoleMember), "Member", "You take part in meetings and help build what the community shares."},
	{string(copse.RoleContributor), "Contributor", "You drop in now and then and give back: a deck, a recording, an answer."},
}

// allRoles are the choices a facilitator has for each person.
var allRoles = []option{
	{string(copse.RoleFacilitator), "Facilitator", ""},
	{string(copse.RoleCore), "Core member", ""},
	{string(copse.RoleMember), "Member", ""},
	{string(copse.RoleContributor), "Contributor", ""},
}

// visibilities explain each choice of who can see a community.
var visibilities = []option{
	{string(copse.VisibilityPublic), "Everyone", "Anyone can read it, even without signing in. Best for most communities."},
	{string(copse.VisibilitySignedIn), "Signed-in people", "Only people with an account here can see it."},
	{string(copse.VisibilityMembers), "Members only", "Only its members and admins can see it; others will not know it exists."},
}
