package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/copse-dev/copse"
)

// communityForm is the new- and edit-community form as the person typed it, so it
// can be shown again with their values when something needs fixing.
type communityForm struct {
	Name, Slug, Subject, Description, Tags string
	Visibility                             string
	ChannelName, ChannelURL                string
	cadenceForm
	Links     []linkRow
	Suggested bool
}

// linkRow is one title + address row; Row numbers the inputs (link_title_0 …).
type linkRow struct {
	Row        int
	Title, URL string
}

// emptyLinkRows is how many blank link rows the form offers beyond the filled ones.
const emptyLinkRows = 2

func newCommunityForm() communityForm {
	f := communityForm{Visibility: string(copse.VisibilityPublic), cadenceForm: defaultCadenceForm()}
	f.padLinks()
	return f
}

func readCommunityForm(r *http.Request) communityForm {
	v := r.PostForm
	get := func(k string) string { return v.Get(k) }
	f := communityForm{
		Name: get("name"), Slug: get("slug"), Subject: get("subject"), Description: get("description"),
		Tags: get("tags"), Visibility: get("visibility"), ChannelName: get("channel_name"), ChannelURL: get("channel_url"),
		cadenceForm: readCadenceForm(r),
		Suggested:   get("suggested") == "yes",
	}
	for i := 0; i < 30; i++ {
		k := strconv.Itoa(i)
		if !v.Has("link_title_"+k) && !v.Has("link_url_"+k) {
			break
		}
		f.Links = append(f.Links, linkRow{Row: i, Title: get("link_title_" + k), URL: get("link_url_" + k)})
	}
	return f
}

// formFromCommunity fills the edit form with a community's current values.
func formFromCommunity(c *copse.Community) communityForm {
	f := communityForm{
		Name: c.Name, Slug: c.Slug, Subject: c.Subject, Description: c.Description,
		Tags: strings.Join(c.Tags, ", "), Visibility: string(c.Visibility),
		ChannelName: c.Channel.Name, ChannelURL: c.Channel.URL,
		cadenceForm: cadenceFormOf(c.Cadence),
	}
	for i, l := range c.Links {
		f.Links = append(f.Links, linkRow{Row: i, Title: l.Title, URL: l.URL})
	}
	f.padLinks()
	return f
}

// padLinks keeps a couple of blank rows to add links without JavaScript.
func (f *communityForm) padLinks() {
	blank := 0
	for _, l := range f.Links {
		if l.Title == "" && l.URL == "" {
			blank++
		}
	}
	for ; blank < emptyLinkRows; blank++ {
		f.Links = append(f.Links, linkRow{Row: len(f.Links)})
	}
}

// links returns the filled rows, and the form row of each, because the store numbers
// only the links it was given when it reports a problem with one.
func (f *communityForm) links() ([]copse.Link, []int) {
	var (
		links []copse.Link
		rows  []int
	)
	for _, l := range f.Links {
		if strings.TrimSpace(l.Title) == "" && strings.TrimSpace(l.URL) == "" {
			continue
		}
		links = append(links, copse.Link{Title: l.Title, URL: l.URL})
		rows = append(rows, l.Row)
	}
	return links, rows
}

// newCommunity is what the form asks to create; problems holds what the form itself
// can tell is wrong (a preset without a time), keyed by form field.
func (f *communityForm) newCommunity(problems copse.Problems) copse.NewCommunity {
	links, _ := f.links()
	return copse.NewCommunity{
		Name: f.Name, Slug: f.Slug, Subject: f.Subject, Description: f.Description,
		Tags: splitTags(f.Tags), Visibility: copse.Visibility(f.Visibility),
		Channel: copse.Channel{Name: f.ChannelName, URL: f.ChannelURL},
		Cadence: f.cadence(problems), Links: links, Suggested: f.Suggested,
	}
}

// update is the change the edit form asks for: every field, as the form shows them all.
func (f *communityForm) update(problems copse.Problems) copse.CommunityUpdate {
	links, _ := f.links()
	if links == nil {
		links = []copse.Link{}
	}
	tags := splitTags(f.Tags)
	if tags == nil {
		tags = []string{}
	}
	vis := copse.Visibility(f.Visibility)
	cad := f.cadence(problems)
	return copse.CommunityUpdate{
		Name: &f.Name, Subject: &f.Subject, Description: &f.Description, Tags: &tags, Visibility: &vis,
		Channel: &copse.Channel{Name: f.ChannelName, URL: f.ChannelURL}, Cadence: &cad, Links: &links,
	}
}

// fields lists the form's fields in page order with the labels that start their
// error messages.
func (f *communityForm) fields(creating bool) []field {
	fs := []field{{"name", "Name"}}
	if creating {
		fs = append(fs, field{"slug", "Web address"})
	}
	fs = append(fs, field{"subject", "Subject"}, field{"description", "Charter"}, field{"tags", "Tags"},
		field{"visibility", "Who can see it"}, field{"channel_name", "Channel name"}, field{"channel_url", "Channel link"},
		field{"cadence", "Meeting cadence"}, field{"cadence_week", "Week of the month"}, field{"cadence_day", "Day"},
		field{"cadence_time", "Time of day"}, field{"cadence_rrule", "Custom rule"}, field{"cadence_timezone", "Time zone"},
		field{"cadence_duration", "Length"})
	for _, l := range f.Links {
		n := strconv.Itoa(l.Row + 1)
		fs = append(fs, field{"link_title_" + strconv.Itoa(l.Row), "Link " + n + " title"},
			field{"link_url_" + strconv.Itoa(l.Row), "Link " + n + " address"})
	}
	return fs
}

// rename maps the store's field names to the form's.
func (f *communityForm) rename(k string) string {
	switch k {
	case "channel.name", "channel.url":
		return strings.Replace(k, ".", "_", 1)
	case "cadence.rrule":
		if f.Kind == "custom" {
			return "cadence_rrule"
		}
		return "cadence"
	case "cadence.timezone":
		return "cadence_timezone"
	case "cadence.duration_minutes":
		return "cadence_duration"
	case "links":
		return "link_title_0"
	}
	if rest, ok := strings.CutPrefix(k, "links["); ok {
		i, part, _ := strings.Cut(rest, "].")
		n, err := strconv.Atoi(i)
		if _, rows := f.links(); err == nil && n < len(rows) {
			return "link_" + part + "_" + strconv.Itoa(rows[n])
		}
	}
	return k
}

// check runs the domain's validation on a copy, so the form can show the store's
// field messages and its own at once, in one round trip.
func (f *communityForm) check(problems copse.Problems, validate func() error) errs {
	for k, v := range copse.ErrorFields(validate()) {
		problems.Add(k, v)
	}
	return newErrs(problems.Err(), f.fields(true), f.rename)
}
