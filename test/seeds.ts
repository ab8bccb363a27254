import { readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

const dir = fileURLToPath(new URL("../seeds/", import.meta.url));

/** The five seed articles, ids = file names without `.txt`, in file order (as the issue specifies). */
export const SEEDS = readdirSync(dir)
  .filter((f) => f.endsWith(".txt"))
  .sort()
  .map((f) => ({ id: f.replace(/\.txt$/, ""), text: readFileSync(dir + f, "utf8") }));
