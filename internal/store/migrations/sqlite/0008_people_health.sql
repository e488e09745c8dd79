-- People, teams, recognition, journeys and community health (issue 8).
-- Depends on 0001-0006 only: the help tables (0007) are read by queries, never
-- referenced by keys here, so the two can land in either order.

-- Profiles. Employment is what seed 001's team rule needs (the Product Owner and the
-- Technical Steward should be employees); show_organisation FALSE is seed 004's
-- "badgeless" participation: the organisation and employment stay off the profile.
ALTER TABLE users ADD COLUMN employment TEXT NOT NULL DEFAULT '' CHECK (employment IN ('', 'employee', 'contractor', 'vendor'));
ALTER TABLE users ADD COLUMN show_organisation BOOLEAN NOT NULL DEFAULT TRUE;

-- What people say they know. Claims are shown, never ranked: the expert finder ranks
-- by what people did.
CREATE TABLE user_expertise (
    user_id  INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    tag      TEXT NOT NULL,
    position INTEGER NOT NULL,
    PRIMARY KEY (user_id, tag)
);
CREATE INDEX user_expertise_tag ON user_expertise (tag, user_id);

-- Seed 002's "3-5 hours a month for active members", as each member declares it for
-- each community; NULL when not declared.
ALTER TABLE members ADD COLUMN commitment_hours INTEGER CHECK (commitment_hours IS NULL OR commitment_hours BETWEEN 0 AND 160);

-- The points ledger: one row per rule, subject and person, so that every point can be
-- explained ("5 for presenting Terraform state in CI") and a rule run twice awards
-- nothing twice. Rows are derived from what happened by the rules of recognition.go.
CREATE TABLE points (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    rule         TEXT NOT NULL,
    subject_id   INTEGER NOT NULL,
    community_id INTEGER REFERENCES communities (id) ON DELETE CASCADE,
    visibility   TEXT NOT NULL CHECK (visibility IN ('public', 'signed-in', 'members')), -- the subject's, so lists hide what a reader may not see
    points       INTEGER NOT NULL,
    title        TEXT NOT NULL DEFAULT '',  -- the subject's title when it was earned
    earned_at    TEXT NOT NULL,             -- when the helpful thing happened
    created_at   TEXT NOT NULL,
    UNIQUE (rule, subject_id, user_id)
);
CREATE INDEX points_user ON points (user_id, earned_at);
CREATE INDEX points_community ON points (community_id, earned_at);

-- The ladder of seed 000 (early adopter → influencer → steward), per community: the
-- data suggests, a facilitator confirms or declines.
CREATE TABLE promotions (
    community_id INTEGER NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    stage        TEXT NOT NULL CHECK (stage IN ('early-adopter', 'influencer', 'steward')),
    status       TEXT NOT NULL CHECK (status IN ('suggested', 'confirmed', 'declined')),
    evidence     TEXT NOT NULL DEFAULT '',
    suggested_at TEXT NOT NULL,
    decided_by   INTEGER REFERENCES users (id) ON DELETE SET NULL,
    decided_at   TEXT,
    PRIMARY KEY (community_id, user_id, stage)
);
CREATE INDEX promotions_pending ON promotions (community_id, status, suggested_at);
CREATE INDEX promotions_user ON promotions (user_id, status);
CREATE INDEX promotions_decider ON promotions (decided_by);

-- Delivery teams and the people in their roles (seed 001). compliance is the rule's
-- verdict, kept at each change to the team, its exceptions or its people's
-- employment, so the list of teams out of compliance is one indexed read.
CREATE TABLE teams (
    id           INTEGER PRIMARY KEY,
    slug         TEXT NOT NULL UNIQUE,
    name         TEXT NOT NULL,
    description  TEXT NOT NULL DEFAULT '',
    community_id INTEGER REFERENCES communities (id) ON DELETE SET NULL,
    compliance   TEXT NOT NULL DEFAULT 'ok' CHECK (compliance IN ('ok', 'warning', 'error')),
    created_by   INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);
CREATE INDEX teams_compliance ON teams (compliance, slug);
CREATE INDEX teams_community ON teams (community_id);
CREATE INDEX teams_creator ON teams (created_by);

CREATE TABLE team_roles (
    team_id  INTEGER NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    user_id  INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role     TEXT NOT NULL,   -- product-owner, technical-steward, scrum-master, devops-specialist, or another role's name
    position INTEGER NOT NULL,
    PRIMARY KEY (team_id, role, user_id)
);
CREATE INDEX team_roles_user ON team_roles (user_id, team_id);

-- An exception to the rule, recorded with its reason and who allowed it and when.
CREATE TABLE team_exceptions (
    team_id    INTEGER NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    rule       TEXT NOT NULL,   -- product-owner.missing, technical-steward.employee, …
    reason     TEXT NOT NULL,
    created_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (team_id, rule)
);
CREATE INDEX team_exceptions_creator ON team_exceptions (created_by);

-- Onboarding journeys (seed 001): checklists admins edit, and each person's progress.
CREATE TABLE journeys (
    id          INTEGER PRIMARY KEY,
    slug        TEXT NOT NULL UNIQUE,
    title       TEXT NOT NULL,
    audience    TEXT NOT NULL CHECK (audience IN ('person', 'team', 'facilitator')),
    description TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);

