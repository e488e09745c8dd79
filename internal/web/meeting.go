package web

import (
	"cmp"
	"html/template"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/copse-dev/copse"
)

type meetingPage struct {
	layout
	C          *copse.Community
	M          *copse.Meeting // nil for an occurrence nobody has prepared yet
	Title      string
	When       when
	Status     copse.MeetingStatus
	Location   string
	LocURL     string
	Occurrence string // the address of an occurrence nobody has prepared yet
	Agenda     []agendaRow
	Candidates []agendaRow // the agenda editor's other choices
	Notes      template.HTML
	Answers    map[string][]copse.Attendee // by answer: yes, maybe, no
	Attended   []copse.Attendee
	MyRSVP     copse.RSVP
	People     []attendeeChoice // for recording attendance
	Record     recordForm
	// RSVPOptions are the answers to "will you come?"
	RSVPOptions     []option
	AgendaPublished time.Time
	CanManage       bool
	CanRSVP         bool
	Started         bool
	Archived        bool
}

type agendaRow struct {
	T        copse.Topic
	URL      string
	Position int  // 1-based in the editor
	On       bool // on the agenda
}

type attendeeChoice struct {
	Handle, Name string
	Attended     bool
	Field        string // the checkbox id
}

type recordForm struct {
	Notes     string
	Materials []copse.Link // with empty rows to add more
}

// handleMeeting shows a meeting: when and where, its agenda, who is coming, and, once
// held, its notes, materials and attendance, with the forms for each.
func (w *Web) handleMeeting() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
		if err != nil {
			w.notFound().ServeHTTP(rw, r)
			return
		}
		p, err := w.meetingPage(r, id)
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		w.render(rw, r, http.StatusOK, "meeting", p)
	})
}

func (w *Web) meetingPage(r *http.Request, id int64) (*meetingPage, error) {
	ctx := r.Context()
	c, v, err := w.db.FindCommunity(ctx, r.PathValue("slug"))
	if err != nil {
		return nil, err
	}
	m, err := w.db.FindMeeting(ctx, c.Slug, id)
	if err != nil {
		return nil, err
	}
	now := w.db.Now()
	p := &meetingPage{C: c, M: m, Title: m.Title, When: newWhen(m.StartsAt, m.EndsAt, m.Timezone, now), Status: m.Status,
		Location: m.Location, LocURL: m.LocationURL(), Notes: w.md.HTML(m.Notes), Archived: c.Status == copse.StatusArchived,
		Started: !m.StartsAt.After(now), Answers: map[string][]copse.Attendee{}, RSVPOptions: rsvpOptions}
	if m.AgendaPublishedAt != nil {
		p.AgendaPublished = *m.AgendaPublishedAt
	}
	p.CanManage = v.CanManageMeetings() && !p.Archived
	p.CanRSVP = v.CanRSVP() && !p.Archived && m.Status == copse.MeetingScheduled && !p.Started
	for i, t := range m.Agenda {
		p.Agenda = append(p.Agenda, agendaRow{T: t, URL: topicURL(c.Slug, t.ID), Position: i + 1, On: true})
	}
	attended := map[string]bool{}
	for _, a := range m.Attendees {
		if a.RSVP != "" {
			p.Answers[string(a.RSVP)] = append(p.Answers[string(a.RSVP)], a)
		}
		if a.Attended {
			p.Attended = append(p.Attended, a)
			attended[a.Handle] = true
		}
		if v.User != nil && a.Handle == v.User.Handle {
			p.MyRSVP = a.RSVP
		}
	}
	if !p.CanManage {
		return p, nil
	}
	if m.Status == copse.MeetingScheduled {
		if err := w.agendaCandidates(r, p); err != nil {
			return nil, err
		}
	}
	p.Record = recordForm{Notes: m.Notes, Materials: append(append([]copse.Link(nil), m.Materials...), make([]copse.Link, 3)...)}
	if p.Started && m.Status != copse.MeetingCancelled {
		members, err := w.db.ListMembers(ctx, c.Slug, copse.MemberFilter{Limit: copse.MaxLimit})
		if err != nil {
			return nil, err
		}
		for i, mb := range members.Items {
			p.People = append(p.People, attendeeChoice{Handle: mb.Handle, Name: cmp.Or(mb.Name, mb.Handle),
				Attended: attended[mb.Handle], Field: "attended-" + strconv.Itoa(i)})
		}
	}
	return p, nil
}

