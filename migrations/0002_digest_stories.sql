-- The digest as built: one row per digest (its header) and one per story, written in one batch so that a
-- digest exists whole or not at all, and no row grows past D1's 2 MB limit however many stories a window has.
-- `articles.fetched_at` is when the service first saw an article: digest windows are over it.
CREATE UNIQUE INDEX IF NOT EXISTS articles_hash_unique ON articles(content_hash);
CREATE INDEX IF NOT EXISTS articles_first_seen ON articles(fetched_at);

CREATE TABLE IF NOT EXISTS digest_stories (
  digest_id TEXT NOT NULL,
  position INTEGER NOT NULL,
  story_id TEXT NOT NULL,
  body TEXT NOT NULL,
  PRIMARY KEY (digest_id, position)
);

-- A digest whose stories are being summarized by queue consumers: the stories to do and those done. When the
-- last story is done, the digest is assembled from these rows and written like any other.
CREATE TABLE IF NOT EXISTS digest_runs (
  id TEXT PRIMARY KEY,
  created_at TEXT NOT NULL,
  window_from TEXT NOT NULL,
  window_to TEXT NOT NULL,
  story_count INTEGER NOT NULL,
  finished_at TEXT
);
CREATE TABLE IF NOT EXISTS digest_run_stories (
  run_id TEXT NOT NULL,
  position INTEGER NOT NULL,
  story_group TEXT NOT NULL,
  result TEXT,
  PRIMARY KEY (run_id, position)
);
