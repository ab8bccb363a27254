import { basename, join } from "node:path";
import { readFileSync, readdirSync, statSync } from "node:fs";

/**
 * Articles from folders and `.txt` files, one article a file, id = the file name without `.txt` (characters an
 * id may not hold become `_`). The CLIs share it so that an article has the same id whichever reads it.
 *
 * @example
 * readTextArticles(["seeds"]) // [{ id: "000_8bd907fa7b7b92f9", text: "…" }, …]
 */
export function readTextArticles(paths: string[]): { id: string; text: string }[] {
  const files = paths.flatMap((p) =>
    statSync(p).isDirectory()
      ? readdirSync(p)
          .filter((f) => f.endsWith(".txt"))
          .sort()
          .map((f) => join(p, f))
      : [p],
  );
  if (files.length === 0) throw new Error(`no .txt articles found in ${paths.join(", ")}`);
  return files.map((f) => ({
    id: basename(f)
      .replace(/\.txt$/, "")
      .replace(/[^A-Za-z0-9._:-]/g, "_"),
    text: readFileSync(f, "utf8"),
  }));
}
