package web

import (
	"maps"
	"net/http"
	"slices"
	"strings"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/httpx"
)

// maxFormBody caps a form: a charter is at most 20,000 characters, well under this.
const maxFormBody = 64 << 10

// parseForm reads a posted form, at most maxFormBody bytes.
func parseForm(rw http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(rw, r.Body, maxFormBody)
	if err := r.ParseForm(); err != nil {
		if tooLarge(err) {
			return copse.Errorf(httpx.ETOOLARGE, "The form is larger than %d KiB.", maxFormBody>>10)
		}
		return copse.Errorf(httpx.EMALFORMED, "The form could not be read.")
	}
	return nil
}

// field is one form control: its name (also its id) and its label, which starts the
// messages about it ("Name is required").
type field struct{ Name, Label string }

// errs are the problems with a submitted form, in the order of its fields, for the
// error summary at the top of the page and the message beside each field (the GOV.UK
// pattern). The zero errs has no problems.
type errs struct {
	Items  []errItem
	fields map[string]string
}

type errItem struct{ Field, Text string }

// Any reports whether there is a problem to show.
func (e errs) Any() bool { return len(e.Items) > 0 }

// For returns the message for one field, or "".
func (e errs) For(name string) string { return e.fields[name] }

// newErrs turns a validation error into messages for the form's fields. rename maps
// the store's field names (channel.url) to the form's (channel_url); nil keeps them.
// Problems that no field owns are shown in the summary, linked to the first field.
func newErrs(err error, fields []field, rename func(string) string) errs {
	e := errs{fields: map[string]string{}}
	problems := copse.ErrorFields(err)
	if len(problems) == 0 && err != nil {
		e.Items = append(e.Items, errItem{Field: first(fields), Text: copse.ErrorMessage(err)})
		return e
	}
	msgs := map[string]string{}
	for k, v := range problems {
		if rename != nil {
			k = rename(k)
		}
		if _, taken := msgs[k]; !taken {
			msgs[k] = v
		}
	}
	for _, f := range fields {
		if m, ok := msgs[f.Name]; ok {
			e.add(f.Name, sentence(f.Label, m))
			delete(msgs, f.Name)
		}
	}
	for _, k := range slices.Sorted(maps.Keys(msgs)) { // what no field owns, e.g. a status
		e.Items = append(e.Items, errItem{Field: first(fields), Text: sentence(k, msgs[k])})
	}
	return e
}

// add records a message for a field; the first message for a field wins.
func (e *errs) add(name, text string) {
	if e.fields == nil {
		e.fields = map[string]string{}
	}
	if _, ok := e.fields[name]; ok {
		return
	}
	e.fields[name] = text
	e.Items = append(e.Items, errItem{Field: name, Text: text})
}

// sentence joins a label and the store's message: "Name" + "is required" reads
// "Name is required"; a message that does not continue the label gets a colon.
func sentence(label, msg string) string {
	for _, w := range []string{"is ", "must ", "can ", "already ", "only ", "does ", "at most ", "give ", "use "} {
		if strings.HasPrefix(msg, w) {
			return label + " " + msg
		}
	}
	return label + ": " + msg
}

func first(fields []field) string {
	if len(fields) == 0 {
		return ""
	}
	return fields[0].Name
}

// splitTags reads "terraform, GitOps ,devops" as three tags.
func splitTags(s string) []string {
	var tags []string
	for t := range strings.SplitSeq(s, ",") {
		if t = strings.TrimSpace(t); t != "" {
			tags = append(tags, t)
		}
	}
	return tags
}
