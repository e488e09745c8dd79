package web

import (
	"net/http"
	"strconv"

	"github.com/copse-dev/copse"
	"github.com/copse-dev/copse/internal/httpx"
)

type adminSSOPage struct {
	layout
	Providers     []ssoProviderRow
	LocalAccounts bool
	Rules         []ruleRow
	Rule          copse.RoleRule // the add form, kept after a refusal
	Grants        []option
	ProviderNames []option
	LocalValue    string // "on" or "off"
	LocalOptions  []option
}

var localOptions = []option{
	{Value: "on", Label: "Everyone with a password", Hint: "Local accounts work as well as single sign-on."},
	{Value: "off", Label: "Only break-glass admins", Hint: "Everyone else signs in with single sign-on. Break-glass admins keep a way in when the provider is down."},
}

type ssoProviderRow struct{ Name, Label, Callback string }

type ruleRow struct {
	copse.RoleRule
	From string // the provider's label, or "Every provider"
}

var ruleFields = []field{{"provider", "Provider"}, {"group", "Group"}, {"grant", "Gives"}, {"community", "Community"}, {"role", "Role"}}

var grantOptions = []option{
	{Value: string(copse.GrantAdmin), Label: "Site admin"},
	{Value: string(copse.GrantPlatformStaff), Label: "Platform staff"},
	{Value: string(copse.GrantCommunity), Label: "A role in a community"},
}

func (w *Web) newAdminSSOPage(r *http.Request) (*adminSSOPage, error) {
	rules, err := w.db.RoleRules(r.Context())
	if err != nil {
		return nil, err
	}
	on, err := w.db.LocalAccounts(r.Context())
	if err != nil {
		return nil, err
	}
	p := &adminSSOPage{LocalAccounts: on, Grants: grantOptions, ProviderNames: []option{{Label: "Every provider"}},
		LocalValue: "on", LocalOptions: localOptions}
	if !on {
		p.LocalValue = "off"
	}
	p.Rule.Grant, p.Rule.Role = copse.GrantCommunity, copse.RoleMember
	for _, r := range rules {
		from := "Every provider"
		if r.Provider != "" {
			from = w.cfg.SSO.Label(r.Provider)
		}
		p.Rules = append(p.Rules, ruleRow{RoleRule: r, From: from})
	}
	for _, prov := range w.cfg.SSO {
		p.Providers = append(p.Providers, ssoProviderRow{Name: prov.Name(), Label: prov.Label(),
			Callback: w.absolute(r, "/signin/sso/"+prov.Name()+"/callback")})
		p.ProviderNames = append(p.ProviderNames, option{Value: prov.Name(), Label: prov.Label()})
	}
	return p, nil
}

// handleAdminSSO shows the providers, the password switch and the role rules.
func (w *Web) handleAdminSSO() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if !w.admin(rw, r) {
			return
		}
		p, err := w.newAdminSSOPage(r)
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		w.render(rw, r, http.StatusOK, "admin_sso", p)
	})
}

// handleRuleCreate adds a rule; it applies from each person's next sign-in.
func (w *Web) handleRuleCreate() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if !w.admin(rw, r) {
			return
		}
		if err := parseForm(rw, r); err != nil {
			w.fail(rw, r, err)
			return
		}
		f := r.PostForm
		rule := copse.RoleRule{Provider: f.Get("provider"), Group: f.Get("group"), Grant: copse.Grant(f.Get("grant")),
			Community: f.Get("community"), Role: copse.Role(f.Get("role"))}
		_, err := w.db.CreateRoleRule(r.Context(), rule, w.cfg.SSO.Names())
		if err != nil && (len(copse.ErrorFields(err)) > 0 || copse.ErrorCode(err) == copse.ECONFLICT) {
			p, perr := w.newAdminSSOPage(r)
			if perr != nil {
				w.fail(rw, r, perr)
				return
			}
			p.Rule = rule
			p.Errors = newErrs(err, ruleFields, nil)
			w.render(rw, r, httpx.Status(err), "admin_sso", p)
			return
		}
		if err != nil {
			w.fail(rw, r, err)
			return
		}
		redirect(rw, r, "/admin/sso?notice=rule")
	})
}

// handleRuleDelete removes a rule.
func (w *Web) handleRuleDelete() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if !w.admin(rw, r) {
			return
		}
		id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
		if err != nil {
			w.fail(rw, r, copse.Errorf(copse.ENOTFOUND, "No such rule."))
			return
		}
		if err := w.db.DeleteRoleRule(r.Context(), id); err != nil {
			w.fail(rw, r, err)
			return
		}
		redirect(rw, r, "/admin/sso?notice=rule-removed")
	})
}

// handleLocalAccounts switches password sign-in on or off.
func (w *Web) handleLocalAccounts() http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if !w.admin(rw, r) {
			return
		}
		if err := parseForm(rw, r); err != nil {
			w.fail(rw, r, err)
			return
		}
		on := r.PostForm.Get("local_accounts") == "on"
		if err := w.db.SetLocalAccounts(r.Context(), on, len(w.cfg.SSO)); err != nil {
			if copse.ErrorCode(err) == copse.ECONFLICT {
				p, perr := w.newAdminSSOPage(r)
				if perr != nil {
					w.fail(rw, r, perr)
					return
				}
				p.Errors = errs{Items: []errItem{{Field: "local_accounts", Text: copse.ErrorMessage(err)}}}
				w.render(rw, r, http.StatusConflict, "admin_sso", p)
				return
			}
			w.fail(rw, r, err)
			return
		}
		redirect(rw, r, "/admin/sso?notice=local-accounts")
	})
}
