/**
 * `npm run bench:nlp`: should a kept NLP package replace the hand-written stemmer, irregular forms and negation
 * cues of `src/pipeline/lexicon.ts`? Compares our `stem()`, wink-nlp (English lite web model) and compromise on
 * the same inputs: lemma accuracy and pair agreement on a hand-labelled list (bench/data/lemmas.json), negation
 * scope on hand-written claim/evidence pairs (bench/data/negation-pairs.json), speed on the seeds, and the size of
 * a worker bundle with each, run once in workerd through Miniflare. Corpora (seeds, eval stories, QAGS articles
 * when present) are read at run time only, for word frequencies and in-context lemmas.
 * Prints one table; writes bench/out/nlp-trial.json.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import nlp from "compromise";
import { build } from "esbuild";
import { Miniflare } from "miniflare";
import model from "wink-eng-lite-web-model";
import winkNLP, { type ItemToken } from "wink-nlp";
import { clean } from "../src/pipeline/clean.js";
import { STOPWORDS, stem, tokenize } from "../src/pipeline/lexicon.js";
import { segment } from "../src/pipeline/segment.js";
import { checkClaim } from "../src/pipeline/verify.js";
import { nodeStartup } from "./bundle.js";
import { rng } from "./inputs.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const require = createRequire(import.meta.url);
const QAGS = join(root, "../shared/data/qags");
const quick = process.argv.includes("--quick");

// ---------- corpora (read at run time, never committed) ----------

function walkStrings(x: unknown, out: string[]): void {
  if (typeof x === "string") out.push(x);
  else if (Array.isArray(x)) for (const v of x) walkStrings(v, out);
  else if (x && typeof x === "object") for (const v of Object.values(x)) walkStrings(v, out);
}

function filesUnder(dir: string, ext: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .map((f) => join(dir, f))
    .filter((f) => f.endsWith(ext) && statSync(f).isFile());
}

const seedFiles = filesUnder(join(root, "seeds"), ".txt").sort();
const seeds = seedFiles.map((f) => readFileSync(f, "utf8"));
const texts: string[] = [...seeds];
for (const f of filesUnder(join(root, "evals/data"), ".json")) walkStrings(JSON.parse(readFileSync(f, "utf8")), texts);
let qagsArticles = 0;
for (const f of filesUnder(QAGS, ".jsonl")) {
  for (const line of readFileSync(f, "utf8").split("\n")) {
    if (!line.trim()) continue;
    texts.push((JSON.parse(line) as { article: string }).article);
    qagsArticles++;
  }
}

const sentenceSplitter = new Intl.Segmenter("en", { granularity: "sentence" });
const corpusSentences = texts.flatMap((t) => [...sentenceSplitter.segment(t)].map((s) => s.segment.trim()));
const frequency = new Map<string, number>();
for (const t of texts)
  for (const w of t.toLowerCase().match(/[a-z]+/g) ?? []) frequency.set(w, (frequency.get(w) ?? 0) + 1);
const freq = (w: string) => frequency.get(w) ?? 0;

/** The first corpus sentence (short ones first) that writes `form` in lower case: its context for a lemmatizer. */
const contextOf = new Map<string, string>();
{
  const byLength = corpusSentences.filter((s) => s.length < 300).sort((a, b) => a.length - b.length);
  const forms = Object.keys(loadLemmas());
  for (const s of byLength) {
    const words = new Set(s.match(/[a-z]+/g) ?? []);
    for (const f of forms) if (!contextOf.has(f) && words.has(f)) contextOf.set(f, s);
    if (contextOf.size === forms.length) break;
  }
}

function loadLemmas(): Record<string, string> {
  return (JSON.parse(readFileSync(join(root, "bench/data/lemmas.json"), "utf8")) as { forms: Record<string, string> })
    .forms;
}

// ---------- the systems ----------

