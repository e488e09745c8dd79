-- content_version moves on with every change to what pages show (store.DB.update),
-- so that caches of rendered pages, on any instance, know when they are stale.
CREATE TABLE content_version (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    n  BIGINT NOT NULL
);
INSERT INTO content_version (id, n) VALUES (1, 0);
