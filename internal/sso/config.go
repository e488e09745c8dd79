package sso

import (
	"flag"
	"fmt"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/copse-dev/copse"
)

// Specs are the providers given at start-up: each --oidc and --github is one spec,
// "NAME=ISSUER_URL,key=value,…" or, for GitHub, "key=value,…".
type Specs struct {
	OIDC   []string
	GitHub []string

	oidcFlags, githubFlags []string
	getenv                 func(string) string
}

// OIDCUsage and GitHubUsage document the flags in `copse serve --help`.
const (
	OIDCUsage = "an OpenID Connect provider (repeatable): NAME=ISSUER_URL,client_id=ID,client_secret_file=PATH" +
		"[,label=TEXT][,scopes=openid+profile+email+groups][,groups_claim=groups][,trust_email=true]; " +
		"the redirect URL to register is BASE_URL/signin/sso/NAME/callback"
	GitHubUsage = "GitHub sign-in: client_id=ID,client_secret_file=PATH[,orgs=ORG+ORG][,label=TEXT]" +
		"[,url=https://github.com][,api_url=https://api.github.com]; the callback URL is BASE_URL/signin/sso/github/callback"
)

type repeated struct{ list *[]string }

func (r repeated) String() string {
	if r.list == nil {
		return ""
	}
	return strings.Join(*r.list, "; ")
}

func (r repeated) Set(v string) error {
	*r.list = append(*r.list, v)
	return nil
}

// Define adds --oidc and --github to fs. Their environment variables, COPSE_OIDC
// and COPSE_GITHUB, hold one spec or several separated by ";" or new lines; a flag
// given on the command line replaces its variable. Call Finish after parsing.
func (s *Specs) Define(fs *flag.FlagSet, getenv func(string) string) {
	s.getenv = getenv
	fs.Var(repeated{&s.oidcFlags}, "oidc", OIDCUsage+" (env COPSE_OIDC)")
	fs.Var(repeated{&s.githubFlags}, "github", GitHubUsage+" (env COPSE_GITHUB)")
}

// Finish settles the specs from the flags given, else from the variables.
func (s *Specs) Finish() {
	s.OIDC, s.GitHub = s.oidcFlags, s.githubFlags
	if len(s.OIDC) == 0 && s.getenv != nil {
		s.OIDC = splitSpecs(s.getenv("COPSE_OIDC"))
	}
	if len(s.GitHub) == 0 && s.getenv != nil {
		s.GitHub = splitSpecs(s.getenv("COPSE_GITHUB"))
	}
}

func splitSpecs(v string) []string {
	var out []string
	for _, line := range strings.FieldsFunc(v, func(r rune) bool { return r == ';' || r == '\n' }) {
		if line = strings.TrimSpace(line); line != "" {
			out = append(out, line)
		}
	}
	return out
}

// Build makes the providers the specs describe; base is the site's address, from
// which each redirect URL derives. Errors name the flag and say how to fix it.
func (s *Specs) Build(base *url.URL) (Providers, error) {
	var out Providers
	seen := map[string]bool{}
	add := func(p Provider) error {
		if seen[p.Name()] {
			return fmt.Errorf("two providers are named %q: give each --oidc a NAME of its own", p.Name())
		}
		seen[p.Name()] = true
		out = append(out, p)
		return nil
	}
	for _, spec := range s.OIDC {
		cfg, err := ParseOIDC(spec, base)
		if err != nil {
			return nil, err
		}
		if err := add(NewOIDC(cfg)); err != nil {
			return nil, err
		}
	}
	for _, spec := range s.GitHub {
		cfg, err := ParseGitHub(spec, base)
		if err != nil {
			return nil, err
		}
		if err := add(NewGitHub(cfg)); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// options reads "key=value,key=value", refusing keys not in allowed, and reads
// client_secret_file into client_secret.
func options(flagName, s string, allowed ...string) (map[string]string, error) {
	opts := map[string]string{}
	for part := range strings.SplitSeq(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		k, v, ok := strings.Cut(part, "=")
		k = strings.TrimSpace(k)
		if !ok || !slices.Contains(allowed, k) {
			return nil, fmt.Errorf("--%s: unknown option %q; use %s", flagName, part, strings.Join(allowed, ", "))
		}
		opts[k] = strings.TrimSpace(v)
	}
	if path := opts["client_secret_file"]; path != "" {
		b, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("--%s client_secret_file: %w", flagName, err)
		}
		opts["client_secret"] = strings.TrimSpace(string(b))
	}
	if opts["client_id"] == "" {
		return nil, fmt.Errorf("--%s needs client_id=ID, the client copse is registered as at the provider", flagName)
	}
	return opts, nil
}

func callback(base *url.URL, name string) string {
	return strings.TrimRight(base.String(), "/") + "/signin/sso/" + name + "/callback"
}

// ParseOIDC reads one --oidc spec.
func ParseOIDC(spec string, base *url.URL) (OIDCConfig, error) {
	head, rest, _ := strings.Cut(spec, ",")
	name, issuer, ok := strings.Cut(head, "=")
	name = strings.TrimSpace(name)
	if !ok || !copse.ProviderNameRE.MatchString(name) {
		return OIDCConfig{}, fmt.Errorf("--oidc %q: start with NAME=ISSUER_URL, where NAME is lower-case letters, digits or dashes (such as keycloak=https://sso.example.org/realms/staff)", head)
	}
	if u, err := url.Parse(strings.TrimSpace(issuer)); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return OIDCConfig{}, fmt.Errorf("--oidc %s: the issuer %q must be an http(s) URL, such as https://sso.example.org/realms/staff", name, issuer)
	}
	opts, err := options("oidc "+name, rest, "client_id", "client_secret", "client_secret_file", "label", "scopes", "groups_claim", "trust_email")
	if err != nil {
		return OIDCConfig{}, err
	}
	cfg := OIDCConfig{Name: name, Issuer: strings.TrimSpace(issuer), ClientID: opts["client_id"], ClientSecret: opts["client_secret"],
		Label: opts["label"], GroupsClaim: opts["groups_claim"], RedirectURL: callback(base, name)}
	if s := opts["scopes"]; s != "" {
		cfg.Scopes = strings.FieldsFunc(s, func(r rune) bool { return r == '+' || r == ' ' })
		if !slices.Contains(cfg.Scopes, "openid") {
			cfg.Scopes = append([]string{"openid"}, cfg.Scopes...)
		}
	}
	if v := opts["trust_email"]; v != "" {
		if cfg.TrustEmail, err = strconv.ParseBool(v); err != nil {
			return OIDCConfig{}, fmt.Errorf("--oidc %s: trust_email=%q: use true or false", name, v)
		}
	}
	return cfg, nil
}

// ParseGitHub reads the --github spec.
func ParseGitHub(spec string, base *url.URL) (GitHubConfig, error) {
	opts, err := options("github", spec, "client_id", "client_secret", "client_secret_file", "label", "orgs", "url", "api_url")
	if err != nil {
		return GitHubConfig{}, err
	}
	cfg := GitHubConfig{Name: "github", Label: opts["label"], ClientID: opts["client_id"], ClientSecret: opts["client_secret"],
		WebURL: opts["url"], APIURL: opts["api_url"], RedirectURL: callback(base, "github")}
	if cfg.ClientSecret == "" {
		return GitHubConfig{}, fmt.Errorf("--github needs client_secret_file=PATH (or client_secret=…), the OAuth app's secret")
	}
	if o := opts["orgs"]; o != "" {
		cfg.Orgs = strings.FieldsFunc(o, func(r rune) bool { return r == '+' || r == ' ' })
	}
	return cfg, nil
}