const wink = winkNLP(model);
const its = wink.its;
// The package's types give `its.lemma` the helper's inner signature; at run time it is an ordinary its-function.
const LEMMA = its.lemma as unknown as typeof its.normal;

interface Lemmatizer {
  name: string;
  /** The key of one word on its own. */
  isolated(word: string): string;
  /** The key of `word` where it stands in `sentence` (its first lower-case occurrence). */
  inContext(sentence: string, word: string): string | undefined;
}

const ours: Lemmatizer = {
  name: "ours stem()",
  isolated: (w) => stem(w),
  // Context-free: the same key wherever the word stands.
  inContext: (_s, w) => stem(w),
};

const winkLemma: Lemmatizer = {
  name: "wink-nlp lemma",
  isolated: (w) => (wink.readDoc(w).tokens().out(LEMMA)[0] ?? w).toLowerCase(),
  inContext(sentence, word) {
    const tokens = wink.readDoc(sentence).tokens();
    const i = tokens.out().indexOf(word);
    return i < 0 ? undefined : (tokens.itemAt(i).out(LEMMA) as string).toLowerCase();
  },
};

interface CompromiseTerm {
  text: string;
  normal: string;
  root?: string;
  tags: string[];
}
function compromiseTerms(text: string): CompromiseTerm[][] {
  const doc = nlp(text);
  doc.compute("root");
  return (doc.json() as { terms: CompromiseTerm[] }[]).map((s) => s.terms);
}
// compromise roots the copula as "is"; the labels use "be". Only this convention is mapped, and only here.
const compromiseKey = (t: CompromiseTerm) => {
  const k = (t.root ?? t.normal).toLowerCase();
  return k === "is" ? "be" : k;
};

const compromiseRoot: Lemmatizer = {
  name: "compromise root",
  isolated: (w) => {
    const t = compromiseTerms(w)[0]?.[0];
    return t ? compromiseKey(t) : w;
  },
  inContext(sentence, word) {
    const t = compromiseTerms(sentence)
      .flat()
      .find((x) => x.normal === word);
    return t ? compromiseKey(t) : undefined;
  },
};

/**
 * Our stemmer with the one-line fix this trial points to: an irregular form's base is stemmed like any other
 * word, so "made" meets "make" ("mak"). The table is read from lexicon.ts's source (src/ is read-only here).
 */
const IRREGULAR = new Map(
  [
    ...(
      /const IRREGULAR = [\s\S]*?\n\);/.exec(readFileSync(join(root, "src/pipeline/lexicon.ts"), "utf8"))?.[0] ?? ""
    ).matchAll(/^\s+(\w+): "(\w+)",$/gm),
  ].map((m) => [m[1]!, m[2]!]),
);
const oursFixed: Lemmatizer = {
  name: "ours, irregular stemmed",
  isolated: (w) => (IRREGULAR.has(w) ? stem(IRREGULAR.get(w)!) : stem(w)),
  inContext: (_s, w) => oursFixed.isolated(w),
};

/**
 * The WordNet exception lists that wink's model ships (irregular verb, noun and adjective forms, MIT): a table a
 * maintained package keeps for us, looked up before our fixed stemmer, with no model and no parts of speech.
 */
const wordnet = ["verb", "noun", "adjective"].map(
  (p) => require(`wink-eng-lite-web-model/dist/wn-${p}-exceptions.js`) as Record<string, string>,
);
const exceptionOf = (w: string) => wordnet[0]![w] ?? wordnet[1]![w] ?? wordnet[2]![w];
const oursWordnet: Lemmatizer = {
  name: "ours fixed+WordNet exc.",
  isolated: (w) => {
    const e = exceptionOf(w);
    return e === undefined ? oursFixed.isolated(w) : stem(e);
  },
  inContext: (_s, w) => oursWordnet.isolated(w),
};

/** wink-nlp's lemma fed to our stemmer: irregular forms from the package, suffix families ("vote"/"voting") joined. */
const winkThenStem: Lemmatizer = {
  name: "wink lemma→stem()",
  isolated: (w) => stem(winkLemma.isolated(w)),
  inContext(sentence, word) {
    const l = winkLemma.inContext(sentence, word);
    return l === undefined ? undefined : stem(l);
  },
};

