-- Notifications: announcements, the distribution list (members' preferences and
-- outside subscribers), webhooks, and the deliveries the outbox worker makes of each
-- event in the events table, with their retries. Claims happen in write
-- transactions, and SQLite has one writer, so each delivery is sent by one worker.

CREATE TABLE announcements (
    id           INTEGER PRIMARY KEY,
    community_id INTEGER NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    title        TEXT NOT NULL,
    body         TEXT NOT NULL,
    author_id    INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at   TEXT NOT NULL
);
CREATE INDEX announcements_community ON announcements (community_id, id);
CREATE INDEX announcements_author ON announcements (author_id);

-- People outside copse on a community's list (seed 004's MailChimp list), confirmed
-- by a double opt-in mail before anything else is sent to them.
CREATE TABLE subscribers (
    id           INTEGER PRIMARY KEY,
    community_id INTEGER NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    email        TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('pending', 'confirmed', 'unsubscribed')),
    frequency    TEXT NOT NULL DEFAULT 'every' CHECK (frequency IN ('every', 'daily', 'weekly', 'none')),
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    UNIQUE (community_id, email)
);
CREATE INDEX subscribers_list ON subscribers (community_id, status, id);

-- A member's choice per community; no row means every message.
CREATE TABLE mail_preferences (
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    community_id INTEGER NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    frequency    TEXT NOT NULL CHECK (frequency IN ('every', 'daily', 'weekly', 'none')),
    updated_at   TEXT NOT NULL,
    PRIMARY KEY (user_id, community_id)
);
CREATE INDEX mail_preferences_community ON mail_preferences (community_id, user_id);

-- community_id NULL: a site-wide webhook (the alerts and sos channels).
CREATE TABLE webhooks (
    id           INTEGER PRIMARY KEY,
    community_id INTEGER REFERENCES communities (id) ON DELETE CASCADE,
    url          TEXT NOT NULL,
    format       TEXT NOT NULL CHECK (format IN ('slack', 'teams', 'signed')),
    events       TEXT NOT NULL DEFAULT '',   -- comma-separated kinds; '' for the defaults
    secret       TEXT NOT NULL DEFAULT '',   -- signs the "signed" format
    created_by   INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at   TEXT NOT NULL
);
CREATE INDEX webhooks_community ON webhooks (community_id, id);
CREATE INDEX webhooks_creator ON webhooks (created_by);

-- One row per event and channel: a mailbox (now, or in a digest) or a webhook.
CREATE TABLE deliveries (
    id              INTEGER PRIMARY KEY,
    event_id        INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    channel         TEXT NOT NULL CHECK (channel IN ('email', 'digest', 'webhook')),
    webhook_id      INTEGER REFERENCES webhooks (id) ON DELETE CASCADE,
    recipient       TEXT NOT NULL DEFAULT '',   -- the email address
    user_id         INTEGER REFERENCES users (id) ON DELETE CASCADE,
    subscriber_id   INTEGER REFERENCES subscribers (id) ON DELETE CASCADE,
    idempotency_key TEXT NOT NULL UNIQUE,       -- sent to receivers, so a retry after a crash is recognised
    status          TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'dead')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,       -- when due; while claimed, when the claim lapses
    claim           TEXT NOT NULL DEFAULT '',   -- the worker's token while it holds the row
    last_error      TEXT NOT NULL DEFAULT '',
    response        TEXT NOT NULL DEFAULT '',   -- what the receiver answered last
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    sent_at         TEXT
);
CREATE INDEX deliveries_due ON deliveries (next_attempt_at, id) WHERE status = 'pending';
CREATE INDEX deliveries_digest ON deliveries (recipient, id) WHERE status = 'pending' AND channel = 'digest';
CREATE INDEX deliveries_status ON deliveries (status, id);
CREATE INDEX deliveries_event ON deliveries (event_id);
CREATE INDEX deliveries_webhook ON deliveries (webhook_id);
CREATE INDEX deliveries_user ON deliveries (user_id);
CREATE INDEX deliveries_subscriber ON deliveries (subscriber_id);

-- Mail kept on the server when no SMTP server is configured, for admins to read.
CREATE TABLE mail_outbox (
    id         INTEGER PRIMARY KEY,
    recipient  TEXT NOT NULL,
    subject    TEXT NOT NULL,
    message    TEXT NOT NULL,               -- the whole RFC 5322 message
    created_at TEXT NOT NULL
);

-- The meetings a reminder was sent for, so each is reminded once whoever scans.
CREATE TABLE reminders (
    community_id INTEGER NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    starts_at    TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    PRIMARY KEY (community_id, starts_at)
);

-- The key that signs unsubscribe and confirmation links, made on first use.
CREATE TABLE notify_keys (
    id     INTEGER PRIMARY KEY CHECK (id = 1),
    secret TEXT NOT NULL
);
