import { readFileSync, readdirSync, statSync } from "node:fs";
import { basename, extname, join } from "node:path";

/**
 * The files the CLIs read articles from: each path as given, or a folder's files with one of `extensions`, in
 * name order.
 *
 * @example
 * articleFiles(["seeds"]) // ["seeds/000_8bd907fa7b7b92f9.txt", …]
 */
export function articleFiles(paths: string[], extensions: string[] = [".txt"]): string[] {
  const files = paths.flatMap((p) =>
    statSync(p).isDirectory()
      ? readdirSync(p)
          .filter((f) => extensions.includes(extname(f)))
          .sort()
          .map((f) => join(p, f))
      : [p],
  );
  if (files.length === 0) throw new Error(`no ${extensions.join(" or ")} articles found in ${paths.join(", ")}`);
  return files;
}

/**
 * An article's id from its file name: the name without its extension, characters an id may not hold as `_`.
 *
 * @example
 * fileArticleId("seeds/000 a.txt") // "000_a"
 */
export function fileArticleId(file: string): string {
  return basename(file, extname(file))
    .replace(/[^A-Za-z0-9._:-]/g, "_")
    .slice(0, 128);
}

/**
 * Articles from folders and `.txt` files, one article a file. The CLIs share it so that an article has the same
 * id whichever reads it.
 *
 * @example
 * readTextArticles(["seeds"]) // [{ id: "000_8bd907fa7b7b92f9", text: "…" }, …]
 */
export function readTextArticles(paths: string[]): { id: string; text: string }[] {
  return articleFiles(paths).map((f) => ({ id: fileArticleId(f), text: readFileSync(f, "utf8") }));
}