const systems = [ours, oursFixed, oursWordnet, winkLemma, compromiseRoot, winkThenStem];
/** Which package's speed, negation and bundle figures a row shares. */
const runsOn = (s: Lemmatizer) => (s === winkThenStem ? winkLemma : s === oursFixed ? ours : s);

// ---------- 1. lemmas ----------

interface Pair {
  a: string;
  b: string;
}

function sample<T>(xs: T[], n: number, seed: number): T[] {
  const random = rng(seed);
  const copy = [...xs];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy.slice(0, n);
}

const gold = loadLemmas();
const forms = Object.keys(gold);
const samePairs: Pair[] = [];
const differentPairs: Pair[] = [];
const looserPairs: Pair[] = [];
for (let i = 0; i < forms.length; i++) {
  for (let j = i + 1; j < forms.length; j++) {
    const a = forms[i]!;
    const b = forms[j]!;
    if (gold[a] === gold[b]) samePairs.push({ a, b });
    // Different words that look alike are the pairs a key can wrongly join ("news"/"new", "police"/"policy").
    else if (a.slice(0, 4) === b.slice(0, 4)) differentPairs.push({ a, b });
    else if (a.slice(0, 3) === b.slice(0, 3)) looserPairs.push({ a, b });
  }
}
const PAIRS = 300;
const same = sample(samePairs, PAIRS, 1);
// Every pair sharing four letters, then pairs sharing three ("new"/"news") up to PAIRS.
const different = [...differentPairs, ...sample(looserPairs, PAIRS - differentPairs.length, 2)].slice(0, PAIRS);

interface LemmaResult {
  system: string;
  mode: "isolated" | "in context";
  exact: number;
  formMeetsLemma: number;
  sameAgree: number;
  differentApart: number;
  pairBalanced: number;
  errors: string[];
  conflations: string[];
  splits: string[];
}

function lemmaBench(s: Lemmatizer, mode: "isolated" | "in context"): LemmaResult {
  const keyCache = new Map<string, string>();
  const key = (w: string) => {
    let k = keyCache.get(w);
    if (k === undefined) {
      const ctx = contextOf.get(w);
      k = (mode === "in context" && ctx ? s.inContext(ctx, w) : undefined) ?? s.isolated(w);
      keyCache.set(w, k);
    }
    return k;
  };
  const byFreq = (xs: { w: number; line: string }[]) => xs.sort((x, y) => y.w - x.w).map((x) => x.line);
  const errors: { w: number; line: string }[] = [];
  let exact = 0;
  let meets = 0;
  for (const f of forms) {
    const k = key(f);
    if (k === gold[f]) exact++;
    // What the verifier needs from a key: a form and its dictionary word meet ("urged" and "urge" → "urg").
    if (k === s.isolated(gold[f]!)) meets++;
    else errors.push({ w: freq(f), line: `${f}→${k} (${gold[f]}→${s.isolated(gold[f]!)})` });
  }
  const splits: { w: number; line: string }[] = [];
  let agree = 0;
  for (const p of same) {
    if (key(p.a) === key(p.b)) agree++;
    else splits.push({ w: Math.min(freq(p.a), freq(p.b)), line: `${p.a}→${key(p.a)} ≠ ${p.b}→${key(p.b)}` });
  }
  const conflations: { w: number; line: string }[] = [];
  let apart = 0;
  for (const p of different) {
    if (key(p.a) !== key(p.b)) apart++;
    else conflations.push({ w: Math.min(freq(p.a), freq(p.b)), line: `${p.a} = ${p.b} → ${key(p.a)}` });
  }
  return {
    system: s.name,
    mode,
    exact: exact / forms.length,
    formMeetsLemma: meets / forms.length,
    sameAgree: agree / same.length,
    differentApart: apart / different.length,
    pairBalanced: (agree / same.length + apart / different.length) / 2,
    errors: byFreq(errors).slice(0, 20),
    splits: byFreq(splits).slice(0, 10),
    conflations: byFreq(conflations).slice(0, 10),
  };
}