// agendaCandidates lists the open topics a facilitator may add to the agenda: planned
// ones first, the way the board ranks them.
func (w *Web) agendaCandidates(r *http.Request, p *meetingPage) error {
	on := map[int64]bool{}
	for _, a := range p.Agenda {
		on[a.T.ID] = true
	}
	for _, s := range []copse.Stage{copse.StagePlanned, copse.StageProposed} {
		page, err := w.db.ListTopics(r.Context(), p.C.Slug, copse.TopicFilter{Stage: s, Limit: 30})
		if err != nil {
			return err
		}
		for _, t := range page.Items {
			if !on[t.ID] {
				p.Candidates = append(p.Candidates, agendaRow{T: *t, URL: topicURL(p.C.Slug, t.ID)})
			}
		}
	}
	return nil
}

// handleAgenda saves the agenda from the editor: the ticked topics in the order of
// their numbers; "publish" publishes it (or, once published, it stays published).
func (w *Web) handleAgenda() http.Handler {
	return w.meetingAction(func(r *http.Request, m *copse.Meeting) (copse.MeetingUpdate, string) {
		type pick struct {
			id  int64
			pos float64
		}
		var picks []pick
		for _, s := range r.PostForm["topic"] {
			id, err := strconv.ParseInt(s, 10, 64)
			if err != nil {
				continue
			}
			pos, err := strconv.ParseFloat(r.PostForm.Get("position-"+s), 64)
			if err != nil {
				pos = 1000 // unnumbered ones go last, in the order shown
			}
			picks = append(picks, pick{id, pos})
		}
		slices.SortStableFunc(picks, func(a, b pick) int { return cmp.Compare(a.pos, b.pos) })
		agenda := make([]int64, len(picks))
		for i, p := range picks {
			agenda[i] = p.id
		}
		u := copse.MeetingUpdate{Agenda: &agenda}
		if r.PostForm.Get("publish") == "1" {
			yes := true
			u.AgendaPublished = &yes
			return u, "agenda"
		}
		return u, "updated"
	})
}

// handleRecord marks a meeting held and records its notes, materials and attendance.
func (w *Web) handleRecord() http.Handler {
	return w.meetingAction(func(r *http.Request, m *copse.Meeting) (copse.MeetingUpdate, string) {
		held := copse.MeetingHeld
		notes := r.PostForm.Get("notes")
		var materials []copse.Link
		for i := 0; r.PostForm.Has("material-title-" + strconv.Itoa(i)); i++ {
			n := strconv.Itoa(i)
			l := copse.Link{Title: r.PostForm.Get("material-title-" + n), URL: r.PostForm.Get("material-url-" + n)}
			if l.Title != "" || l.URL != "" {
				materials = append(materials, l)
			}
		}
		attended := r.PostForm["attended"]
		if attended == nil {
			attended = []string{}
		}
		return copse.MeetingUpdate{Status: &held, Notes: &notes, Materials: &materials, Attended: &attended}, "recorded"
	})
}

// handleMeetingCancel cancels a meeting; for an occurrence, the rest of the series stays.
func (w *Web) handleMeetingCancel() http.Handler {
	return w.handleMeetingStatus(copse.MeetingCancelled)
}

// handleMeetingRestore restores a cancelled meeting.
func (w *Web) handleMeetingRestore() http.Handler {
	return w.handleMeetingStatus(copse.MeetingScheduled)
}

func (w *Web) handleMeetingStatus(to copse.MeetingStatus) http.Handler {
	return w.meetingAction(func(r *http.Request, m *copse.Meeting) (copse.MeetingUpdate, string) {
		return copse.MeetingUpdate{Status: &to}, map[copse.MeetingStatus]string{copse.MeetingCancelled: "cancelled", copse.MeetingScheduled: "restored-meeting"}[to]
	})
}

// meetingAction runs a form's change to a meeting and returns to its page; a change
// the store refuses by field is shown on the page, with what was typed kept.
func (w *Web) meetingAction(change func(*http.Request, *copse.Meeting) (copse.MeetingUpdate, string)) http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if err := parseForm(rw, r); err != nil {
			w.fail(rw, r, err)
			return
		}
		id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
		if err != nil {
			w.notFound().ServeHTTP(rw, r)
			return
		}
		u, notice := change(r, &copse.Meeting{ID: id})
		m, err := w.db.UpdateMeeting(r.Context(), r.PathValue("slug"), id, u)
		if copse.ErrorCode(err) == copse.EINVALID {
			p, perr := w.meetingPage(r, id)
			if perr != nil {
				w.fail(rw, r, perr)
				return
			}
			if u.Notes != nil {
				p.Record.Notes = *u.Notes
			}
			p.Errors = newErrs(err, recordFields, func(k string) string {
				if len(k) > 10 && k[:10] == "materials[" {
					return "material-title-0"
				}
				return k
			})
			w.render(rw, r, http.StatusUnprocessableEntity, "meeting", p)
			return
		}
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		redirect(rw, r, withNotice(meetingURL(m.Community, m.ID), notice))
	})
}

