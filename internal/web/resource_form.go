package web

import (
	"html/template"
	"net/http"
	"strings"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/httpx"
)

// maxResourceForm caps the resource form: a body may be 1 MiB of Markdown.
const maxResourceForm = copse.MaxResourceBody + 64<<10

// resourceForm is the new- and edit-resource form as the person typed it.
type resourceForm struct {
	Title, Description, ResourceType, Personas, Tags string
	Community, Visibility, URL, Body, Authors        string
	ReviewBy                                         string
}

var resourceFields = []field{{"title", "Title"}, {"description", "Description"}, {"resource_type", "Type"},
	{"personas", "For"}, {"tags", "Tags"}, {"community", "Community"}, {"visibility", "Visibility"}, {"url", "Link"},
	{"body", "Content"}, {"authors", "Maintained by"}, {"review_by", "Review by"}}

// resourceFormPage is the form, with what the last submission showed: a preview
// of the content, and near-duplicates to look at before saving.
type resourceFormPage struct {
	layout
	Form        resourceForm
	Editing     *copse.Resource
	Communities []option
	Types       []string
	Visibility  []option
	Preview     template.HTML
	Previewed   bool
	Similar     []similarRow
}

// resourceTypes are offered as suggestions; any other type may be typed.
var resourceTypes = []string{"Documentation", "Guide", "Deck", "Recording", "Component", "Repository", "Case study", "Event", "Self-Service Tools", "Template"}

var resourceVisibilities = []option{
	{string(copse.VisibilityPublic), "Everyone", "Anyone can read it, even without signing in. Best for most resources."},
	{string(copse.VisibilitySignedIn), "Signed-in people", "Only people with an account here can read it."},
	{string(copse.VisibilityMembers), "Members of its community", "Only the community’s members and admins can read it; choose a community above."},
}

// parseResourceForm reads the posted form, up to a resource's size.
func parseResourceForm(rw http.ResponseWriter, r *http.Request) (resourceForm, error) {
	r.Body = http.MaxBytesReader(rw, r.Body, maxResourceForm)
	if err := r.ParseForm(); err != nil {
		if tooLarge(err) {
			return resourceForm{}, copse.Errorf(httpx.ETOOLARGE, "The form is larger than a resource may be (1 MiB).")
		}
		return resourceForm{}, copse.Errorf(httpx.EMALFORMED, "The form could not be read.")
	}
	g := r.PostForm.Get
	return resourceForm{Title: g("title"), Description: g("description"), ResourceType: g("resource_type"),
		Personas: g("personas"), Tags: g("tags"), Community: g("community"), Visibility: g("visibility"),
		URL: g("url"), Body: g("body"), Authors: g("authors"), ReviewBy: g("review_by")}, nil
}

func (f resourceForm) input() copse.NewResource {
	return copse.NewResource{Title: f.Title, Description: f.Description, ResourceType: f.ResourceType,
		Personas: splitTags(f.Personas), Tags: splitTags(f.Tags), Community: f.Community,
		Visibility: copse.Visibility(f.Visibility), URL: f.URL, Body: f.Body, Authors: splitTags(f.Authors), ReviewBy: f.ReviewBy}
}

func (f resourceForm) update() copse.ResourceUpdate {
	n := f.input()
	return copse.ResourceUpdate{Title: &n.Title, Description: &n.Description, ResourceType: &n.ResourceType,
		Personas: &n.Personas, Tags: &n.Tags, Body: &n.Body, URL: &n.URL, Community: &n.Community,
		Visibility: &n.Visibility, Authors: &n.Authors, ReviewBy: &n.ReviewBy}
}

func formOf(r *copse.Resource) resourceForm {
	f := resourceForm{Title: r.Title, Description: r.Description, ResourceType: r.ResourceType,
		Personas: strings.Join(r.Personas, ", "), Tags: strings.Join(r.Tags, ", "), Visibility: string(r.Visibility),
		URL: r.URL, Body: r.Body, ReviewBy: r.ReviewBy}
	if r.Community != nil {
		f.Community = r.Community.Slug
	}
	var authors []string
	for _, a := range r.Authors {
		authors = append(authors, cmpOr(a.Handle, a.Name))
	}
	f.Authors = strings.Join(authors, ", ")
	return f
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// newResourceFormPage fills the choices: the communities the person may add to.
func (w *Web) newResourceFormPage(r *http.Request, f resourceForm, editing *copse.Resource) (*resourceFormPage, error) {
	ctx := r.Context()
	me := copse.UserFromContext(ctx)
	cf := copse.CommunityFilter{Member: me.Handle, Limit: copse.MaxLimit}
	if me.Admin {
		cf.Member = ""
	}
	page, err := w.db.ListCommunities(ctx, cf)
	if err != nil {
		return nil, err
	}
	p := &resourceFormPage{Form: f, Editing: editing, Types: resourceTypes, Visibility: resourceVisibilities,
		Communities: []option{{Value: "", Label: "Site-wide: no community"}}}
	for _, c := range page.Items {
		p.Communities = append(p.Communities, option{Value: c.Slug, Label: c.Name})
	}
	if editing != nil && editing.Community != nil && f.Community == editing.Community.Slug {
		found := false
		for _, o := range p.Communities {
			found = found || o.Value == f.Community
		}
		if !found { // an editor who is not a member keeps the resource where it is
			p.Communities = append(p.Communities, option{Value: editing.Community.Slug, Label: editing.Community.Name})
		}
	}
	p.Path = "/library/new"
	if editing != nil {
		p.Path = "/library/" + itoa64(editing.ID) + "/edit"
	}
	return p, nil
}

// submitResourceForm handles a posted form: "Preview" shows the content as it
// will read and any near-duplicates; "Save" saves unless near-duplicates exist,
// which it shows first; "Save anyway" saves regardless. save returns the path
// to go to.
func (w *Web) submitResourceForm(rw http.ResponseWriter, r *http.Request, editing *copse.Resource, save func(resourceForm) (string, error)) {
	f, err := parseResourceForm(rw, r)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	p, err := w.newResourceFormPage(r, f, editing)
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	action := r.PostForm.Get("action")
	var except int64
	if editing != nil {
		except = editing.ID
	}
	if action != "save-anyway" {
		sim, err := w.db.SimilarTo(r.Context(), f.Body, f.URL, except)
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		p.Similar = similarRows(sim)
	}
	if action == "preview" || action != "save-anyway" && len(p.Similar) > 0 {
		p.Preview, p.Previewed = w.md.HTML(f.Body), action == "preview"
		w.render(rw, r, http.StatusOK, "resource_form", p)
		return
	}
	to, err := save(f)
	if len(copse.ErrorFields(err)) > 0 || copse.ErrorCode(err) == copse.EINVALID {
		p.Errors = newErrs(err, resourceFields, nil)
		w.render(rw, r, http.StatusUnprocessableEntity, "resource_form", p)
		return
	}
	if err != nil {
		w.fail(rw, r, err)
		return
	}
	redirect(rw, r, to)
}
