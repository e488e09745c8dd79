package sso

import (
	"flag"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestParseSpecs(t *testing.T) {
	base, _ := url.Parse("https://cop.example.org")
	secret := filepath.Join(t.TempDir(), "secret")
	os.WriteFile(secret, []byte("s3cret\n"), 0o600)

	cfg, err := ParseOIDC("keycloak=https://sso.example.org/realms/staff,client_id=copse,client_secret_file="+secret+
		",label=IDIR,scopes=openid+profile+email+groups,groups_claim=realm_access.roles,trust_email=true", base)
	if err != nil {
		t.Fatal(err)
	}
	want := OIDCConfig{Name: "keycloak", Label: "IDIR", Issuer: "https://sso.example.org/realms/staff", ClientID: "copse",
		ClientSecret: "s3cret", Scopes: []string{"openid", "profile", "email", "groups"}, GroupsClaim: "realm_access.roles",
		TrustEmail: true, RedirectURL: "https://cop.example.org/signin/sso/keycloak/callback"}
	if !reflect.DeepEqual(cfg, want) {
		t.Errorf("got %+v\nwant %+v", cfg, want)
	}

	gh, err := ParseGitHub("client_id=Iv1.abc,client_secret=xyz,orgs=bcgov+copse-dev", base)
	if err != nil || gh.RedirectURL != "https://cop.example.org/signin/sso/github/callback" || !reflect.DeepEqual(gh.Orgs, []string{"bcgov", "copse-dev"}) {
		t.Errorf("github: %+v %v", gh, err)
	}

	for spec, msg := range map[string]string{
		"https://sso.example.org,client_id=copse":                         "start with NAME=ISSUER_URL",
		"Key Cloak=https://sso.example.org":                               "start with NAME=ISSUER_URL",
		"kc=sso.example.org,client_id=x":                                  "must be an http(s) URL",
		"kc=https://sso.example.org":                                      "needs client_id=ID",
		"kc=https://sso.example.org,client_id=x,colour":                   "unknown option \"colour\"",
		"kc=https://sso.example.org,client_id=x,trust_email=maybe":        "trust_email=\"maybe\"",
		"kc=https://sso.example.org,client_id=x,client_secret_file=/nope": "client_secret_file",
	} {
		if _, err := ParseOIDC(spec, base); err == nil || !strings.Contains(err.Error(), msg) {
			t.Errorf("--oidc %s: %v, want %q", spec, err, msg)
		}
	}
	if _, err := ParseGitHub("client_id=x", base); err == nil || !strings.Contains(err.Error(), "client_secret_file") {
		t.Errorf("github without a secret: %v", err)
	}
}

func TestSpecsFromFlagsAndEnv(t *testing.T) {
	env := map[string]string{"COPSE_OIDC": "a=https://a.example,client_id=x; b=https://b.example,client_id=y\n", "COPSE_GITHUB": "client_id=g,client_secret=s"}
	var s Specs
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	s.Define(fs, func(k string) string { return env[k] })
	if err := fs.Parse(nil); err != nil {
		t.Fatal(err)
	}
	s.Finish()
	if len(s.OIDC) != 2 || len(s.GitHub) != 1 {
		t.Fatalf("from the environment: %+v", s)
	}
	base, _ := url.Parse("http://127.0.0.1:8080")
	ps, err := s.Build(base)
	if err != nil || !reflect.DeepEqual(ps.Names(), []string{"a", "b", "github"}) || ps.Label("github") != "GitHub" {
		t.Fatalf("built %v, %v", ps.Names(), err)
	}

	// Flags replace the variable; two providers may not share a name.
	var f Specs
	fs = flag.NewFlagSet("serve", flag.ContinueOnError)
	f.Define(fs, func(k string) string { return env[k] })
	if err := fs.Parse([]string{"--oidc", "kc=https://kc.example,client_id=x", "--oidc", "kc=https://kc2.example,client_id=y"}); err != nil {
		t.Fatal(err)
	}
	f.Finish()
	if _, err := f.Build(base); err == nil || !strings.Contains(err.Error(), `two providers are named "kc"`) {
		t.Errorf("duplicate names: %v", err)
	}
}

func TestClaims(t *testing.T) {
	claims := map[string]any{"realm_access": map[string]any{"roles": []any{"a", "b", 3}}, "groups": "/one", "ev": "TRUE"}
	if got := strs(lookup(claims, "realm_access.roles")); !reflect.DeepEqual(got, []string{"a", "b"}) {
		t.Errorf("nested roles: %v", got)
	}
	if got := strs(lookup(claims, "groups")); !reflect.DeepEqual(got, []string{"/one"}) {
		t.Errorf("one group as a string: %v", got)
	}
	if lookup(claims, "realm_access.nope.deeper") != nil || !truthy(claims["ev"]) || truthy(nil) {
		t.Error("lookup or truthy")
	}
}