// ---------- 2. negation scope ----------

interface NegationPair {
  claim: string;
  evidence: string;
  applies: boolean;
}
const negationPairs = (
  JSON.parse(readFileSync(join(root, "bench/data/negation-pairs.json"), "utf8")) as { pairs: NegationPair[] }
).pairs;

/** A content word of a clause with whether a negation covers it. */
interface Marked {
  key: string;
  negated: boolean;
}

/**
 * The claim is contradicted when some content word it shares with the evidence is negated there in every place
 * the evidence has it, and not in the claim (or the other way round).
 */
function conflicts(claim: Marked[], evidence: Marked[]): boolean {
  return claim.some((c) => {
    const there = evidence.filter((e) => e.key === c.key);
    return there.length > 0 && there.every((e) => e.negated !== c.negated);
  });
}

const WINK_CONTENT = new Set(["NOUN", "PROPN", "VERB", "ADJ", "ADV", "NUM"]);
function winkMarked(text: string): Marked[] {
  const tokens = wink.readDoc(text).tokens();
  const out: Marked[] = [];
  tokens.each((t: ItemToken) => {
    const pos = t.out(its.pos) as string;
    if (!WINK_CONTENT.has(pos) || t.out(its.stopWordFlag)) return;
    out.push({ key: (t.out(LEMMA) as string).toLowerCase(), negated: t.out(its.negationFlag) as boolean });
  });
  return out;
}

const COMPROMISE_SKIP = ["Pronoun", "Determiner", "Preposition", "Conjunction", "Auxiliary", "Copula", "Negative"];
/** compromise has no scope of its own: a `#Negative` term covers the rest of its clause (`.clauses()`). */
function compromiseMarked(text: string): Marked[] {
  const out: Marked[] = [];
  for (const clause of nlp(text).clauses().out("array") as string[]) {
    let negated = false;
    for (const t of compromiseTerms(clause).flat()) {
      if (t.tags.includes("Negative")) negated = true;
      if (t.tags.some((g) => COMPROMISE_SKIP.includes(g)) || STOPWORDS.has(t.normal)) continue;
      out.push({ key: compromiseKey(t), negated });
    }
  }
  return out;
}

interface NegationResult {
  system: string;
  balanced: number;
  caught: number;
  kept: number;
  misses: string[];
}

function negationBench(name: string, decide: (p: NegationPair) => boolean): NegationResult {
  let tp = 0;
  let tn = 0;
  const misses: string[] = [];
  for (const p of negationPairs) {
    const says = decide(p);
    if (says && p.applies) tp++;
    else if (!says && !p.applies) tn++;
    else misses.push(`${p.applies ? "missed" : "false alarm"}: "${p.claim}" vs "${p.evidence}"`);
  }
  const pos = negationPairs.filter((p) => p.applies).length;
  const neg = negationPairs.length - pos;
  return { system: name, balanced: (tp / pos + tn / neg) / 2, caught: tp / pos, kept: tn / neg, misses };
}

// ---------- 3. speed on the seeds ----------

const seedSentences = seeds.flatMap((t, i) => segment(`s${i}`, t, clean(t).regions).map((s) => s.text));
const seedChars = seeds.reduce((n, t) => n + t.length, 0);

interface SpeedResult {
  system: string;
  /** Median ms of one pass over all seed sentences (5 articles): the cost per summarize request. */
  msPerRequest: number;
  msPerSentence: number;
  tokensPerSecond: number;
  tokens: number;
}

