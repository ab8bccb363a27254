/**
 * `npm run lint` (part of `npm test`): no line of the project's TypeScript is wider than 120 characters. Biome
 * wraps code at 120 but leaves long strings, regular expressions and comments alone; this catches those.
 * Generated files are skipped (their lines are the prompt files' own).
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

const WIDTH = 120;
const GENERATED = new Set(["src/backends/prompts.generated.ts"]);
const listed = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "*.ts"], {
  encoding: "utf8",
});
const files = listed.split("\n").filter((f) => f && !GENERATED.has(f) && !f.endsWith(".d.ts"));
const wide: string[] = [];
for (const file of files) {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    continue; // listed by git but deleted in the working tree
  }
  text.split("\n").forEach((line, i) => {
    const width = [...line].length;
    if (width > WIDTH) wide.push(`${file}:${i + 1}: ${width} characters`);
  });
}
if (wide.length > 0) {
  console.error(`lines wider than ${WIDTH} characters:\n${wide.join("\n")}`);
  process.exit(1);
}
console.log(`line width: ${files.length} files, every line within ${WIDTH} characters`);
