// Command provider runs the zitadel/oidc example OpenID Provider (its storage, its
// login page) as a real provider for copse's tests, with three things the example
// lacks and a Keycloak would have: people from a JSON file, a "groups" claim in
// their ID tokens and userinfo, and copse's callback and sign-out addresses accepted
// on any port of 127.0.0.1. It listens on 127.0.0.1 (an ephemeral port unless
// -port says otherwise) and prints its issuer URL as its first line on stdout.
//
//	provider -users users.json -client copse -secret s3cret
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"log/slog"
	"net"
	"net/http"
	"os"

	"github.com/zitadel/oidc/v3/example/server/exampleop"
	"github.com/zitadel/oidc/v3/example/server/storage"
	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"
	"golang.org/x/text/language"
)

// person is one account at the provider.
type person struct {
	ID            string   `json:"id"`
	Username      string   `json:"username"`
	Password      string   `json:"password"`
	FirstName     string   `json:"first_name"`
	LastName      string   `json:"last_name"`
	Email         string   `json:"email"`
	EmailVerified bool     `json:"email_verified"`
	Groups        []string `json:"groups"`
}

type users map[string]*storage.User

func (u users) GetUserByID(id string) *storage.User { return u[id] }
func (u users) ExampleClientID() string             { return "service" }
func (u users) GetUserByUsername(name string) *storage.User {
	for _, x := range u {
		if x.Username == name {
			return x
		}
	}
	return nil
}

// groupStorage is the example's storage with a groups claim.
type groupStorage struct {
	*storage.Storage
	groups map[string][]string
}

func (s *groupStorage) SetUserinfoFromRequest(ctx context.Context, info *oidc.UserInfo, req op.IDTokenRequest, scopes []string) error {
	if err := s.Storage.SetUserinfoFromRequest(ctx, info, req, scopes); err != nil {
		return err
	}
	if g := s.groups[req.GetSubject()]; g != nil {
		info.AppendClaims("groups", g)
	}
	return nil
}

func (s *groupStorage) SetUserinfoFromToken(ctx context.Context, info *oidc.UserInfo, tokenID, subject, origin string) error {
	if err := s.Storage.SetUserinfoFromToken(ctx, info, tokenID, subject, origin); err != nil {
		return err
	}
	if g := s.groups[info.Subject]; g != nil {
		info.AppendClaims("groups", g)
	}
	return nil
}

func (s *groupStorage) GetClientByClientID(ctx context.Context, id string) (op.Client, error) {
	c, err := s.Storage.GetClientByClientID(ctx, id)
	if err != nil {
		return nil, err
	}
	return loopbackClient{c}, nil
}

// loopbackClient accepts redirect and post-logout addresses on any port of
// 127.0.0.1, since copse's test servers listen on ephemeral ports.
type loopbackClient struct{ op.Client }

func (loopbackClient) RedirectURIGlobs() []string {
	return []string{"http://127.0.0.1:*/signin/sso/*/callback"}
}
func (loopbackClient) PostLogoutRedirectURIGlobs() []string {
	return []string{"http://127.0.0.1:*/?notice=signedout", "http://127.0.0.1:*/"}
}

func main() {
	usersFile := flag.String("users", "", "JSON file: a list of people")
	client := flag.String("client", "copse", "client id")
	secret := flag.String("secret", "secret", "client secret")
	port := flag.Int("port", 0, "port on 127.0.0.1 (0: any free port)")
	flag.Parse()

	var people []person
	b, err := os.ReadFile(*usersFile)
	if err != nil {
		log.Fatal(err)
	}
	if err := json.Unmarshal(b, &people); err != nil {
		log.Fatal(err)
	}
	store, groups := users{}, map[string][]string{}
	for _, p := range people {
		store[p.ID] = &storage.User{ID: p.ID, Username: p.Username, Password: p.Password, FirstName: p.FirstName,
			LastName: p.LastName, Email: p.Email, EmailVerified: p.EmailVerified, PreferredLanguage: language.English}
		groups[p.ID] = p.Groups
	}

	ln, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", *port))
	if err != nil {
		log.Fatal(err)
	}
	issuer := fmt.Sprintf("http://%s/", ln.Addr())
	clients := map[string]*storage.Client{*client: storage.WebClient(*client, *secret, "http://127.0.0.1/unused")}
	stor := &groupStorage{Storage: storage.NewStorageWithClients(store, clients), groups: groups}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	router := exampleop.SetupServer(issuer, stor, logger, false)
	fmt.Println(issuer)
	log.Fatal(http.Serve(ln, router))
}
