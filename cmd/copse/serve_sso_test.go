package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestServeSSOFlags: serve --help documents the single sign-on flags, and a bad
// provider spec stops serve with a message that says how to write it.
func TestServeSSOFlags(t *testing.T) {
	out, _, _ := runCopse(t, "", nil, "serve", "--help")
	for _, want := range []string{"-oidc", "NAME=ISSUER_URL,client_id=ID,client_secret_file=PATH", "(env COPSE_OIDC)", "-github", "orgs=ORG+ORG", "/signin/sso/NAME/callback"} {
		if !strings.Contains(out, want) {
			t.Errorf("serve --help lacks %q", want)
		}
	}
	db := "sqlite:" + filepath.Join(t.TempDir(), "copse.db")
	for env, want := range map[string]string{
		"COPSE_OIDC":   "start with NAME=ISSUER_URL",
		"COPSE_GITHUB": `--github: unknown option "oops"`,
	} {
		_, _, err := runCopse(t, "", map[string]string{env: "oops", "COPSE_DATABASE_URL": db, "COPSE_ADDR": "127.0.0.1:0"}, "serve")
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("serve with %s=oops: %v, want %q", env, err, want)
		}
	}
}
