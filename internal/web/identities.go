package web

import (
	"net/http"
	"strconv"

	"github.com/copse-dev/copse"
)

type identitiesPage struct {
	layout
	Identities  []identityRow
	Connect     []providerButton // configured providers the person has not connected
	HasPassword bool
}

type identityRow struct {
	copse.Identity
	Label string
}

// handleIdentities shows the accounts a person signs in with, and lets them connect
// another or remove one.
func (w *Web) handleIdentities() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		p, err := w.newIdentitiesPage(r)
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		w.render(rw, r, http.StatusOK, "identities", p)
	})
}

func (w *Web) newIdentitiesPage(r *http.Request) (*identitiesPage, error) {
	ids, err := w.db.Identities(r.Context())
	if err != nil {
		return nil, err
	}
	p := &identitiesPage{}
	if p.HasPassword, err = w.db.HasPassword(r.Context()); err != nil {
		return nil, err
	}
	have := map[string]bool{}
	for _, i := range ids {
		p.Identities = append(p.Identities, identityRow{Identity: i, Label: w.cfg.SSO.Label(i.Provider)})
		have[i.Provider] = true
	}
	for _, prov := range w.cfg.SSO {
		if !have[prov.Name()] {
			p.Connect = append(p.Connect, providerButton{Name: prov.Name(), Label: prov.Label(), URL: "/signin/sso/" + prov.Name()})
		}
	}
	return p, nil
}

// handleIdentityRemove unlinks one identity; the store refuses to remove the last
// way a person can sign in.
func (w *Web) handleIdentityRemove() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
		if err != nil {
			w.fail(rw, r, copse.Errorf(copse.ENOTFOUND, "No such connected account."))
			return
		}
		if err := w.db.RemoveIdentity(r.Context(), id); err != nil {
			if copse.ErrorCode(err) == copse.ECONFLICT {
				p, perr := w.newIdentitiesPage(r)
				if perr != nil {
					w.fail(rw, r, perr)
					return
				}
				p.Errors = errs{Items: []errItem{{Text: copse.ErrorMessage(err)}}}
				w.render(rw, r, http.StatusConflict, "identities", p)
				return
			}
			w.fail(rw, r, err)
			return
		}
		redirect(rw, r, "/account/identities?notice=unlinked")
	})
}
