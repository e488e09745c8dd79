-- Accounts, sessions, tokens, settings, communities and their members.
-- Times are fixed-width UTC text (2006-01-02T15:04:05.000000Z) so text order is time order.

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    handle        TEXT NOT NULL UNIQUE,
    email         TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL DEFAULT '',
    organisation  TEXT NOT NULL DEFAULT '',
    password_hash TEXT,                 -- NULL: no local password (single sign-on only)
    is_admin      BOOLEAN NOT NULL DEFAULT FALSE,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);

CREATE TABLE sessions (
    token_hash   TEXT PRIMARY KEY,      -- SHA-256 of the cookie value; the value itself is never stored
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at   TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    expires_at   TEXT NOT NULL,
    user_agent   TEXT NOT NULL DEFAULT '',
    ip           TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    created_at   TEXT NOT NULL,
    last_used_at TEXT
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

CREATE TABLE login_failures (
    key TEXT NOT NULL,                  -- "handle:ada" or "ip:192.0.2.1"
    at  TEXT NOT NULL
);
CREATE INDEX login_failures_key_at ON login_failures (key, at);

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE communities (
    id               INTEGER PRIMARY KEY,
    slug             TEXT NOT NULL UNIQUE,
    name             TEXT NOT NULL,
    subject          TEXT NOT NULL,
    description      TEXT NOT NULL DEFAULT '',
    status           TEXT NOT NULL CHECK (status IN ('suggested', 'forming', 'active', 'dormant', 'archived')),
    visibility       TEXT NOT NULL CHECK (visibility IN ('public', 'signed-in', 'members')),
    channel_name     TEXT NOT NULL DEFAULT '',
    channel_url      TEXT NOT NULL DEFAULT '',
    cadence_rrule    TEXT NOT NULL DEFAULT '',
    cadence_timezone TEXT NOT NULL DEFAULT '',
    cadence_minutes  INTEGER NOT NULL DEFAULT 0,
    created_by       INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    last_activity_at TEXT NOT NULL
);
CREATE INDEX communities_status_slug ON communities (status, slug);

CREATE TABLE community_tags (
    community_id INTEGER NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    tag          TEXT NOT NULL,
    position     INTEGER NOT NULL,
    PRIMARY KEY (community_id, tag)
);
CREATE INDEX community_tags_tag ON community_tags (tag, community_id);

CREATE TABLE community_links (
    community_id INTEGER NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    title        TEXT NOT NULL,
    url          TEXT NOT NULL,
    PRIMARY KEY (community_id, position)
);

CREATE TABLE members (
    community_id INTEGER NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role         TEXT NOT NULL CHECK (role IN ('facilitator', 'core', 'member', 'contributor')),
    joined_at    TEXT NOT NULL,
    PRIMARY KEY (community_id, user_id)
);
CREATE INDEX members_user ON members (user_id);
CREATE INDEX members_community_role ON members (community_id, role);

CREATE TABLE interests (
    community_id INTEGER NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at   TEXT NOT NULL,
    PRIMARY KEY (community_id, user_id)
);
CREATE INDEX interests_user ON interests (user_id);
