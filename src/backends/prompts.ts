import type { Analysis } from "../pipeline/analyze.js";
import type { EvidenceUnit } from "../pipeline/types.js";
import { PROMPTS } from "./prompts.generated.js";

/** Fills `{{name}}` placeholders; an unknown placeholder is a bug, not an empty string. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
    if (!(name in values)) throw new Error(`prompt placeholder {{${name}}} has no value`);
    return String(values[name]);
  });
}

export function renderSystemPrompt(): string {
  return PROMPTS.system.trimEnd();
}

/**
 * The user prompt: a legend of the sources ("S1 = AP"), then the evidence units as `[ID] text` lines grouped
 * under the sources carrying them with their count of independent sources (said once per group, not per
 * line), most corroborated first and in story order within a group; then the known disagreements and the
 * sentence budget.
 *
 * @example
 * renderUserPrompt({ units: [unit], outletsOf: () => ["AP"], conflicts: [], maxSentences: 3 })
 * // "… Sources: S1 = AP\n\nFrom S1 (1 independent source):\n[E1] Talks begin Monday. …"
 */
export function renderUserPrompt(input: {
  units: EvidenceUnit[];
  outletsOf: (unit: EvidenceUnit) => string[];
  conflicts: { about: string; sides: string[][] }[];
  maxSentences: number;
}): string {
  const legend = new Map<string, string>();
  const groups = new Map<string, { sources: number; lines: string[] }>();
  for (const u of input.units) {
    const refs = input.outletsOf(u).map((name) => {
      let ref = legend.get(name);
      if (!ref) legend.set(name, (ref = `S${legend.size + 1}`));
      return ref;
    });
    const n = u.independentSources;
    const key = `From ${refs.join(" + ")} (${n} independent source${n === 1 ? "" : "s"}):`;
    const group = groups.get(key) ?? { sources: u.independentSources, lines: [] };
    group.lines.push(`[${u.id}] ${oneLine(u.text)}`);
    groups.set(key, group);
  }
  // Most corroborated first; a stable sort keeps first appearance (story order) among equals.
  const evidence = [...groups]
    .sort((a, b) => b[1].sources - a[1].sources)
    .map(([head, g]) => [head, ...g.lines].join("\n"))
    .join("\n\n");
  const conflicts =
    input.conflicts.length === 0
      ? "(none found)"
      : input.conflicts
          .map((c) => `- ${c.about}: ${c.sides.map((ids) => ids.map((id) => `[${id}]`).join(" ")).join(" versus ")}`)
          .join("\n");
  return fill(PROMPTS.user, {
    maxSentences: input.maxSentences,
    unitCount: input.units.length,
    sources: [...legend].map(([name, ref]) => `${ref} = ${oneLine(name)}`).join("; "),
    evidence,
    conflicts,
  }).trimEnd();
}

/**
 * The repair prompt: each failed sentence with its cited lines and the verifier's reasons.
 *
 * @example
 * const reasons = ['day "Tuesday" is not in the cited evidence'];
 * renderRepairPrompt([{ text: "Talks begin Tuesday.", evidence: [unit], reasons }])
 */
export function renderRepairPrompt(failures: { text: string; evidence: EvidenceUnit[]; reasons: string[] }[]): string {
  const blocks = failures.map((f, i) =>
    [
      `Sentence ${i + 1}: ${oneLine(f.text)}`,
      `Problems: ${f.reasons.join("; ")}`,
      "Cited evidence:",
      ...(f.evidence.length > 0
        ? f.evidence.map((u) => `[${u.id}] ${oneLine(u.text)}`)
        : ["(none: cite the lines that support it)"]),
    ].join("\n"),
  );
  return fill(PROMPTS.repair, { failures: blocks.join("\n\n") }).trimEnd();
}

/** Outlet names for a unit: each carrying article's `source`, else its id. */
export function outletsFor(analysis: Analysis): (unit: EvidenceUnit) => string[] {
  const names = new Map(analysis.articles.map((a) => [a.id, a.source ?? a.id]));
  return (unit) => [...new Set(unit.occurrences.map((o) => names.get(o.articleId) ?? o.articleId))];
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}
