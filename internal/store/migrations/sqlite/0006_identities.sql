-- Single sign-on: the identities a person signs in with (a person may hold several:
-- a local password, their organisation's OpenID Connect provider, GitHub), links
-- waiting for proof that an existing account is theirs, the admin-edited rules that
-- turn a provider's groups into roles, and what those rules granted (so that a role
-- given by a group goes when the group does, while roles given by hand stay).

CREATE TABLE identities (
    id             INTEGER PRIMARY KEY,
    user_id        INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    provider       TEXT NOT NULL,        -- the configured provider's name: keycloak, github
    subject        TEXT NOT NULL,        -- the provider's stable id for the person (sub, GitHub's user id)
    email          TEXT NOT NULL DEFAULT '',
    email_verified BOOLEAN NOT NULL DEFAULT FALSE,
    username       TEXT NOT NULL DEFAULT '', -- preferred_username or GitHub login, to tell identities apart
    created_at     TEXT NOT NULL,
    last_used_at   TEXT NOT NULL,
    UNIQUE (provider, subject)
);
CREATE INDEX identities_user ON identities (user_id, provider);

-- A new identity whose verified email matches an existing account waits here until
-- the person proves the account is theirs: by signing in to it (password or another
-- linked identity; browser_hash binds the link to the browser that started it), or
-- through the confirmation mail (token_hash). Never linked silently: that would let
-- anyone who controls a provider account with someone's address take their account.
CREATE TABLE pending_links (
    id             INTEGER PRIMARY KEY,
    user_id        INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    provider       TEXT NOT NULL,
    subject        TEXT NOT NULL,
    email          TEXT NOT NULL,
    email_verified BOOLEAN NOT NULL,
    username       TEXT NOT NULL DEFAULT '',
    groups_json    TEXT NOT NULL DEFAULT '[]', -- the groups at sign-in, applied when the link completes
    browser_hash   TEXT NOT NULL UNIQUE,       -- SHA-256 of the value in the browser's cookie
    token_hash     TEXT UNIQUE,                -- SHA-256 of the mailed token, once a mail was asked for
    created_at     TEXT NOT NULL,
    expires_at     TEXT NOT NULL
);
CREATE INDEX pending_links_user ON pending_links (user_id);
CREATE INDEX pending_links_expires ON pending_links (expires_at);
CREATE INDEX pending_links_identity ON pending_links (provider, subject);

-- "Members of /platform-team are platform staff"; "members of /cop-iac join
-- infrastructure-as-code". provider '' applies to every provider.
CREATE TABLE role_rules (
    id           INTEGER PRIMARY KEY,
    provider     TEXT NOT NULL DEFAULT '',
    group_name   TEXT NOT NULL,
    grant_kind   TEXT NOT NULL CHECK (grant_kind IN ('admin', 'platform_staff', 'community')),
    community_id INTEGER REFERENCES communities (id) ON DELETE CASCADE,
    role         TEXT NOT NULL DEFAULT '' CHECK (role IN ('', 'facilitator', 'core', 'member', 'contributor')),
    created_by   INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at   TEXT NOT NULL,
    CHECK ((grant_kind = 'community') = (community_id IS NOT NULL))
);
CREATE INDEX role_rules_order ON role_rules (grant_kind, group_name, id);
CREATE INDEX role_rules_community ON role_rules (community_id);
CREATE INDEX role_rules_creator ON role_rules (created_by);

-- What the rules granted a person, per provider (signing in with GitHub must not take
-- away what Keycloak's groups gave); community_id 0 for the site-wide grants.
CREATE TABLE role_grants (
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    provider     TEXT NOT NULL,
    grant_kind   TEXT NOT NULL CHECK (grant_kind IN ('admin', 'platform_staff', 'community')),
    community_id INTEGER NOT NULL DEFAULT 0,
    role         TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL,
    PRIMARY KEY (user_id, provider, grant_kind, community_id)
);
CREATE INDEX role_grants_kind ON role_grants (user_id, grant_kind);
CREATE INDEX role_grants_community ON role_grants (community_id);

-- The states of finished sign-ins, kept until they expire, so that a replayed
-- callback is refused on every instance.
CREATE TABLE sso_states (
    state_hash TEXT PRIMARY KEY,
    expires_at TEXT NOT NULL
);
CREATE INDEX sso_states_expires ON sso_states (expires_at);

-- Seed 006's platform staff (the people who run the platform: community help routes
-- to them), and the break-glass admins who may still sign in with a password when an
-- admin has switched local accounts off.
ALTER TABLE users ADD COLUMN platform_staff BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE users ADD COLUMN break_glass BOOLEAN NOT NULL DEFAULT FALSE;
CREATE INDEX users_platform_staff ON users (handle) WHERE platform_staff;

-- Which identity signed a session in, and the ID token that RP-initiated logout
-- hands back to the provider (id_token_hint). Both empty for a password sign-in.
ALTER TABLE sessions ADD COLUMN identity_id INTEGER REFERENCES identities (id) ON DELETE SET NULL;
ALTER TABLE sessions ADD COLUMN id_token TEXT NOT NULL DEFAULT '';
CREATE INDEX sessions_identity ON sessions (identity_id);

-- local_accounts = 'off' refuses password sign-in to everyone but break-glass admins.
INSERT INTO settings (key, value) VALUES ('local_accounts', 'on') ON CONFLICT (key) DO NOTHING;