function timePasses(run: () => number): { ms: number; tokens: number } {
  let tokens = run();
  for (let i = 0; i < 3; i++) run();
  const runs: number[] = [];
  for (let i = 0; i < (quick ? 5 : 15); i++) {
    const t = performance.now();
    tokens = run();
    runs.push(performance.now() - t);
  }
  return { ms: runs.sort((a, b) => a - b)[Math.floor(runs.length / 2)]!, tokens };
}

function speed(system: string, perSentence: (s: string) => number): SpeedResult {
  const { ms, tokens } = timePasses(() => seedSentences.reduce((n, s) => n + perSentence(s), 0));
  return {
    system,
    msPerRequest: ms,
    msPerSentence: ms / seedSentences.length,
    tokensPerSecond: (tokens / ms) * 1000,
    tokens,
  };
}

// ---------- 4. bundles ----------

interface BundleResult {
  system: string;
  rawBytes: number;
  gzipBytes: number;
  freeLimitShare: number;
  nodeBuiltins: string[];
  /** Median of three fresh Node processes importing the bundle: parse, compile, global scope (model load). */
  nodeStartupMs?: number;
  workerd: { ok: boolean; startMs?: number; requestMs?: number; tokens?: number; sample?: string[]; error?: string };
}

const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const LIMIT_FREE = 3 * 1024 * 1024;
const ENTRIES: Record<string, string> = {
  "ours stem()": `import { tokenize } from ${JSON.stringify(join(root, "src/pipeline/lexicon.ts"))};
export default { async fetch(req) { const t = tokenize(await req.text()).map((x) => x.key);
  return Response.json({ tokens: t.length, sample: t.slice(0, 8) }); } };`,
  "ours fixed+WordNet exc.": `import { tokenize } from ${JSON.stringify(join(root, "src/pipeline/lexicon.ts"))};
import verb from "wink-eng-lite-web-model/dist/wn-verb-exceptions.js";
import noun from "wink-eng-lite-web-model/dist/wn-noun-exceptions.js";
import adjective from "wink-eng-lite-web-model/dist/wn-adjective-exceptions.js";
export default { async fetch(req) { const t = tokenize(await req.text()).map((x) => verb[x.word] ?? noun[x.word]
  ?? adjective[x.word] ?? x.key); return Response.json({ tokens: t.length, sample: t.slice(0, 8) }); } };`,
  "wink-nlp lemma": `import winkNLP from "wink-nlp"; import model from "wink-eng-lite-web-model";
const nlp = winkNLP(model); const its = nlp.its;
export default { async fetch(req) { const doc = nlp.readDoc(await req.text());
  const t = doc.tokens().out(its.lemma); doc.tokens().out(its.pos); doc.tokens().out(its.negationFlag);
  return Response.json({ tokens: t.length, sample: t.slice(0, 8) }); } };`,
  "compromise root": `import nlp from "compromise";
export default { async fetch(req) { const doc = nlp(await req.text()); doc.compute("root");
  const t = doc.json().flatMap((s) => s.terms.map((x) => x.root ?? x.normal));
  return Response.json({ tokens: t.length, sample: t.slice(0, 8) }); } };`,
};

