/**
 * `npm run eval:author -- <suite>`: turns a hand-written answer (evals/replay/authored/<suite>.answers.json, its
 * evidence named by a phrase of the line) into a recording (evals/replay/<suite>.json) in exactly the format
 * `--backend llm` records, so that authored and recorded answers replay the same way. For use where no LLM is
 * reachable; a phrase that matches no evidence line, or several, is an error.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { analyze } from "../src/pipeline/analyze.js";
import { writeRecording, type Recording } from "./replay.js";
import { loadStorySuite, ROOT } from "./suite.js";

interface Authored {
  model: string;
  note: string;
  sentences: { text: string; evidence: string[] }[];
}

export function authorRecording(suiteName: string, authored: Authored): Recording {
  const { articles } = loadStorySuite(suiteName);
  const units = analyze(articles).units;
  const evidence: Record<string, string> = {};
  const sentences = authored.sentences.map((s) => ({
    text: s.text,
    evidence: s.evidence.map((phrase) => {
      const matches = units.filter((u) => u.text.includes(phrase));
      if (matches.length !== 1)
        throw new Error(
          `"${phrase}" matches ${matches.length} evidence lines in ${suiteName}; make it name exactly one`,
        );
      const unit = matches[0]!;
      evidence[unit.id] = unit.text.replace(/\s+/g, " ").trim();
      return unit.id;
    }),
  }));
  return {
    suite: suiteName,
    model: authored.model,
    recordedAt: "authored",
    note: authored.note,
    exchanges: [{ kind: "summarize", evidence, content: JSON.stringify({ sentences }) }],
  };
}

if (process.argv[1] && /author-replay\.ts$/.test(process.argv[1])) {
  const names = process.argv.slice(2);
  if (names.length === 0) {
    console.error("usage: npm run eval:author -- <suite> [<suite> …]");
    process.exit(2);
  }
  for (const name of names) {
    const authored = JSON.parse(
      readFileSync(join(ROOT, `evals/replay/authored/${name}.answers.json`), "utf8"),
    ) as Authored;
    writeRecording(join(ROOT, `evals/replay/${name}.json`), authorRecording(name, authored));
    console.log(`wrote evals/replay/${name}.json`);
  }
}
