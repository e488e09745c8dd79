-- Community help and the status page (issue 6): questions routed by urgency, their
-- answers, votes, accepted answers and edit history; the help desk's routing (site
-- settings rows); the accounts an import made for the authors it brought; and the
-- status page's services, incidents with timed updates and scheduled maintenance.
-- Also makes the topics and meetings that exist searchable.

-- first_answered_at, first_answer_seconds and first_answer_by are written when the
-- first answer by someone other than the asker arrives, so the help metrics are
-- indexed queries rather than a recomputation over every answer.
CREATE TABLE questions (
    id                   INTEGER PRIMARY KEY,
    community_id         INTEGER REFERENCES communities (id) ON DELETE CASCADE, -- NULL: asked site-wide
    title                TEXT NOT NULL,
    body                 TEXT NOT NULL,
    urgency              TEXT NOT NULL CHECK (urgency IN ('how-to', 'sos', 'outage')),
    routed_to            TEXT NOT NULL CHECK (routed_to IN ('community', 'urgent', 'platform')), -- the route when asked
    status               TEXT NOT NULL CHECK (status IN ('open', 'answered', 'closed', 'duplicate')),
    visibility           TEXT NOT NULL CHECK (visibility IN ('public', 'signed-in', 'members')),
    author_id            INTEGER REFERENCES users (id) ON DELETE SET NULL,
    accepted_answer_id   INTEGER REFERENCES answers (id) ON DELETE SET NULL,
    accepted_at          TEXT,
    duplicate_of         INTEGER REFERENCES questions (id) ON DELETE SET NULL,
    score                INTEGER NOT NULL DEFAULT 0, -- an imported question's score
    answer_count         INTEGER NOT NULL DEFAULT 0, -- kept in the answer's transaction
    first_answered_at    TEXT,
    first_answer_seconds BIGINT,
    first_answer_by      TEXT CHECK (first_answer_by IN ('community', 'platform')),
    escalated_at         TEXT,
    source               TEXT UNIQUE,  -- the import key (stackexchange:SITE:q:ID); NULL when asked here
    source_url           TEXT NOT NULL DEFAULT '',
    source_author        TEXT NOT NULL DEFAULT '',
    source_author_url    TEXT NOT NULL DEFAULT '',
    license              TEXT NOT NULL DEFAULT '',
    created_at           TEXT NOT NULL,
    updated_at           TEXT NOT NULL,
    edited_at            TEXT
);
CREATE INDEX questions_created ON questions (created_at, id);
CREATE INDEX questions_community ON questions (community_id, created_at, id);
CREATE INDEX questions_author ON questions (author_id, created_at, id);
CREATE INDEX questions_urgency ON questions (urgency, created_at, id);
CREATE INDEX questions_unanswered ON questions (created_at, id) WHERE status = 'open' AND first_answered_at IS NULL;
CREATE INDEX questions_community_unanswered ON questions (community_id, created_at, id) WHERE status = 'open' AND first_answered_at IS NULL;
CREATE INDEX questions_escalation ON questions (created_at) WHERE urgency = 'sos' AND status = 'open' AND first_answered_at IS NULL AND escalated_at IS NULL;
CREATE INDEX questions_duplicate_of ON questions (duplicate_of) WHERE duplicate_of IS NOT NULL;
CREATE INDEX questions_accepted ON questions (accepted_answer_id) WHERE accepted_answer_id IS NOT NULL;

CREATE TABLE answers (
    id            INTEGER PRIMARY KEY,
    question_id   INTEGER NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
    body          TEXT NOT NULL,
    author_id     INTEGER REFERENCES users (id) ON DELETE SET NULL,
    platform_team BOOLEAN NOT NULL DEFAULT FALSE, -- the author was platform staff when they answered
    score         INTEGER NOT NULL DEFAULT 0,     -- an import's score plus the votes, kept in the vote's transaction
    source        TEXT UNIQUE,
    source_url    TEXT NOT NULL DEFAULT '',
    source_author TEXT NOT NULL DEFAULT '',
    source_author_url TEXT NOT NULL DEFAULT '',
    license       TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    edited_at     TEXT
);
CREATE INDEX answers_question ON answers (question_id, score DESC, created_at, id);
CREATE INDEX answers_author ON answers (author_id, created_at);

CREATE TABLE answer_votes (
    answer_id  INTEGER NOT NULL REFERENCES answers (id) ON DELETE CASCADE,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    value      INTEGER NOT NULL CHECK (value IN (-1, 1)),
    created_at TEXT NOT NULL,
    PRIMARY KEY (answer_id, user_id)
);
CREATE INDEX answer_votes_user ON answer_votes (user_id, answer_id);

-- The version an edit replaced, newest last; answer_id NULL for the question's own.
CREATE TABLE question_revisions (
    id          INTEGER PRIMARY KEY,
    question_id INTEGER NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
    answer_id   INTEGER REFERENCES answers (id) ON DELETE CASCADE,
    title       TEXT NOT NULL DEFAULT '',
    body        TEXT NOT NULL,
    tags        TEXT NOT NULL DEFAULT '',  -- comma-separated, as they were
    editor_id   INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at  TEXT NOT NULL
);
CREATE INDEX question_revisions_question ON question_revisions (question_id, id);
CREATE INDEX question_revisions_answer ON question_revisions (answer_id);
CREATE INDEX question_revisions_editor ON question_revisions (editor_id);

CREATE TABLE question_tags (
    question_id INTEGER NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
    tag         TEXT NOT NULL,
    position    INTEGER NOT NULL,
    PRIMARY KEY (question_id, tag)
);
CREATE INDEX question_tags_tag ON question_tags (tag, question_id);

