package sso

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/oauth2"

	"github.com/copse-dev/copse"
)

// GitHubConfig is GitHub (or GitHub Enterprise Server) sign-in, as --github
// configures it.
type GitHubConfig struct {
	Name         string // "github"
	Label        string // "GitHub"
	ClientID     string
	ClientSecret string
	Orgs         []string // when set, only members of one of these organisations sign in
	WebURL       string   // https://github.com, or a GitHub Enterprise Server
	APIURL       string   // https://api.github.com, or https://HOST/api/v3
	RedirectURL  string
	HTTPClient   *http.Client
}

// GitHub signs people in with GitHub's OAuth 2.0 (it is not OpenID Connect: there
// is no ID token, so the identity comes from its REST API with the access token).
// The person's groups are the logins of their organisations, lower-cased.
type GitHub struct {
	cfg    GitHubConfig
	client *http.Client
}

// NewGitHub returns the provider.
func NewGitHub(cfg GitHubConfig) *GitHub {
	if cfg.Name == "" {
		cfg.Name = "github"
	}
	if cfg.Label == "" {
		cfg.Label = "GitHub"
	}
	if cfg.WebURL == "" {
		cfg.WebURL = "https://github.com"
	}
	if cfg.APIURL == "" {
		cfg.APIURL = "https://api.github.com"
	}
	cfg.WebURL, cfg.APIURL = strings.TrimRight(cfg.WebURL, "/"), strings.TrimRight(cfg.APIURL, "/")
	for i, o := range cfg.Orgs {
		cfg.Orgs[i] = strings.ToLower(o)
	}
	return &GitHub{cfg: cfg, client: newHTTPClient(cfg.HTTPClient)}
}

func (g *GitHub) Name() string  { return g.cfg.Name }
func (g *GitHub) Label() string { return g.cfg.Label }

func (g *GitHub) oauth() *oauth2.Config {
	scopes := []string{"read:user", "user:email"}
	if len(g.cfg.Orgs) > 0 {
		scopes = append(scopes, "read:org") // private memberships too
	}
	return &oauth2.Config{ClientID: g.cfg.ClientID, ClientSecret: g.cfg.ClientSecret, RedirectURL: g.cfg.RedirectURL, Scopes: scopes,
		Endpoint: oauth2.Endpoint{AuthURL: g.cfg.WebURL + "/login/oauth/authorize", TokenURL: g.cfg.WebURL + "/login/oauth/access_token",
			AuthStyle: oauth2.AuthStyleInParams}}
}

func (g *GitHub) AuthURL(_ context.Context, state, _, verifier string) (string, error) {
	return g.oauth().AuthCodeURL(state, oauth2.S256ChallengeOption(verifier)), nil
}

func (g *GitHub) Exchange(ctx context.Context, code, verifier, _ string) (copse.ExternalIdentity, error) {
	var ext copse.ExternalIdentity
	tok, err := g.oauth().Exchange(context.WithValue(ctx, oauth2.HTTPClient, g.client), code, oauth2.VerifierOption(verifier))
	if err != nil {
		var re *oauth2.RetrieveError
		if errors.As(err, &re) {
			return ext, refuse("GitHub refused to complete the sign-in (%s). Start again from the sign-in page.", describe(re))
		}
		return ext, failed(err, "copse could not reach GitHub to complete the sign-in. Try again in a minute.")
	}
	var user struct {
		ID    int64  `json:"id"`
		Login string `json:"login"`
		Name  string `json:"name"`
	}
	if err := g.get(ctx, tok, "/user", &user); err != nil {
		return ext, err
	}
	if user.ID == 0 {
		return ext, refuse("GitHub did not say who you are. Start again from the sign-in page.")
	}
	var emails []struct {
		Email    string `json:"email"`
		Primary  bool   `json:"primary"`
		Verified bool   `json:"verified"`
	}
	if err := g.get(ctx, tok, "/user/emails", &emails); err != nil {
		return ext, err
	}
	ext = copse.ExternalIdentity{Provider: g.cfg.Name, ProviderLabel: g.cfg.Label, Subject: strconv.FormatInt(user.ID, 10),
		Username: user.Login, Name: user.Name}
	// Only the primary address counts, and only once GitHub has verified it: any
	// other address on a GitHub account proves nothing about its owner.
	for _, e := range emails {
		if e.Primary {
			ext.Email, ext.EmailVerified = strings.ToLower(e.Email), e.Verified
		}
	}
	var orgs []struct {
		Login string `json:"login"`
	}
	if err := g.get(ctx, tok, "/user/orgs?per_page=100", &orgs); err != nil {
		return ext, err
	}
	for _, o := range orgs {
		ext.Groups = append(ext.Groups, strings.ToLower(o.Login))
	}
	if len(g.cfg.Orgs) > 0 && !slices.ContainsFunc(ext.Groups, func(o string) bool { return slices.Contains(g.cfg.Orgs, o) }) {
		return ext, refuse("Only members of the GitHub organisation %s may sign in here, and GitHub does not list you as one. If you are, allow copse to see the organisation on GitHub, then sign in again.",
			strings.Join(g.cfg.Orgs, " or "))
	}
	return ext, nil
}

// get reads one of GitHub's REST API resources with the person's token.
func (g *GitHub) get(ctx context.Context, tok *oauth2.Token, path string, into any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, g.cfg.APIURL+path, nil)
	if err != nil {
		return err
	}
	req.Header.Set("Accept", "application/vnd.github+json")
	req.Header.Set("X-GitHub-Api-Version", "2022-11-28")
	tok.SetAuthHeader(req)
	resp, err := g.client.Do(req)
	if err != nil {
		return failed(err, "copse could not reach GitHub to read your profile. Try again in a minute.")
	}
	defer resp.Body.Close()
	switch {
	case resp.StatusCode == http.StatusUnauthorized || resp.StatusCode == http.StatusForbidden:
		return refuse("GitHub did not let copse read your profile (%s). Sign in again and allow copse to read your email address.", path)
	case resp.StatusCode != http.StatusOK:
		return failed(fmt.Errorf("GET %s: %s", path, resp.Status), "GitHub answered with an error. Try again in a minute.")
	}
	if err := json.NewDecoder(http.MaxBytesReader(nil, resp.Body, 1<<20)).Decode(into); err != nil {
		return failed(err, "GitHub's answer could not be read. Try again in a minute.")
	}
	return nil
}

// LogoutURL is empty: GitHub offers no way for an application to end its session.
func (g *GitHub) LogoutURL(context.Context, string, string) string { return "" }
