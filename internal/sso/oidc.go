package sso

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/copse-dev/copse"
)

// OIDCConfig is one OpenID Connect provider, as --oidc configures it.
type OIDCConfig struct {
	Name         string
	Label        string
	Issuer       string
	ClientID     string
	ClientSecret string
	Scopes       []string // default openid, profile, email
	GroupsClaim  string   // default "groups"; a dotted path reaches into objects (realm_access.roles)
	TrustEmail   bool     // treat the provider's emails as verified (an organisation's directory)
	RedirectURL  string   // BASE/signin/sso/NAME/callback
	HTTPClient   *http.Client
	Now          func() time.Time // the clock tokens are checked against; tests move it
}

// OIDC is an OpenID Connect provider. Discovery happens at the first sign-in (and
// again after a failure), so copse starts even while its provider is down; go-oidc
// fetches the signing keys, and fetches them again when a token names a new key,
// which is how key rotation at the provider is followed.
type OIDC struct {
	cfg    OIDCConfig
	client *http.Client

	mu         sync.Mutex
	provider   *oidc.Provider
	endSession string
	userinfo   bool
}

// NewOIDC returns the provider; nothing is fetched yet.
func NewOIDC(cfg OIDCConfig) *OIDC {
	if len(cfg.Scopes) == 0 {
		cfg.Scopes = []string{oidc.ScopeOpenID, "profile", "email"}
	}
	if cfg.GroupsClaim == "" {
		cfg.GroupsClaim = "groups"
	}
	if cfg.Label == "" {
		cfg.Label = cfg.Name
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &OIDC{cfg: cfg, client: newHTTPClient(cfg.HTTPClient)}
}

func (o *OIDC) Name() string  { return o.cfg.Name }
func (o *OIDC) Label() string { return o.cfg.Label }

// discover fetches the provider's configuration once. Its context is not the
// request's: the key set go-oidc keeps uses it for every later key fetch.
func (o *OIDC) discover() (*oidc.Provider, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.provider != nil {
		return o.provider, nil
	}
	p, err := oidc.NewProvider(oidc.ClientContext(context.Background(), o.client), o.cfg.Issuer)
	if err != nil {
		return nil, failed(err, "copse could not reach %s to sign you in. Try again in a minute; if it keeps failing, tell the people who run copse.", o.cfg.Label)
	}
	var extra struct {
		EndSession string `json:"end_session_endpoint"`
		UserInfo   string `json:"userinfo_endpoint"`
	}
	if err := p.Claims(&extra); err != nil {
		return nil, failed(err, "%s's configuration could not be read.", o.cfg.Label)
	}
	o.provider, o.endSession, o.userinfo = p, extra.EndSession, extra.UserInfo != ""
	return p, nil
}

// Discover checks now that the provider answers, for a warning at start-up.
func (o *OIDC) Discover() error {
	_, err := o.discover()
	return err
}

func (o *OIDC) oauth(p *oidc.Provider) *oauth2.Config {
	return &oauth2.Config{ClientID: o.cfg.ClientID, ClientSecret: o.cfg.ClientSecret, Endpoint: p.Endpoint(),
		RedirectURL: o.cfg.RedirectURL, Scopes: o.cfg.Scopes}
}

func (o *OIDC) AuthURL(_ context.Context, state, nonce, verifier string) (string, error) {
	p, err := o.discover()
	if err != nil {
		return "", err
	}
	return o.oauth(p).AuthCodeURL(state, oidc.Nonce(nonce), oauth2.S256ChallengeOption(verifier)), nil
}

func (o *OIDC) Exchange(ctx context.Context, code, verifier, nonce string) (copse.ExternalIdentity, error) {
	var ext copse.ExternalIdentity
	p, err := o.discover()
	if err != nil {
		return ext, err
	}
	ctx = oidc.ClientContext(ctx, o.client)
	tok, err := o.oauth(p).Exchange(ctx, code, oauth2.VerifierOption(verifier))
	if err != nil {
		var re *oauth2.RetrieveError
		if errors.As(err, &re) {
			return ext, refuse("%s refused to complete the sign-in (%s). Start again from the sign-in page.", o.cfg.Label, describe(re))
		}
		return ext, failed(err, "copse could not reach %s to complete the sign-in. Try again in a minute.", o.cfg.Label)
	}
	raw, _ := tok.Extra("id_token").(string)
	if raw == "" {
		return ext, refuse("%s sent no ID token, so copse cannot tell who you are. Ask the people who run copse to check that the client asks for the openid scope.", o.cfg.Label)
	}
	idt, err := o.verify(ctx, p, raw)
	if err != nil {
		return ext, err
	}
	if idt.Nonce != nonce {
		return ext, refuse("The ID token from %s does not belong to this sign-in (its nonce differs), so it may have been replayed. Start again from the sign-in page.", o.cfg.Label)
	}
	if idt.AccessTokenHash != "" {
		if err := idt.VerifyAccessToken(tok.AccessToken); err != nil {
			return ext, refuse("The access token from %s does not match its ID token. Start again from the sign-in page.", o.cfg.Label)
		}
	}
	claims := map[string]any{}
	if err := idt.Claims(&claims); err != nil {
		return ext, refuse("The ID token from %s could not be read.", o.cfg.Label)
	}
	// Providers put profile claims in the ID token (Keycloak) or only behind the
	// userinfo endpoint; ask it for what the token lacks.
	if o.userinfo && (claims["email"] == nil || lookup(claims, o.cfg.GroupsClaim) == nil) {
		if err := o.addUserInfo(ctx, p, tok, idt.Subject, claims); err != nil {
			return ext, err
		}
	}
	ext = copse.ExternalIdentity{
		Provider: o.cfg.Name, ProviderLabel: o.cfg.Label, Subject: idt.Subject, IDToken: raw,
		Email:         strings.ToLower(str(claims["email"])),
		EmailVerified: o.cfg.TrustEmail || truthy(claims["email_verified"]),
		Username:      str(claims["preferred_username"]),
		Name:          str(claims["name"]),
		Groups:        strs(lookup(claims, o.cfg.GroupsClaim)),
	}
	if ext.Name == "" {
		ext.Name = strings.TrimSpace(str(claims["given_name"]) + " " + str(claims["family_name"]))
	}
	return ext, nil
}

// verify checks the ID token's signature, issuer, audience and expiry, tolerating
// ClockSkew. When it fails, it says which check failed: a token that passes the
// signature and issuer checks alone is for another client, or expired.
func (o *OIDC) verify(ctx context.Context, p *oidc.Provider, raw string) (*oidc.IDToken, error) {
	skewed := func() time.Time { return o.cfg.Now().Add(-ClockSkew) }
	idt, err := p.VerifierContext(ctx, &oidc.Config{ClientID: o.cfg.ClientID, Now: skewed}).Verify(ctx, raw)
	if err == nil {
		return idt, nil
	}
	var expired *oidc.TokenExpiredError
	if errors.As(err, &expired) {
		return nil, refuse("The sign-in from %s had expired (at %s) before it reached copse. Sign in again; if this keeps happening, the clocks of copse and %s disagree.",
			o.cfg.Label, expired.Expiry.UTC().Format(time.RFC3339), o.cfg.Label)
	}
	loose, lerr := p.VerifierContext(ctx, &oidc.Config{SkipClientIDCheck: true, SkipExpiryCheck: true}).Verify(ctx, raw)
	if lerr != nil {
		return nil, refuse("The ID token from %s failed its signature check (or names another issuer), so it may have been tampered with. copse refused it; sign in again.", o.cfg.Label)
	}
	if !slices.Contains(loose.Audience, o.cfg.ClientID) {
		return nil, refuse("%s issued this sign-in for another application (%s), not for copse (%s). Ask the people who run copse to check its client_id.",
			o.cfg.Label, strings.Join(loose.Audience, ", "), o.cfg.ClientID)
	}
	return nil, refuse("The ID token from %s was refused: %v.", o.cfg.Label, err)
}

func (o *OIDC) addUserInfo(ctx context.Context, p *oidc.Provider, tok *oauth2.Token, subject string, claims map[string]any) error {
	ui, err := p.UserInfo(ctx, oauth2.StaticTokenSource(tok))
	if err != nil {
		return failed(err, "copse could not read your profile from %s. Try again in a minute.", o.cfg.Label)
	}
	if ui.Subject != subject {
		return refuse("%s's profile answer is about someone else than its ID token, so copse refused it.", o.cfg.Label)
	}
	more := map[string]any{}
	if err := ui.Claims(&more); err != nil {
		return failed(err, "%s's profile could not be read.", o.cfg.Label)
	}
	for k, v := range more {
		if _, ok := claims[k]; !ok {
			claims[k] = v
		}
	}
	return nil
}

func (o *OIDC) LogoutURL(_ context.Context, idToken, after string) string {
	if _, err := o.discover(); err != nil || o.endSession == "" {
		return ""
	}
	u, err := url.Parse(o.endSession)
	if err != nil {
		return ""
	}
	q := u.Query()
	if idToken != "" {
		q.Set("id_token_hint", idToken)
	}
	q.Set("client_id", o.cfg.ClientID)
	q.Set("post_logout_redirect_uri", after)
	u.RawQuery = q.Encode()
	return u.String()
}

// describe is the provider's own words about a refused code, short.
func describe(re *oauth2.RetrieveError) string {
	s := re.ErrorCode
	if re.ErrorDescription != "" {
		s += ": " + re.ErrorDescription
	}
	if s == "" {
		s = fmt.Sprintf("status %d", re.Response.StatusCode)
	}
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return s
}

// lookup follows a dotted path (realm_access.roles) into the claims.
func lookup(claims map[string]any, path string) any {
	var v any = claims
	for part := range strings.SplitSeq(path, ".") {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[part]
	}
	return v
}

func str(v any) string {
	s, _ := v.(string)
	return strings.TrimSpace(s)
}

// truthy reads email_verified, which some providers send as the string "true".
func truthy(v any) bool {
	switch b := v.(type) {
	case bool:
		return b
	case string:
		return strings.EqualFold(b, "true")
	}
	return false
}

// strs reads a groups claim: a list of strings, or one string.
func strs(v any) []string {
	switch g := v.(type) {
	case string:
		return []string{g}
	case []any:
		out := make([]string, 0, len(g))
		for _, x := range g {
			if s, ok := x.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}