-- What a tag is about, when someone said (a Stack Exchange tag's excerpt).
CREATE TABLE help_tags (
    name        TEXT PRIMARY KEY,
    description TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL
);

-- The accounts an import made for authors it brought (placeholders: no password, no
-- identity, so nobody signs in as them), keyed by the source's own ids so that
-- importing again finds them.
CREATE TABLE imported_accounts (
    source      TEXT NOT NULL,          -- stackexchange:SITE
    external_id TEXT NOT NULL,          -- the source's user id, or name: for deleted users
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    profile_url TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    PRIMARY KEY (source, external_id)
);
CREATE INDEX imported_accounts_user ON imported_accounts (user_id);

-- Seed 001's support model, the default routing an admin may change.
INSERT INTO settings (key, value) VALUES
    ('help.how-to.to', 'community'), ('help.how-to.channel', '#devops-how-to'), ('help.how-to.url', ''),
    ('help.sos.to', 'urgent'), ('help.sos.channel', '#devops-sos'), ('help.sos.url', ''),
    ('help.outage.to', 'platform'), ('help.outage.channel', '#devops-operations'), ('help.outage.url', ''),
    ('help.alerts.channel', '#devops-alerts'), ('help.alerts.url', ''),
    ('help.escalate_after_minutes', '30')
    ON CONFLICT (key) DO NOTHING;

-- The status page.
CREATE TABLE services (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    description TEXT NOT NULL DEFAULT '',
    position    INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX services_position ON services (position, id);

CREATE TABLE incidents (
    id          INTEGER PRIMARY KEY,
    title       TEXT NOT NULL,
    impact      TEXT NOT NULL CHECK (impact IN ('degraded', 'partial_outage', 'major_outage')),
    status      TEXT NOT NULL CHECK (status IN ('investigating', 'identified', 'monitoring', 'resolved')),
    started_at  TEXT NOT NULL,
    resolved_at TEXT,
    created_by  INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX incidents_open ON incidents (started_at, id) WHERE resolved_at IS NULL;
CREATE INDEX incidents_resolved ON incidents (resolved_at, id);
CREATE INDEX incidents_started ON incidents (started_at, id);
CREATE INDEX incidents_creator ON incidents (created_by);

CREATE TABLE incident_services (
    incident_id INTEGER NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    service_id  INTEGER NOT NULL REFERENCES services (id) ON DELETE CASCADE,
    PRIMARY KEY (incident_id, service_id)
);
CREATE INDEX incident_services_service ON incident_services (service_id, incident_id);

CREATE TABLE incident_updates (
    id          INTEGER PRIMARY KEY,
    incident_id INTEGER NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    status      TEXT NOT NULL CHECK (status IN ('investigating', 'identified', 'monitoring', 'resolved')),
    impact      TEXT NOT NULL CHECK (impact IN ('degraded', 'partial_outage', 'major_outage')),
    body        TEXT NOT NULL,
    author_id   INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at  TEXT NOT NULL
);
CREATE INDEX incident_updates_incident ON incident_updates (incident_id, created_at, id);
CREATE INDEX incident_updates_author ON incident_updates (author_id);

CREATE TABLE maintenance_windows (
    id          INTEGER PRIMARY KEY,
    title       TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    starts_at   TEXT NOT NULL,
    ends_at     TEXT NOT NULL,
    created_by  INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at  TEXT NOT NULL,
    CHECK (ends_at > starts_at)
);
CREATE INDEX maintenance_windows_ends ON maintenance_windows (ends_at, starts_at);
CREATE INDEX maintenance_windows_creator ON maintenance_windows (created_by);

CREATE TABLE maintenance_services (
    maintenance_id INTEGER NOT NULL REFERENCES maintenance_windows (id) ON DELETE CASCADE,
    service_id     INTEGER NOT NULL REFERENCES services (id) ON DELETE CASCADE,
    PRIMARY KEY (maintenance_id, service_id)
);
CREATE INDEX maintenance_services_service ON maintenance_services (service_id, maintenance_id);

-- The status page's feed reads the site's own incident and maintenance events.
CREATE INDEX events_site_kind ON events (kind, id) WHERE community_id IS NULL;

-- Topics and meetings written before they were indexed become searchable (the store
-- keeps them current from now on, with their Markdown as plain text).
INSERT INTO search_documents (kind, ref_id, community_id, visibility, title, updated_at)
    SELECT 'topic', id, community_id, 'public', title, updated_at FROM topics WHERE true
    ON CONFLICT (kind, ref_id) DO NOTHING;
INSERT INTO search_documents (kind, ref_id, community_id, visibility, title, updated_at)
    SELECT 'meeting', id, community_id, 'public', title, updated_at FROM meetings WHERE true
    ON CONFLICT (kind, ref_id) DO NOTHING;
INSERT INTO search_fts (rowid, title, body)
    SELECT d.id, t.title, t.body || char(10) || t.category FROM search_documents d JOIN topics t ON t.id = d.ref_id
    WHERE d.kind = 'topic' AND d.id NOT IN (SELECT rowid FROM search_fts);
INSERT INTO search_fts (rowid, title, body)
    SELECT d.id, m.title, coalesce((SELECT group_concat(t.title, char(10)) FROM agenda_items a JOIN topics t ON t.id = a.topic_id
        WHERE a.meeting_id = m.id), '') || char(10) || m.notes
    FROM search_documents d JOIN meetings m ON m.id = d.ref_id
    WHERE d.kind = 'meeting' AND d.id NOT IN (SELECT rowid FROM search_fts);