var rsvpOptions = []option{{Value: "yes", Label: "Yes, I’ll be there"}, {Value: "maybe", Label: "Maybe"}, {Value: "no", Label: "No, I can’t come"}}

var recordFields = []field{{"notes", "Notes"}, {"material-title-0", "Materials"}, {"attended", "Attendance"}, {"agenda", "Agenda"}}

// handleMeetingRSVP records whether the viewer will come.
func (w *Web) handleMeetingRSVP() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if err := parseForm(rw, r); err != nil {
			w.fail(rw, r, err)
			return
		}
		id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
		if err != nil {
			w.notFound().ServeHTTP(rw, r)
			return
		}
		m, err := w.db.RSVP(r.Context(), r.PathValue("slug"), id, copse.RSVP(r.PostForm.Get("rsvp")))
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		redirect(rw, r, withNotice(meetingURL(m.Community, m.ID), "rsvp"))
	})
}

// handleOccurrence shows an occurrence of the cadence nobody has prepared yet: when it
// is, and the agenda it would propose. Once prepared, its address leads to the meeting.
func (w *Web) handleOccurrence() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		at, err := time.Parse(occurrenceKey, r.PathValue("at"))
		if err != nil {
			w.notFound().ServeHTTP(rw, r)
			return
		}
		c, v, err := w.db.FindCommunity(ctx, r.PathValue("slug"))
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		items, err := w.db.Schedule(ctx, c.Slug, at, at.Add(time.Second), 5)
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		var item *copse.ScheduleItem
		for i := range items {
			if items[i].Occurrence != nil && items[i].Occurrence.Equal(at) {
				item = &items[i]
			}
		}
		if item == nil {
			w.fail(rw, r, copse.Errorf(copse.ENOTFOUND, "No meeting of %s starts then.", c.Name))
			return
		}
		if item.MeetingID != nil {
			redirect(rw, r, meetingURL(c.Slug, *item.MeetingID))
			return
		}
		now := w.db.Now()
		p := &meetingPage{C: c, Title: item.Title, When: newWhen(item.StartsAt, item.EndsAt, item.Timezone, now), Status: item.Status,
			Occurrence: occurrenceURL(c.Slug, at), Archived: c.Status == copse.StatusArchived, Started: !item.StartsAt.After(now), RSVPOptions: rsvpOptions}
		p.CanManage = v.CanManageMeetings() && !p.Archived
		p.CanRSVP = v.CanRSVP() && !p.Archived && !p.Started
		if err := w.agendaCandidates(r, p); err != nil {
			w.fail(rw, r, err)
			return
		}
		for i, row := range p.Candidates { // what preparing it would propose
			if row.T.Stage == copse.StagePlanned && i < copse.DefaultAgendaLen {
				p.Agenda = append(p.Agenda, row)
			}
		}
		w.render(rw, r, http.StatusOK, "meeting", p)
	})
}

// handlePrepare prepares an occurrence — to build its agenda, or because someone
// answered whether they will come — and goes on to the meeting.
func (w *Web) handlePrepare() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if err := parseForm(rw, r); err != nil {
			w.fail(rw, r, err)
			return
		}
		at, err := time.Parse(occurrenceKey, r.PathValue("at"))
		if err != nil {
			w.notFound().ServeHTTP(rw, r)
			return
		}
		answer := r.PostForm.Get("rsvp")
		if answer != "" && !copse.RSVP(answer).Valid() { // refused before anything is prepared
			w.fail(rw, r, &copse.Error{Code: copse.EINVALID, Message: "Some fields need attention.",
				Fields: map[string]string{"rsvp": `must be "yes", "no" or "maybe"`}})
			return
		}
		m, _, err := w.db.CreateMeeting(r.Context(), r.PathValue("slug"), copse.NewMeeting{Occurrence: &at})
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		notice := "prepared"
		if answer != "" {
			if m, err = w.db.RSVP(r.Context(), m.Community, m.ID, copse.RSVP(answer)); err != nil {
				w.fail(rw, r, err)
				return
			}
			notice = "rsvp"
		}
		redirect(rw, r, withNotice(meetingURL(m.Community, m.ID), notice))
	})
}