CREATE TABLE journey_steps (
    id         INTEGER PRIMARY KEY,
    journey_id INTEGER NOT NULL REFERENCES journeys (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    title      TEXT NOT NULL,
    body       TEXT NOT NULL DEFAULT '',  -- Markdown
    link       TEXT NOT NULL DEFAULT '',  -- a path here (/communities/iac, /library/12) or an http(s) address
    done_when  TEXT NOT NULL DEFAULT '' CHECK (done_when IN ('', 'account', 'member', 'profile')) -- ticked by itself
);
CREATE INDEX journey_steps_journey ON journey_steps (journey_id, position);

CREATE TABLE journey_progress (
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    step_id INTEGER NOT NULL REFERENCES journey_steps (id) ON DELETE CASCADE,
    done_at TEXT NOT NULL,
    PRIMARY KEY (user_id, step_id)
);
CREATE INDEX journey_progress_step ON journey_progress (step_id);

-- One monthly report per facilitator, community and month, whoever's sweep finds it due.
CREATE TABLE facilitator_reports (
    community_id INTEGER NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    month        TEXT NOT NULL,  -- 2026-02, the month the report covers
    created_at   TEXT NOT NULL,
    PRIMARY KEY (community_id, user_id, month)
);
CREATE INDEX facilitator_reports_user ON facilitator_reports (user_id);

-- A community's health score once a day, for the trend on its health page.
CREATE TABLE health_snapshots (
    community_id INTEGER NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    day          TEXT NOT NULL,  -- 2026-03-02 (UTC)
    score        INTEGER NOT NULL,
    PRIMARY KEY (community_id, day)
);

-- Indexes for the contribution and activity queries of recognition and health.
CREATE INDEX meetings_created_by ON meetings (created_by, status);
CREATE INDEX topics_community_created ON topics (community_id, created_at);
CREATE INDEX resources_community_created ON resources (community_id, created_at);
CREATE INDEX announcements_community_created ON announcements (community_id, created_at);
CREATE INDEX members_community_joined ON members (community_id, joined_at);

-- The default journeys follow seed 001's welcome to the platform community.
INSERT INTO journeys (slug, title, audience, description, created_at, updated_at) VALUES
    ('welcome', 'Welcome to the community', 'person', 'Your first steps here: the same ones every newcomer to a community-supported platform takes.', strftime('%Y-%m-%dT%H:%M:%S.000000Z', 'now'), strftime('%Y-%m-%dT%H:%M:%S.000000Z', 'now')),
    ('new-team', 'Setting up a new team', 'team', 'What a delivery team needs before it starts: its people in the right roles, and a way to be found.', strftime('%Y-%m-%dT%H:%M:%S.000000Z', 'now'), strftime('%Y-%m-%dT%H:%M:%S.000000Z', 'now')),
    ('new-facilitator', 'Facilitating a community', 'facilitator', 'For a new facilitator: what keeps a community of practice alive.', strftime('%Y-%m-%dT%H:%M:%S.000000Z', 'now'), strftime('%Y-%m-%dT%H:%M:%S.000000Z', 'now'));

INSERT INTO journey_steps (journey_id, position, title, body, link, done_when)
    SELECT j.id, s.position, s.title, s.body, s.link, s.done_when FROM journeys j JOIN (
        SELECT 'welcome' AS slug, 1 AS position, 'Get an account' AS title, 'You have one: you are reading this signed in.' AS body, '/account' AS link, 'account' AS done_when
        UNION ALL SELECT 'welcome', 2, 'Join the chat', 'Chat is core to how we work: most help happens there. Find each community''s channel on its page and join it.', '/communities', ''
        UNION ALL SELECT 'welcome', 3, 'Find your help channels', 'Your first stop for help is always the community: a non-urgent question goes to the how-to channel, an urgent production issue to the SOS channel, and a suspected outage to the status page first.', '/communities', ''
        UNION ALL SELECT 'welcome', 4, 'Meet the community', 'Join a community of practice and come to its next meeting.', '/communities', 'member'
        UNION ALL SELECT 'welcome', 5, 'Read the shared docs', 'Look through the library before asking: someone may have written it down already.', '/library', ''
        UNION ALL SELECT 'welcome', 6, 'Say what you know', 'Add your expertise to your profile, so that people can find you when they need help.', '/account/profile', 'profile'
        UNION ALL SELECT 'new-team', 1, 'Name your Product Owner and Technical Steward', 'Every team must have both, and both should be employees: the life of your products suffers without staff held responsible.', '/teams/new', ''
        UNION ALL SELECT 'new-team', 2, 'Add a Scrum Master and a DevOps Specialist', 'Not strictly required, but experience says you will have a bad time without them.', '/teams', ''
        UNION ALL SELECT 'new-team', 3, 'Give everyone on the team a chat account', 'You need one before you can do much of anything else.', '', ''
        UNION ALL SELECT 'new-team', 4, 'Open your code', 'If it can be open, it should be.', '', ''
        UNION ALL SELECT 'new-facilitator', 1, 'Write the charter', 'A vision and terms of reference, focused enough that people know what belongs: a community that tries to boil the ocean loses interest.', '/communities', ''
        UNION ALL SELECT 'new-facilitator', 2, 'Set a monthly cadence', 'The core team should meet once a month to keep content maintained and updated.', '/communities', ''
        UNION ALL SELECT 'new-facilitator', 3, 'Open the topic board', 'Members add topics they want to discuss and vote for them.', '/communities', ''
        UNION ALL SELECT 'new-facilitator', 4, 'Watch your community''s health', 'It warns before a community fizzles out, and says what to do next.', '/health', ''
    ) s ON s.slug = j.slug;
