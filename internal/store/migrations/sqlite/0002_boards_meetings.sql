-- Topic boards, meetings with their agendas, notes, materials and attendance, the
-- private calendar feeds, and the events that notifications are sent from.

-- A community's series (its cadence as one recurring calendar event) changes when the
-- cadence does, or when an occurrence is cancelled or restored; calendars need a
-- SEQUENCE that grows with each change. The trigger counts cadence changes whoever
-- makes them; the meeting store counts the exceptions.
ALTER TABLE communities ADD COLUMN series_sequence INTEGER NOT NULL DEFAULT 0;

CREATE TRIGGER communities_series_sequence AFTER UPDATE OF cadence_rrule, cadence_timezone, cadence_minutes ON communities
FOR EACH ROW WHEN OLD.cadence_rrule IS NOT NEW.cadence_rrule OR OLD.cadence_timezone IS NOT NEW.cadence_timezone
    OR OLD.cadence_minutes IS NOT NEW.cadence_minutes
BEGIN
    UPDATE communities SET series_sequence = series_sequence + 1 WHERE id = NEW.id;
END;

-- A board's categories, as a JSON array of {name, description}; no row means the
-- default categories, an empty array none.
CREATE TABLE boards (
    community_id INTEGER PRIMARY KEY REFERENCES communities (id) ON DELETE CASCADE,
    categories   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);

CREATE TABLE meetings (
    id                  INTEGER PRIMARY KEY,
    community_id        INTEGER NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    title               TEXT NOT NULL,
    starts_at           TEXT NOT NULL,
    ends_at             TEXT NOT NULL,
    timezone            TEXT NOT NULL,
    location            TEXT NOT NULL DEFAULT '',
    status              TEXT NOT NULL CHECK (status IN ('scheduled', 'held', 'cancelled')),
    occurrence_at       TEXT,           -- the cadence's start for this occurrence (RECURRENCE-ID); NULL for a one-off
    notes               TEXT NOT NULL DEFAULT '',
    agenda_published_at TEXT,
    notes_published_at  TEXT,
    sequence            INTEGER NOT NULL DEFAULT 0,
    created_by          INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL
);
CREATE INDEX meetings_community_starts ON meetings (community_id, starts_at, id);
CREATE UNIQUE INDEX meetings_occurrence ON meetings (community_id, occurrence_at);

CREATE TABLE topics (
    id           INTEGER PRIMARY KEY,
    community_id INTEGER NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    title        TEXT NOT NULL,
    body         TEXT NOT NULL DEFAULT '',
    category     TEXT NOT NULL DEFAULT '',
    stage        TEXT NOT NULL CHECK (stage IN ('proposed', 'planned', 'discussed', 'action', 'done', 'declined')),
    votes        INTEGER NOT NULL DEFAULT 0,  -- count of topic_votes, kept in the same transaction
    proposer_id  INTEGER REFERENCES users (id) ON DELETE SET NULL,
    owner_id     INTEGER REFERENCES users (id) ON DELETE SET NULL,
    meeting_id   INTEGER REFERENCES meetings (id) ON DELETE SET NULL,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);
CREATE INDEX topics_board ON topics (community_id, votes DESC, created_at, id);
CREATE INDEX topics_stage ON topics (community_id, stage, votes DESC, created_at, id);
CREATE INDEX topics_meeting ON topics (meeting_id);
CREATE INDEX topics_proposer ON topics (proposer_id);
CREATE INDEX topics_owner ON topics (owner_id);

CREATE TABLE topic_votes (
    topic_id   INTEGER NOT NULL REFERENCES topics (id) ON DELETE CASCADE,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    PRIMARY KEY (topic_id, user_id)
);
CREATE INDEX topic_votes_user ON topic_votes (user_id, topic_id);

CREATE TABLE agenda_items (
    meeting_id INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    topic_id   INTEGER NOT NULL REFERENCES topics (id) ON DELETE CASCADE,
    PRIMARY KEY (meeting_id, position),
    UNIQUE (meeting_id, topic_id)
);
CREATE INDEX agenda_items_topic ON agenda_items (topic_id);

CREATE TABLE meeting_materials (
    meeting_id INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    title      TEXT NOT NULL,
    url        TEXT NOT NULL,
    PRIMARY KEY (meeting_id, position)
);

CREATE TABLE meeting_attendees (
    meeting_id INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    rsvp       TEXT NOT NULL DEFAULT '' CHECK (rsvp IN ('', 'yes', 'no', 'maybe')),
    attended   BOOLEAN NOT NULL DEFAULT FALSE,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (meeting_id, user_id)
);
CREATE INDEX meeting_attendees_user ON meeting_attendees (user_id);

-- One private calendar feed per person; its address holds a secret, stored hashed.
CREATE TABLE calendar_tokens (
    user_id    INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
);

-- What happened, written in the same transaction as the change, for notifications
-- (reminders, announcements, webhooks) to deliver later: an outbox.
CREATE TABLE events (
    id           INTEGER PRIMARY KEY,
    kind         TEXT NOT NULL,              -- meeting.scheduled, agenda.published, notes.published, …
    community_id INTEGER REFERENCES communities (id) ON DELETE CASCADE,
    subject_type TEXT NOT NULL,              -- meeting, topic
    subject_id   INTEGER NOT NULL,
    payload      TEXT NOT NULL,              -- JSON
    created_at   TEXT NOT NULL,
    delivered_at TEXT
);
CREATE INDEX events_pending ON events (id) WHERE delivered_at IS NULL;
CREATE INDEX events_community ON events (community_id, id);
CREATE INDEX events_subject ON events (subject_type, subject_id);
