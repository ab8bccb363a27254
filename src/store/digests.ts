import type { Digest, DigestListItem, DigestStory, StoryGroup } from "../digest/types.js";

interface DigestRow {
  id: string;
  created_at: string;
  window_from: string;
  window_to: string;
  body: string;
}

/**
 * Writes a digest whole: its header and one row per story in one batch (one transaction). A digest with the
 * same id (the same window's articles) is left as it is, so running a window again duplicates nothing.
 * Returns false when the digest was already stored.
 *
 * @example
 * await saveDigest(env.DB, digest) // true the first time, false after
 */
export async function saveDigest(db: D1Database, digest: Digest): Promise<boolean> {
  const exists = await db.prepare("SELECT 1 FROM digests WHERE id = ?").bind(digest.id).first();
  if (exists) return false;
  const header = { stories: digest.stories.length };
  const statements = [
    db
      .prepare("INSERT OR IGNORE INTO digests (id, created_at, window_from, window_to, body) VALUES (?, ?, ?, ?, ?)")
      .bind(digest.id, digest.createdAt, digest.window.from, digest.window.to, JSON.stringify(header)),
    ...digest.stories.map((s, i) =>
      db
        .prepare("INSERT OR IGNORE INTO digest_stories (digest_id, position, story_id, body) VALUES (?, ?, ?, ?)")
        .bind(digest.id, i, s.id, JSON.stringify(s)),
    ),
  ];
  const results = await db.batch(statements);
  return (results[0]?.meta.changes ?? 0) > 0;
}

async function assemble(db: D1Database, row: DigestRow): Promise<Digest> {
  const stories = await db
    .prepare("SELECT body FROM digest_stories WHERE digest_id = ? ORDER BY position")
    .bind(row.id)
    .all<{ body: string }>();
  return {
    id: row.id,
    createdAt: row.created_at,
    window: { from: row.window_from, to: row.window_to },
    stories: stories.results.map((s) => JSON.parse(s.body) as DigestStory),
  };
}

/** The digest with this id, or null. */
export async function getDigest(db: D1Database, id: string): Promise<Digest | null> {
  const row = await db.prepare("SELECT * FROM digests WHERE id = ?").bind(id).first<DigestRow>();
  return row ? assemble(db, row) : null;
}

/** The newest digest, or null when there has never been one. */
export async function latestDigest(db: D1Database): Promise<Digest | null> {
  const row = await db.prepare("SELECT * FROM digests ORDER BY created_at DESC, id DESC LIMIT 1").first<DigestRow>();
  return row ? assemble(db, row) : null;
}

/**
 * Digests newest first; `before` (ISO 8601) pages back from a `createdAt`.
 *
 * @example
 * await listDigests(env.DB, { limit: 20 }) // [{ id, createdAt, window, stories: 12 }, …]
 */
export async function listDigests(
  db: D1Database,
  options: { limit: number; before?: string },
): Promise<DigestListItem[]> {
  const rows = await db
    .prepare(
      `SELECT d.id, d.created_at, d.window_from, d.window_to,
              (SELECT COUNT(*) FROM digest_stories s WHERE s.digest_id = d.id) AS stories
       FROM digests d WHERE (?1 IS NULL OR d.created_at < ?1) ORDER BY d.created_at DESC, d.id DESC LIMIT ?2`,
    )
    .bind(options.before ?? null, options.limit)
    .all<{ id: string; created_at: string; window_from: string; window_to: string; stories: number }>();
  return rows.results.map((r) => ({
    id: r.id,
    createdAt: r.created_at,
    window: { from: r.window_from, to: r.window_to },
    stories: r.stories,
  }));
}

/**
 * Where the next digest's window starts: the end of the last window taken, by a stored digest or by a run
 * still being summarized by queue consumers (so two runs never take the same articles).
 */
export async function lastWindowEnd(db: D1Database): Promise<string | null> {
  const row = await db
    .prepare(
      `SELECT MAX(w) AS end FROM (SELECT MAX(window_to) AS w FROM digests
       UNION ALL SELECT MAX(window_to) FROM digest_runs)`,
    )
    .first<{ end: string | null }>();
  return row?.end ?? null;
}

/** A digest being built by queue consumers: its header and its stories to summarize. */
export interface DigestRun {
  id: string;
  createdAt: string;
  window: { from: string; to: string };
  groups: StoryGroup[];
}

/** Records a run and its stories before any message is sent, so a consumer always finds its story. */
export async function createRun(db: D1Database, run: DigestRun): Promise<void> {
  await db.batch([
    db
      .prepare(
        `INSERT OR IGNORE INTO digest_runs (id, created_at, window_from, window_to, story_count)
         VALUES (?, ?, ?, ?, ?)`,
      )
      .bind(run.id, run.createdAt, run.window.from, run.window.to, run.groups.length),
    ...run.groups.map((g, i) =>
      db
        .prepare("INSERT OR IGNORE INTO digest_run_stories (run_id, position, story_group) VALUES (?, ?, ?)")
        .bind(run.id, i, JSON.stringify(g)),
    ),
  ]);
}

/** The story group at `position` of a run, or null when the run or story is unknown. */
export async function runStory(db: D1Database, runId: string, position: number): Promise<StoryGroup | null> {
  const row = await db
    .prepare("SELECT story_group FROM digest_run_stories WHERE run_id = ? AND position = ?")
    .bind(runId, position)
    .first<{ story_group: string }>();
  return row ? (JSON.parse(row.story_group) as StoryGroup) : null;
}

/**
 * Stores one story's result and, when it was the run's last, returns the whole digest, ready to be saved
 * (exactly one caller gets it: finishing is claimed with a conditional update). Otherwise null.
 */
export async function completeRunStory(
  db: D1Database,
  runId: string,
  position: number,
  story: DigestStory,
  now: string,
): Promise<Digest | null> {
  await db
    .prepare("UPDATE digest_run_stories SET result = ? WHERE run_id = ? AND position = ?")
    .bind(JSON.stringify(story), runId, position)
    .run();
  const left = await db
    .prepare("SELECT COUNT(*) AS n FROM digest_run_stories WHERE run_id = ? AND result IS NULL")
    .bind(runId)
    .first<{ n: number }>();
  if ((left?.n ?? 1) > 0) return null;
  const claimed = await db
    .prepare("UPDATE digest_runs SET finished_at = ? WHERE id = ? AND finished_at IS NULL")
    .bind(now, runId)
    .run();
  if (claimed.meta.changes === 0) return null;
  const run = await db.prepare("SELECT * FROM digest_runs WHERE id = ?").bind(runId).first<{
    id: string;
    created_at: string;
    window_from: string;
    window_to: string;
  }>();
  const stories = await db
    .prepare("SELECT result FROM digest_run_stories WHERE run_id = ? ORDER BY position")
    .bind(runId)
    .all<{ result: string }>();
  if (!run) return null;
  return {
    id: run.id,
    createdAt: run.created_at,
    window: { from: run.window_from, to: run.window_to },
    stories: stories.results.map((s) => JSON.parse(s.result) as DigestStory),
  };
}
