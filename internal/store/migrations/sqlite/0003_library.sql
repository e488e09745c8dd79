-- The resource library and site-wide search (issue 5).
-- Depends only on 0001: search_documents is fed by the store code of each kind
-- (communities and resources here; topics, meetings and questions as they arrive).

CREATE TABLE resources (
    id            INTEGER PRIMARY KEY,
    title         TEXT NOT NULL,
    description   TEXT NOT NULL DEFAULT '',
    resource_type TEXT NOT NULL DEFAULT '',
    url           TEXT NOT NULL DEFAULT '',
    community_id  INTEGER REFERENCES communities (id) ON DELETE CASCADE, -- NULL: site-wide
    visibility    TEXT NOT NULL CHECK (visibility IN ('public', 'signed-in', 'members')),
    source        TEXT UNIQUE,          -- the import key (a path); NULL when written in copse
    metadata      TEXT NOT NULL DEFAULT '{}', -- front matter keys copse does not know, as JSON
    content_hash  TEXT NOT NULL,        -- of everything imported, so a re-import can say "unchanged"
    review_by     TEXT,                 -- YYYY-MM-DD, after which the resource needs review
    reviewed_at   TEXT,
    reviewed_by   INTEGER REFERENCES users (id) ON DELETE SET NULL,
    merged_into   INTEGER REFERENCES resources (id) ON DELETE SET NULL, -- merged duplicates stay as redirects
    created_by    INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
CREATE INDEX resources_updated ON resources (updated_at, id);
CREATE INDEX resources_title ON resources (lower(title), id);
CREATE INDEX resources_community ON resources (community_id, updated_at);
CREATE INDEX resources_type ON resources (resource_type);
CREATE INDEX resources_review_by ON resources (review_by);
CREATE INDEX resources_merged ON resources (merged_into) WHERE merged_into IS NOT NULL; -- few rows; never used for "IS NULL"
CREATE INDEX resources_created_by ON resources (created_by);
CREATE INDEX resources_url ON resources (url); -- the same link is a duplicate

-- Bodies live apart, so that lists, facet counts and visibility checks read narrow
-- rows: a resource's Markdown may be a megabyte.
CREATE TABLE resource_bodies (
    resource_id INTEGER PRIMARY KEY REFERENCES resources (id) ON DELETE CASCADE,
    body        TEXT NOT NULL
);

CREATE TABLE resource_tags (
    resource_id INTEGER NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
    tag         TEXT NOT NULL,
    position    INTEGER NOT NULL,
    PRIMARY KEY (resource_id, tag)
);
CREATE INDEX resource_tags_tag ON resource_tags (tag, resource_id);

CREATE TABLE resource_personas (
    resource_id INTEGER NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
    persona     TEXT NOT NULL,
    position    INTEGER NOT NULL,
    PRIMARY KEY (resource_id, persona)
);
CREATE INDEX resource_personas_persona ON resource_personas (persona, resource_id);

CREATE TABLE resource_authors (
    resource_id INTEGER NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    name        TEXT NOT NULL,
    user_id     INTEGER REFERENCES users (id) ON DELETE SET NULL, -- when the name is a handle here
    PRIMARY KEY (resource_id, position)
);
CREATE INDEX resource_authors_user ON resource_authors (user_id);

-- Locality-sensitive hashes of each body's MinHash signature (one per band), to find
-- near-duplicate candidates without comparing every pair.
CREATE TABLE resource_bands (
    hash        INTEGER NOT NULL,
    resource_id INTEGER NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
    PRIMARY KEY (hash, resource_id)
);
CREATE INDEX resource_bands_resource ON resource_bands (resource_id);

-- Near-duplicate pairs, verified by exact shingle similarity when either was written.
CREATE TABLE resource_similar (
    resource_id INTEGER NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
    similar_id  INTEGER NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
    score       REAL NOT NULL,
    PRIMARY KEY (resource_id, similar_id),
    CHECK (resource_id < similar_id)
);
CREATE INDEX resource_similar_similar ON resource_similar (similar_id);

-- Everything search finds, one row per thing, whatever its kind. Visibility is
-- checked at query time against the row and its community, never after LIMIT.
-- The words live in search_fts alone, so that checking the visibility of every
-- match reads narrow rows.
CREATE TABLE search_documents (
    id           INTEGER PRIMARY KEY,
    kind         TEXT NOT NULL,     -- community, resource, topic, meeting, question
    ref_id       INTEGER NOT NULL,  -- the id of the thing in its own table
    community_id INTEGER REFERENCES communities (id) ON DELETE CASCADE,
    visibility   TEXT NOT NULL CHECK (visibility IN ('public', 'signed-in', 'members')),
    title        TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    UNIQUE (kind, ref_id)
);
CREATE INDEX search_documents_community ON search_documents (community_id);

-- FTS5 keyed by search_documents.id: porter stemming, accents folded.
CREATE VIRTUAL TABLE search_fts USING fts5(title, body, tokenize = 'porter unicode61 remove_diacritics 2');
-- A document that goes (its thing deleted, its community deleted) takes its words along.
CREATE TRIGGER search_documents_ad AFTER DELETE ON search_documents BEGIN
    DELETE FROM search_fts WHERE rowid = old.id;
END;

-- Communities that exist already become searchable.
INSERT INTO search_documents (kind, ref_id, community_id, visibility, title, updated_at)
    SELECT 'community', id, id, visibility, name, updated_at FROM communities;
INSERT INTO search_fts (rowid, title, body)
    SELECT d.id, c.name, c.subject || char(10) || c.description FROM search_documents d JOIN communities c ON c.id = d.ref_id;