async function bundle(system: string, entry: string, dir: string): Promise<BundleResult> {
  const entryFile = join(dir, `${system.replace(/\W+/g, "-")}.entry.mjs`);
  const outFile = entryFile.replace(".entry.mjs", ".worker.mjs");
  writeFileSync(entryFile, entry);
  await build({
    entryPoints: [entryFile],
    outfile: outFile,
    bundle: true,
    platform: "neutral",
    format: "esm",
    minify: true,
    mainFields: ["module", "main"],
    nodePaths: [join(root, "node_modules")],
    logLevel: "silent",
  });
  const code = readFileSync(outFile);
  const text = code.toString("utf8");
  const nodeBuiltins = [
    ...new Set(
      [...text.matchAll(/(?:require\(|from\s*|import\()\s*["'](node:[\w/]+|fs|path|os|crypto|child_process)["']/g)].map(
        (m) => m[1]!,
      ),
    ),
  ];
  const result: BundleResult = {
    system,
    rawBytes: code.length,
    gzipBytes: gzipSync(code).length,
    freeLimitShare: gzipSync(code).length / LIMIT_FREE,
    nodeBuiltins,
    nodeStartupMs: nodeStartup(outFile),
    workerd: { ok: false },
  };
  // Runs the bundle in workerd (the Workers runtime), without nodejs_compat, on the first seed article.
  const t0 = performance.now();
  let mf: Miniflare | undefined;
  try {
    mf = new Miniflare({
      modules: [{ type: "ESModule", path: "worker.mjs", contents: text }],
      compatibilityDate: "2026-04-26",
    });
    await mf.ready;
    const startMs = performance.now() - t0;
    const post = async (body: string) => {
      const t = performance.now();
      const res = await mf!.dispatchFetch("http://bench/", { method: "POST", body });
      const json = (await res.json()) as { tokens: number; sample: string[] };
      return { ms: performance.now() - t, ok: res.ok, ...json };
    };
    await post("Warm up.");
    // Round trips through Miniflare cost tens of ms; an empty body's round trip is taken off the article's.
    const empty: number[] = [];
    const full: number[] = [];
    let last = await post(seeds[0] ?? "");
    for (let i = 0; i < 5; i++) {
      empty.push((await post("")).ms);
      last = await post(seeds[0] ?? "");
      full.push(last.ms);
    }
    const requestMs = Math.max(0, median(full) - median(empty));
    result.workerd = { ok: last.ok, startMs, requestMs, tokens: last.tokens, sample: last.sample };
  } catch (e) {
    result.workerd = { ok: false, error: String(e).slice(0, 300) };
  } finally {
    await mf?.dispose();
  }
  return result;
}

// ---------- run ----------

async function main(): Promise<void> {
  const lemmaResults: LemmaResult[] = [];
  for (const s of systems) {
    lemmaResults.push(lemmaBench(s, "isolated"));
    if (s !== ours && s !== oursFixed && s !== oursWordnet) lemmaResults.push(lemmaBench(s, "in context"));
  }

  const negationResults = [
    negationBench("ours (verifier polarity)", (p) => checkClaim(p.claim, [p.evidence]).some((r) => /negation/.test(r))),
    negationBench("wink-nlp negationFlag", (p) => conflicts(winkMarked(p.claim), winkMarked(p.evidence))),
    negationBench("compromise #Negative+clauses", (p) =>
      conflicts(compromiseMarked(p.claim), compromiseMarked(p.evidence)),
    ),
  ];

  const speeds = [
    speed("ours stem()", (s) => tokenize(s).length),
    speed("ours fixed+WordNet exc.", (s) => {
      const tokens = tokenize(s);
      for (const t of tokens) exceptionOf(t.word);
      return tokens.length;
    }),
    speed("wink-nlp lemma", (s) => {
      const tokens = wink.readDoc(s).tokens();
      tokens.out(LEMMA);
      tokens.out(its.pos);
      return tokens.out(its.negationFlag).length;
    }),
    speed("compromise root", (s) => compromiseTerms(s).reduce((n, t) => n + t.length, 0)),
  ];

  const dir = mkdtempSync(join(tmpdir(), "wirebrief-nlp-"));
  const bundles: BundleResult[] = [];
  try {
    for (const [system, entry] of Object.entries(ENTRIES)) bundles.push(await bundle(system, entry, dir));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const mb = (b: number) => `${(b / 1024 / 1024).toFixed(2)} MB`;
  console.log(
    `Inputs: ${forms.length} labelled forms (${forms.filter((f) => contextOf.has(f)).length} found in context in ` +
      `${texts.length} texts, ${qagsArticles} of them QAGS articles); ${same.length} same-lemma and ` +
      `${different.length} different-lemma look-alike pairs; ${negationPairs.length} negation pairs; ` +
      `seeds ${seeds.length} articles, ${seedChars} chars, ${seedSentences.length} sentences; ` +
      `${IRREGULAR.size} irregular forms read from lexicon.ts.\n`,
  );
  const rows: string[][] = [
    [
      "system",
      "mode",
      "exact",
      "form=lemma",
      "same agree",
      "diff apart",
      "pair bal.",
      "neg. bal.",
      "ms/req",
      "ms/sent",
      "tok/s",
      "start ms",
      "gzip",
      "workerd",
    ],
  ];
  for (const s of systems) {
    const sp = speeds.find((x) => x.system === runsOn(s).name)!;
    const b = bundles.find((x) => x.system === runsOn(s).name)!;
    const n = negationResults[[ours, winkLemma, compromiseRoot].indexOf(s === oursWordnet ? ours : runsOn(s))]!;
    for (const r of lemmaResults.filter((x) => x.system === s.name)) {
      rows.push([
        s.name,
        r.mode,
        pct(r.exact),
        pct(r.formMeetsLemma),
        pct(r.sameAgree),
        pct(r.differentApart),
        pct(r.pairBalanced),
        n.balanced.toFixed(2),
        sp.msPerRequest.toFixed(2),
        sp.msPerSentence.toFixed(3),
        Math.round(sp.tokensPerSecond).toLocaleString("en"),
        b.nodeStartupMs?.toFixed(0) ?? "-",
        mb(b.gzipBytes),
        b.workerd.ok ? `ok ${b.workerd.requestMs?.toFixed(0)} ms` : "failed",
      ]);
    }
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const r of rows) console.log(r.map((c, i) => c.padEnd(widths[i]!)).join("  "));
  console.log("\nNegation scope (balanced accuracy, contradiction caught, supported kept):");
  for (const n of negationResults) {
    console.log(`  ${n.system}: ${n.balanced.toFixed(2)} (caught ${pct(n.caught)}, kept ${pct(n.kept)})`);
  }
  console.log("\nBundles (worker entry + package, esbuild --minify, platform neutral):");
  for (const b of bundles) {
    console.log(
      `  ${b.system}: ${mb(b.rawBytes)} raw, ${mb(b.gzipBytes)} gzip (${pct(b.freeLimitShare)} of the 3 MB free ` +
        `limit); node built-ins: ${b.nodeBuiltins.join(", ") || "none"}; workerd: ` +
        (b.workerd.ok
          ? `ok, Miniflare up in ${b.workerd.startMs?.toFixed(0)} ms, ` +
            `seed article ${b.workerd.requestMs?.toFixed(1)} ms ` +
            `beyond an empty request's, Node import ${b.nodeStartupMs?.toFixed(0)} ms, ` +
            `${b.workerd.tokens} tokens, [${b.workerd.sample?.join(" ")}]`
          : `failed ${b.workerd.error ?? ""}`),
    );
  }
  for (const r of lemmaResults) {
    console.log(`\n${r.system} (${r.mode}) — form≠lemma key, most frequent first: ${r.errors.join("; ")}`);
    console.log(`  same lemma split: ${r.splits.join("; ")}`);
    console.log(`  different words joined: ${r.conflations.join("; ")}`);
  }
  for (const n of negationResults) console.log(`\n${n.system} negation errors:\n  ${n.misses.join("\n  ")}`);

  mkdirSync(join(root, "bench/out"), { recursive: true });
  writeFileSync(
    join(root, "bench/out/nlp-trial.json"),
    `${JSON.stringify(
      {
        inputs: {
          forms: forms.length,
          formsInContext: forms.filter((f) => contextOf.has(f)).length,
          texts: texts.length,
          qagsArticles,
          samePairs: same.length,
          differentPairs: different.length,
          negationPairs: negationPairs.length,
          seedSentences: seedSentences.length,
          seedChars,
        },
        lemmas: lemmaResults,
        negation: negationResults,
        speed: speeds,
        bundles,
      },
      null,
      1,
    )}\n`,
  );
}

await main();
