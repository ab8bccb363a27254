import { foldWord, isSpace } from "./normalize.js";

/**
 * Word-level knowledge shared by dedup, conflicts and verify: stop words, a light stemmer, name aliases
 * (demonyms, "U.S." = "United States"), synonym groups for paraphrase and antonym pairs for meaning flips.
 * Small and hand-written on purpose: every entry is something a faithful paraphrase of news does.
 */

export const STOPWORDS = new Set(
  (
    "a an the and or but nor so yet of to in on at by for with from into onto upon about as than then " +
    "that this these those there here it its it's itself he him his she her hers they them their theirs " +
    "we us our ours you your i me my is are was were be been being am do does did doing done has have had " +
    "having will would shall should can could may might must ought which who whom whose what when where " +
    "why how while whether if because though although also too very just even still already again ever " +
    "only well much such own same other another each both either any all some more most less least many " +
    "few several one s t up down out over under again further once per via within without against between " +
    "among through during before after above below off near since until upon amid around across along " +
    "behind beyond like unlike de la le les el los las du des"
  ).split(/\s+/),
);

/** Verbs of reporting: any one may stand for another ("said" / "told" / "warned") in a faithful summary. */
const REPORTING = (
  "say tell add note state declare announce explain remark comment report assert stress emphasize emphasise " +
  "insist reiterate affirm mention indicate warn caution argue write quote clear"
).split(" ");

/** Irregular forms mapped to a base form before stemming. */
const IRREGULAR = new Map<string, string>(
  Object.entries({
    said: "say",
    says: "say",
    told: "tell",
    met: "meet",
    spoke: "speak",
    spoken: "speak",
    took: "take",
    taken: "take",
    gave: "give",
    given: "give",
    came: "come",
    went: "go",
    gone: "go",
    saw: "see",
    seen: "see",
    held: "hold",
    led: "lead",
    sent: "send",
    made: "make",
    began: "begin",
    begun: "begin",
    left: "leave",
    brought: "bring",
    thought: "think",
    fought: "fight",
    won: "win",
    lost: "lose",
    struck: "strike",
    rose: "rise",
    risen: "rise",
    fell: "fall",
    fallen: "fall",
    grew: "grow",
    grown: "grow",
    knew: "know",
    known: "know",
    became: "become",
    broke: "break",
    broken: "break",
    chose: "choose",
    chosen: "choose",
    flew: "fly",
    flown: "fly",
    drew: "draw",
    drawn: "draw",
    wrote: "write",
    written: "write",
    sought: "seek",
    kept: "keep",
    felt: "feel",
    found: "find",
    heard: "hear",
    meant: "mean",
    paid: "pay",
    sold: "sell",
    bought: "buy",
    built: "build",
    spent: "spend",
    stood: "stand",
    understood: "understand",
    withdrew: "withdraw",
    withdrawn: "withdraw",
    men: "man",
    women: "woman",
    children: "child",
    people: "person",
    forces: "force",
    troops: "troop",
    talks: "talk",
    arms: "weapon",
    better: "good",
    best: "good",
    worse: "bad",
    worst: "bad",
    larger: "large",
    largest: "large",
    bigger: "big",
    biggest: "big",
    smaller: "small",
    greater: "great",
    greatest: "great",
    fewer: "few",
    earlier: "early",
    later: "late",
    latest: "late",
    others: "other",
    is: "be",
    are: "be",
    was: "be",
    were: "be",
    been: "be",
    has: "have",
    had: "have",
    did: "do",
    does: "do",
    done: "do",
    dying: "die",
    died: "die",
    lying: "lie",
  }),
);

/**
 * A light suffix stripper: enough to match "negotiations" with "negotiation" and "warned" with "warn".
 *
 * @example
 * stem("sanctions") // "sanction"
 */
export function stem(word: string): string {
  return stemFolded(foldWord(word));
}

/** `stem` of a word already folded by `foldWord`: the tokenizer folds each word once and stems that. */
function stemFolded(folded: string): string {
  let w = folded;
  if (w.endsWith("'s") || w.endsWith("’s")) w = w.slice(0, -2);
  if (w.endsWith("'") || w.endsWith("’")) w = w.slice(0, -1);
  const irregular = IRREGULAR.get(w);
  // The base is keyed as any word is, so that "made" meets "make" (both "mak") and "took" meets "take".
  const key = stemRules(irregular ?? w);
  // A word whose stem is spelt like a function word is no function word: "lost" (→ "los"), "evening", "willing"
  // and "underlying" would be skipped by every check that skips "los", "even", "will" and "under". A plural of
  // one ("others", "ones") stays one.
  if (STOPWORDS.has(key) && !STOPWORDS.has(w) && w !== `${key}s`) return `${key}_`;
  return key;
}

/** The suffix rules of `stem`, for a word already folded and stripped of its possessive. */
function stemRules(word: string): string {
  let w = word;
  if (w.length <= 3) return w;
  if (w.endsWith("ies") && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith("ss") || w.endsWith("us") || w.endsWith("is")) {
    /* keep: "press", "status", "crisis" */
  } else if (w.endsWith("ches") || w.endsWith("shes") || w.endsWith("xes") || w.endsWith("zes")) w = w.slice(0, -2);
  else if (w.endsWith("s")) w = w.slice(0, -1);
  if (w.length > 5 && w.endsWith("ing")) w = undouble(w.slice(0, -3));
  else if (w.length > 4 && w.endsWith("ied")) w = `${w.slice(0, -3)}y`;
  else if (w.length > 4 && w.endsWith("ed")) w = undouble(w.slice(0, -2));
  if (w.length > 5 && w.endsWith("ly")) w = w.slice(0, -2);
  // A final "e" goes whatever the length, so "urge" and "urged" (→ "urg") meet, as "ease" and "eased" do.
  if (w.length >= 4 && w.endsWith("e") && !w.endsWith("ee")) w = w.slice(0, -1);
  return w;
}

/** "stopped" → "stop", but "calling" stays "call" (Porter keeps a double l, s or z). */
function undouble(w: string): string {
  const n = w.length;
  return n >= 2 && w[n - 1] === w[n - 2] && "bdfgmnprt".includes(w[n - 1]!) ? w.slice(0, -1) : w;
}

/** Multi-word names folded to one canonical token ("United States" → "unitedstates"). */
const PHRASES: [string[], string][] = [
  [["united", "states", "of", "america"], "unitedstates"],
  [["united", "states"], "unitedstates"],
  [["united", "kingdom"], "unitedkingdom"],
  [["great", "britain"], "unitedkingdom"],
  [["european", "union"], "europeanunion"],
  [["united", "nations"], "unitednations"],
  [["soviet", "union"], "sovietunion"],
  [["white", "house"], "whitehouse"],
  [["state", "department"], "statedepartment"],
  [["department", "of", "state"], "statedepartment"],
];

const PHRASE_HEADS = new Set(PHRASES.map(([parts]) => parts[0]!));

/** Single words folded to a canonical token: spellings, abbreviations and demonyms ("Russian" → "russia"). */
const TOKEN_ALIASES = new Map<string, string>(
  Object.entries({
    "u.s.": "unitedstates",
    "u.s.a.": "unitedstates",
    us: "unitedstates",
    usa: "unitedstates",
    american: "unitedstates",
    americans: "unitedstates",
    america: "unitedstates",
    "u.k.": "unitedkingdom",
    uk: "unitedkingdom",
    britain: "unitedkingdom",
    british: "unitedkingdom",
    "e.u.": "europeanunion",
    eu: "europeanunion",
    "u.n.": "unitednations",
    un: "unitednations",
    soviet: "sovietunion",
    ussr: "sovietunion",
    russian: "russia",
    russians: "russia",
    ukrainian: "ukraine",
    ukrainians: "ukraine",
    french: "france",
    german: "germany",
    germans: "germany",
    european: "europe",
    europeans: "europe",
    chinese: "china",
    canadian: "canada",
    italian: "italy",
    polish: "poland",
    swiss: "switzerland",
    georgian: "georgia",
    belarusian: "belarus",
    turkish: "turkey",
    japanese: "japan",
    indian: "india",
    israeli: "israel",
    iranian: "iran",
    syrian: "syria",
    western: "west",
    westerners: "west",
    eastern: "east",
    poutine: "putin",
    zelenskiy: "zelensky",
    zelenskyy: "zelensky",
    zelenskiyn: "zelensky",
    kyiv: "kiev",
    sergey: "sergei",
    nato: "nato",
    crimean: "crimea",
    afghan: "afghanistan",
    december: "dec",
    january: "jan",
    february: "feb",
    march: "mar",
    april: "apr",
    june: "jun",
    july: "jul",
    august: "aug",
    september: "sep",
    sept: "sep",
    october: "oct",
    november: "nov",
    "dec.": "dec",
    "jan.": "jan",
    "feb.": "feb",
    "mar.": "mar",
    "apr.": "apr",
    "jun.": "jun",
    "jul.": "jul",
    "aug.": "aug",
    "sep.": "sep",
    "sept.": "sep",
    "oct.": "oct",
    "nov.": "nov",
  }),
);

/** Canonical forms are never stemmed further: "Ukraine" and "Ukrainians" both become "ukraine". */
const CANONICAL = new Set([...TOKEN_ALIASES.values(), ...PHRASES.map(([, c]) => c)]);

export interface Token {
  /** The word as written ("U.S.", "Russian"); for merged phrases, the words joined by a space. */
  raw: string;
  /** `raw` folded by `foldWord` (lower case, no diacritics, plain quotes and dashes). */
  word: string;
  /** Folded, aliased and stemmed: what comparisons use. */
  key: string;
  /** Starts with a capital letter in the original (names, sentence starts). */
  capitalized: boolean;
  /** Offsets in the text that was tokenised. */
  start: number;
  end: number;
  /** Opens a sentence or a quotation, so its capital says nothing about being a name. */
  initial: boolean;
  /** For a compound ("Russia-NATO", "50-minute"): its parts as tokens of their own, offsets in the same text. */
  parts?: Token[];
}

// Initialisms ("U.S."), abbreviated months ("Dec."), then words with inner apostrophes and hyphens.
const WORD = new RegExp(
  String.raw`(?:\p{L}\.){2,}(?!\p{L})|(?:Dec|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov)\.|` +
    String.raw`[\p{L}\p{N}][\p{L}\p{N}'’]*(?:[-–][\p{L}\p{N}]+)*`,
  "gu",
);
const UPPER = /^\p{Lu}/u;

/** Characters after which a word opens a quotation or a clause: `!?:;“"«‘([`. */
const OPENERS = new Set([33, 63, 58, 59, 0x201c, 34, 0xab, 0x2018, 40, 91]);

/** Whether the (up to) three characters before `at` end with an opener and white space only. */
function opensAfter(text: string, at: number): boolean {
  for (let j = at - 1; j >= Math.max(0, at - 3); j--) {
    const c = text.charCodeAt(j);
    if (isSpace(c)) continue;
    return OPENERS.has(c);
  }
  return false;
}

function isCapital(word: string): boolean {
  const c = word.charCodeAt(0);
  return c < 128 ? c >= 65 && c <= 90 : UPPER.test(word);
}

/**
 * Words of a text for comparison, with their offsets: aliases folded ("U.S." → "unitedstates",
 * "Russian" → "russia"), stemmed. The analysis calls it once per sentence; later stages read its tokens.
 *
 * @example
 * tokenize("U.S. troops").map((t) => t.key) // ["unitedstates", "troop"]
 */
export function tokenize(text: string): Token[] {
  const words: Token[] = [];
  const spans = wordSpans(text);
  for (let s = 0; s < spans.length; s += 2) {
    const at = spans[s]!;
    let word = text.slice(at, spans[s + 1]);
    // A possessive or a closing apostrophe is not part of the word: "Putin's" → "Putin".
    const n = word.length;
    const last = word.charCodeAt(n - 1);
    if (last === 39 || last === 0x2019) word = word.slice(0, -1);
    else if (last === 115 && n >= 2 && (word.charCodeAt(n - 2) === 39 || word.charCodeAt(n - 2) === 0x2019)) {
      word = word.slice(0, -2);
    }
    if (word === "") continue;
    words.push({
      raw: word,
      word: foldWord(word),
      key: "",
      capitalized: isCapital(word),
      start: at,
      end: at + word.length,
      // Within one sentence a period is nearly always an abbreviation ("U.S.", "Dec."), so it opens nothing.
      initial: words.length === 0 || opensAfter(text, at),
      // Present from the start, so every token has one shape (property reads stay fast in later stages).
      parts: undefined,
    });
  }
  const out: Token[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const f = w.word;
    const phrase = PHRASE_HEADS.has(f)
      ? PHRASES.find(([parts]) => parts.every((p, k) => words[i + k]?.word === p))
      : undefined;
    if (phrase) {
      const last = words[i + phrase[0].length - 1]!;
      const raw = text.slice(w.start, last.end);
      out.push({ ...w, raw, word: foldWord(raw), key: phrase[1], end: last.end });
      i += phrase[0].length - 1;
      continue;
    }
    // "US" in capitals is the country; "us" in lower case is the pronoun.
    const alias = f === "us" && w.raw !== "US" ? undefined : TOKEN_ALIASES.get(f);
    w.key = alias ?? keyOf(f);
    if (hasDash(w.raw)) {
      const parts = tokenize(w.raw.replace(/[-–]/g, " "));
      for (const p of parts) {
        p.start += w.start;
        p.end += w.start;
      }
      w.parts = parts;
    }
    out.push(w);
  }
  return out;
}

/**
 * Where `WORD` matches in `text`, as start and end offsets one after the other. A scan by character replaces the
 * regular expression (and its match arrays) for texts without astral characters, where a code unit is a code
 * point; it takes the same alternatives in the same order, so it finds the same words.
 */
function wordSpans(text: string): number[] {
  const out: number[] = [];
  if (ASTRAL_CHAR.test(text)) {
    WORD.lastIndex = 0;
    for (let m = WORD.exec(text); m; m = WORD.exec(text)) out.push(m.index, m.index + m[0].length);
    return out;
  }
  const n = text.length;
  for (let p = 0; p < n; ) {
    if (wordKind(text.charCodeAt(p)) === NOT_WORD) {
      p++;
      continue;
    }
    const end = wordEnd(text, p);
    out.push(p, end);
    p = end;
  }
  return out;
}

const ASTRAL_CHAR = /[\uD800-\uDFFF]/;
const NOT_WORD = 0;
const LETTER_KIND = 1;
const NUMBER_KIND = 2;
const LETTER_CHAR = /\p{L}/u;
const NUMBER_CHAR = /\p{N}/u;
const MONTHS = ["Dec", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov"].map((m) => `${m}.`);

/** `\p{L}`, `\p{N}` or neither, for a code unit that is no surrogate. */
function wordKind(c: number): number {
  if (c < 128) return (c | 32) >= 97 && (c | 32) <= 122 ? LETTER_KIND : c >= 48 && c <= 57 ? NUMBER_KIND : NOT_WORD;
  const ch = String.fromCharCode(c);
  return LETTER_CHAR.test(ch) ? LETTER_KIND : NUMBER_CHAR.test(ch) ? NUMBER_KIND : NOT_WORD;
}

/** The end of `WORD`'s match at `p`, where a letter or number stands. */
function wordEnd(text: string, p: number): number {
  const n = text.length;
  // Initialisms: two or more "letter." not followed by a letter (backtracking cannot help: one repetition
  // fewer leaves a letter next).
  let q = p;
  while (q + 1 < n && wordKind(text.charCodeAt(q)) === LETTER_KIND && text.charCodeAt(q + 1) === 46) q += 2;
  if (q - p >= 4 && (q >= n || wordKind(text.charCodeAt(q)) !== LETTER_KIND)) return q;
  // Abbreviated months.
  const c = text.charCodeAt(p);
  if (c >= 65 && c <= 90) {
    if (text.charCodeAt(p + 4) === 46 && text.startsWith("Sept.", p)) return p + 5;
    if (text.charCodeAt(p + 3) === 46) for (const m of MONTHS) if (text.startsWith(m, p)) return p + 4;
  }
  // Letters, numbers and apostrophes, then any "-part" or "–part".
  q = p + 1;
  for (let k = text.charCodeAt(q); q < n && (k === 39 || k === 0x2019 || wordKind(k) !== NOT_WORD); ) {
    k = text.charCodeAt(++q);
  }
  while (q + 1 < n) {
    const dash = text.charCodeAt(q);
    if ((dash !== 45 && dash !== 0x2013) || wordKind(text.charCodeAt(q + 1)) === NOT_WORD) break;
    q += 2;
    while (q < n && wordKind(text.charCodeAt(q)) !== NOT_WORD) q++;
  }
  return q;
}

/**
 * The comparison key of a folded word that is no alias. News repeats its words ("the", "said", the names), so
 * keys already worked out are kept in a bounded table: it holds words, never texts, and is the same for every
 * request.
 */
const KEYS = new Map<string, string>();
const MAX_KEYS = 20_000;

function keyOf(folded: string): string {
  let key = KEYS.get(folded);
  if (key === undefined) {
    key = CANONICAL.has(folded) ? folded : stemFolded(folded);
    if (KEYS.size >= MAX_KEYS) KEYS.clear();
    KEYS.set(folded, key);
  }
  return key;
}

function hasDash(word: string): boolean {
  return word.includes("-") || word.includes("–");
}

/**
 * Numbers written as words ("Fourteen", "twenty-four", "thousands"): facts.ts reads their values; name and
 * content checks must not take them for names or for words of a claim.
 */
export const NUMBER_WORD = new RegExp(
  "^(zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|" +
    "seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|" +
    String.raw`hundreds?|thousands?|millions?|billions?|dozens?)([-\s]\p{L}+)?$`,
  "iu",
);

const NUMBER_WORDS = new Set(
  (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen " +
    "eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred hundreds thousand thousands " +
    "million millions billion billions dozen dozens"
  ).split(" "),
);

/**
 * `NUMBER_WORD.test(word)`: for plain ASCII words by a set lookup, since the case-insensitive unicode pattern is
 * slow; other words (where unicode case folding could matter) by the pattern itself.
 *
 * @example
 * isNumberWord("Twenty-four") // true
 */
export function isNumberWord(word: string): boolean {
  for (let i = 0; i < word.length; i++) if (word.charCodeAt(i) >= 128) return NUMBER_WORD.test(word);
  const lower = word.toLowerCase();
  const cut = lower.search(/[-\s]/);
  if (cut < 0) return NUMBER_WORDS.has(lower);
  return NUMBER_WORDS.has(lower.slice(0, cut)) && /^[a-z]+$/.test(lower.slice(cut + 1));
}

/** Content words: tokens that are neither stop words nor numbers. */
export function contentKeys(text: string): string[] {
  return contentOf(tokenize(text));
}

/**
 * `contentKeys` of tokens already made.
 *
 * @example
 * contentOf(tokenize("The talks began")) // ["talk", "begin"]
 */
export function contentOf(tokens: Token[]): string[] {
  const out: string[] = [];
  for (const t of tokens) {
    if (!STOPWORDS.has(t.key) && !STOPWORDS.has(t.word) && !startsWithNumber(t.key)) out.push(t.key);
  }
  return out;
}

const NUMERIC_START = /^\p{N}/u;
const ANY_NUMBER = /\p{N}/u;

/**
 * `/\p{N}/u.test(word)`, with the regular expression only for words beyond ASCII.
 *
 * @example
 * hasNumber("50-minute") // true
 */
export function hasNumber(word: string): boolean {
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c >= 48 && c <= 57) return true;
    if (c >= 128) return ANY_NUMBER.test(word);
  }
  return false;
}

/**
 * Whether a word starts with a digit (any script's).
 *
 * @example
 * startsWithNumber("100,000") // true
 */
export function startsWithNumber(word: string): boolean {
  const c = word.charCodeAt(0);
  if (c < 128) return c >= 48 && c <= 57;
  return NUMERIC_START.test(word);
}

const SYNONYM_GROUPS: string[][] = [
  REPORTING,
  ["troop", "soldier", "force", "serviceman", "servicemen", "military"],
  [
    "call",
    "conversation",
    "phone",
    "telephone",
    "talk",
    "interview",
    "exchange",
    "appeal",
    "discussion",
    "speak",
    "chat",
  ],
  [
    "talk",
    "negotiation",
    "negotiate",
    "discussion",
    "discuss",
    "meeting",
    "meet",
    "dialogue",
    "dialog",
    "summit",
    "engagement",
    "session",
    "contact",
  ],
  ["sanction", "penalty", "reprisal", "measure", "consequence", "punishment", "cost"],
  [
    "massive",
    "huge",
    "large",
    "major",
    "significant",
    "substantial",
    "big",
    "severe",
    "harsh",
    "heavy",
    "overwhelm",
    "sweep",
    "punitive",
    "tough",
    "painful",
    "serious",
    "great",
    "enormous",
    "colossal",
  ],
  ["mistake", "error", "blunder"],
  ["border", "frontier", "boundary"],
  ["weapon", "arm", "armament", "weaponry"],
  ["aid", "assistance", "support", "help", "assist", "backing"],
  ["invade", "invasion", "attack", "offensive", "incursion", "assault", "strike", "aggression"],
  ["plan", "intend", "aim", "intention", "propose", "expect", "schedul", "due", "set"],
  ["offer", "propose", "suggest", "proposal", "put"],
  ["concern", "worry", "fear", "alarm", "anxiety", "unease"],
  ["agreement", "deal", "accord", "pact", "treaty", "arrangement"],
  ["expand", "enlarge", "extend", "expansion", "enlargement", "grow", "growth"],
  ["urge", "press", "ask", "request", "demand", "call", "push"],
  ["begin", "start", "launch", "open", "commence"],
  ["end", "halt", "stop", "finish", "cease", "conclude"],
  ["demand", "require", "insist", "seek", "want", "request", "ask", "call"],
  ["leader", "president", "head", "chief"],
  ["country", "nation", "state"],
  [
    "official",
    "officer",
    "aide",
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "representative",
    "adviser",
    "advisor",
    "source",
  ],
  ["discuss", "review", "examine", "address", "cover", "consider"],
  ["ready", "prepar", "willing", "prepared"],
  ["respond", "response", "react", "reaction", "reply", "answer", "retaliate", "counter"],
  ["difficult", "hard", "tough", "bitter", "complicated", "challenging"],
  ["eas", "ease", "defuse", "de-escalate", "calm", "reduce", "lower", "lessen"],
  ["tension", "strain", "standoff", "crisis", "escalation"],
  ["previous", "earlier", "prior", "former", "last", "past"],
  ["deploy", "send", "station", "place", "move", "dispatch"],
  ["satisfy", "satisfied", "pleas", "please", "happy", "content"],
  ["mass", "gather", "concentrate", "amass", "rally", "build-up", "buildup", "deploy", "regroup", "station"],
  ["quick", "fast", "rapid", "swift", "soon", "shortly"],
  ["immediate", "now", "promptly", "instant"],
  ["fight", "combat", "battle", "war", "conflict", "fighting", "hostility"],
  ["statement", "declaration", "letter", "message"],
  ["consult", "confer", "brief", "coordinate"],
  ["assure", "reassure", "guarantee", "promise", "pledge", "assurance", "commit", "commitment"],
  ["threaten", "threat", "menace", "warn"],
  ["reject", "dismiss", "refuse", "deny", "rebuff", "brush", "exclude", "rule"],
  ["stress", "underline", "underscore", "highlight"],
  ["annex", "seize", "capture", "take", "occupy", "grab", "annexation"],
  ["separatist", "rebel", "insurgent"],
  ["envoy", "ambassador", "diplomat", "emissary"],
  ["diplomacy", "diplomatic", "diplomat"],
  ["europe", "european"],
  ["demand", "request", "requirement", "proposal"],
  ["buildup", "build-up", "buildup", "presence", "concentration", "massing", "deployment"],
  ["resolve", "settle", "solve", "fix"],
  ["crisis", "standoff", "dispute"],
  ["channel", "route", "path", "way", "avenue"],
  ["acknowledge", "recognize", "recognise", "admit", "accept"],
  ["future", "upcoming", "next", "forthcoming", "coming"],
  ["around", "about", "approximate", "some", "roughly", "nearly", "almost"],
  ["relation", "relationship", "tie"],
  ["allies", "ally", "partner", "partnership"],
  ["protect", "defend", "safeguard", "shield"],
  ["citizen", "national", "resident", "inhabitant"],
  ["exercise", "drill", "maneuver", "manoeuvre"],
  ["deep", "profound", "serious"],
  ["join", "membership", "member", "accession", "enter"],
  ["want", "wish", "desire", "like", "seek", "hope"],
  ["fire", "blaze", "flame", "inferno"],
  ["face", "incur", "suffer"],
  ["release", "issue", "publish"],
  ["outline", "spell", "lay", "detail"],
  ["destroy", "raze", "gut", "wreck"],
  ["buy", "acquire", "purchase", "takeover", "acquisition"],
  ["evacuate", "evacuation", "leave"],
];

/**
 * One representative stem for a word and its synonyms, for comparing sentences ("blaze" and "fire" count as
 * the same word when measuring redundancy).
 */
export function canonicalKey(key: string): string {
  return canonicalIndex.get(key) ?? key;
}

const synonymIndex = new Map<string, Set<string>>();
for (const group of SYNONYM_GROUPS) {
  const stems = group.map((w) => stem(w));
  for (const s of stems) {
    const set = synonymIndex.get(s) ?? new Set<string>([s]);
    for (const other of stems) set.add(other);
    synonymIndex.set(s, set);
  }
}

const canonicalIndex = new Map<string, string>();
for (const [s, set] of synonymIndex) canonicalIndex.set(s, [...set].sort()[0]!);

/** The stems a word may stand for in a paraphrase, itself included. */
export function synonymsOf(key: string): ReadonlySet<string> {
  return synonymIndex.get(key) ?? new Set([key]);
}

/** Pairs whose swap flips a statement's meaning. Stems on both sides. */
const ANTONYM_PAIRS: [string, string][] = [
  ["increase", "decrease"],
  ["increase", "reduce"],
  ["increase", "cut"],
  ["increase", "lower"],
  ["rise", "fall"],
  ["raise", "lower"],
  ["accept", "reject"],
  ["accept", "refuse"],
  ["accept", "decline"],
  ["allow", "ban"],
  ["allow", "prohibit"],
  ["allow", "forbid"],
  ["allow", "block"],
  ["permit", "ban"],
  ["win", "lose"],
  ["before", "after"],
  ["ahead", "after"],
  ["before", "following"],
  ["earlier", "later"],
  ["early", "late"],
  ["more", "less"],
  ["more", "fewer"],
  ["above", "below"],
  ["over", "under"],
  ["expand", "shrink"],
  ["expand", "reduce"],
  ["expand", "withdraw"],
  ["support", "oppose"],
  ["agree", "disagree"],
  ["succeed", "fail"],
  ["approve", "reject"],
  ["start", "end"],
  ["begin", "end"],
  ["open", "close"],
  ["strengthen", "weaken"],
  ["satisfied", "dissatisfied"],
  ["satisfied", "unhappy"],
  ["satisfied", "disappointed"],
  ["large", "small"],
  ["friend", "enemy"],
  ["ally", "adversary"],
  ["ally", "enemy"],
  ["ally", "foe"],
  ["easy", "difficult"],
  ["easy", "hard"],
  ["confirm", "deny"],
  ["same", "different"],
  ["first", "last"],
  ["welcome", "condemn"],
  ["welcome", "reject"],
  ["high", "low"],
  ["maximum", "minimum"],
  ["optimistic", "pessimistic"],
  ["possible", "impossible"],
  ["likely", "unlikely"],
  ["legal", "illegal"],
  ["offensive", "defensive"],
  ["escalate", "de-escalate"],
  ["escalate", "defuse"],
  ["escalate", "ease"],
  ["advance", "retreat"],
  ["attack", "defend"],
  ["positive", "negative"],
  ["true", "false"],
  ["victory", "defeat"],
  ["up", "down"],
  ["north", "south"],
  ["east", "west"],
  ["inside", "outside"],
  ["include", "exclude"],
  ["join", "leave"],
  ["buy", "sell"],
  ["import", "export"],
  ["lift", "impose"],
  ["ease", "tighten"],
  ["admit", "deny"],
  ["guilty", "innocent"],
  ["capture", "release"],
  ["praise", "criticize"],
  ["praise", "criticise"],
  ["private", "public"],
  ["secret", "public"],
  ["new", "old"],
  ["long", "short"],
  ["domestic", "foreign"],
  ["majority", "minority"],
  ["unilateral", "bilateral"],
  ["unilateral", "multilateral"],
  ["hawkish", "dovish"],
  ["peace", "war"],
  ["peaceful", "military"],
  ["strong", "weak"],
  ["success", "failure"],
  ["increase", "halt"],
  ["rise", "drop"],
  ["gain", "loss"],
  ["profit", "loss"],
  ["certain", "uncertain"],
  ["always", "never"],
  ["everyone", "nobody"],
  ["willing", "unwilling"],
  ["ready", "unready"],
  ["withdraw", "deploy"],
  ["withdraw", "send"],
  ["withdraw", "mass"],
  ["arrive", "depart"],
  ["send", "recall"],
  ["warm", "cold"],
  ["cooperate", "compete"],
  ["calm", "tense"],
  ["progress", "setback"],
  ["slow", "fast"],
  ["slow", "quick"],
  ["slow", "rapid"],
  ["confident", "doubtful"],
  ["love", "hate"],
  ["clear", "unclear"],
  ["accurate", "inaccurate"],
  ["senior", "junior"],
  ["upper", "lower"],
  ["maximum", "minimum"],
  ["most", "least"],
  ["rich", "poor"],
  ["remain", "leave"],
  ["stay", "leave"],
  ["keep", "abandon"],
  ["protect", "attack"],
  ["protect", "threaten"],
  ["dead", "alive"],
  ["killed", "survived"],
  ["open", "shut"],
  ["publicly", "privately"],
  ["formal", "informal"],
  ["inferior", "superior"],
  ["winner", "loser"],
  ["legitimate", "illegitimate"],
  ["encourage", "discourage"],
  ["reward", "punish"],
  ["large", "little"],
  ["much", "little"],
  ["major", "minor"],
  ["significant", "insignificant"],
  ["many", "few"],
  ["lift", "tighten"],
  ["abolish", "establish"],
  ["destroy", "build"],
  ["destroy", "create"],
];

const antonymIndex = new Map<string, Set<string>>();
for (const [a, b] of ANTONYM_PAIRS) {
  const sa = stem(a);
  const sb = stem(b);
  if (!antonymIndex.has(sa)) antonymIndex.set(sa, new Set());
  if (!antonymIndex.has(sb)) antonymIndex.set(sb, new Set());
  antonymIndex.get(sa)!.add(sb);
  antonymIndex.get(sb)!.add(sa);
}

/** Stems whose presence in the evidence contradicts `key` in the sentence. */
export function antonymsOf(key: string): ReadonlySet<string> {
  return antonymIndex.get(key) ?? new Set();
}

/** Negation cues: a sentence with one says the opposite of the same sentence without it. */
export const NEGATION_CUES = new Set([
  "not",
  "no",
  "never",
  "none",
  "nobody",
  "nothing",
  "neither",
  "nor",
  "without",
  "cannot",
  "n't",
  "nowhere",
  "hardly",
]);

/** Predicates that carry a negation in their meaning: "ruled out", "denies", "refused". */
export const NEGATIVE_PREDICATES = new Set(
  [
    "deny",
    "refuse",
    "reject",
    "rule",
    "exclude",
    "fail",
    "dismiss",
    "rebuff",
    "decline",
    "lack",
    "absence",
    "unlike",
    "impossible",
    "unacceptable",
    "unfound",
    "unrealistic",
    "unchanged",
  ].map(stem),
);

const LOWER_WORD = /(?<![\p{L}\p{N}])\p{Ll}[\p{L}'’-]*/gu;
const ASTRAL = /[\uD800-\uDFFF]/;
const LETTER = /\p{L}/u;
const LOWER = /\p{Ll}/u;
const NUMBER = /\p{N}/u;

/** Lookups of words in a request's articles: `has(word)` is true when the articles write it in lower case. */
export interface Vocabulary {
  has(word: string): boolean;
}

/**
 * Words the texts write in lower case somewhere: at the start of a sentence these are words, not names. The
 * verifier asks about a few words per request, so each is looked up when first asked (in the lower-cased texts,
 * then checked against the original), not all words collected up front.
 *
 * @example
 * vocabularyOf(new Map([["a1", "Earlier talks failed."]])).has("talks") // true
 */
export function vocabularyOf(texts: ReadonlyMap<string, string>): Vocabulary {
  const pairs = [...texts.values()].map((text) => ({ text, lower: text.toLowerCase() }));
  // Offsets in the lower-cased text must be offsets in the original; astral letters need code points.
  if (pairs.some((p) => p.lower.length !== p.text.length || ASTRAL.test(p.text))) return allLowerCaseWords(texts);
  const known = new Map<string, boolean>();
  return {
    has(word) {
      let found = known.get(word);
      if (found === undefined) {
        found = word !== "" && pairs.some((p) => writtenInLowerCase(p.text, p.lower, word));
        known.set(word, found);
      }
      return found;
    },
  };
}

/**
 * Every match of `LOWER_WORD`, lower-cased: the same answers as `vocabularyOf`, collected in one pass.
 *
 * @example
 * allLowerCaseWords(new Map([["a1", "Talks began."]])).has("began") // true
 */
export function allLowerCaseWords(texts: ReadonlyMap<string, string>): Set<string> {
  const v = new Set<string>();
  for (const text of texts.values()) for (const m of text.matchAll(LOWER_WORD)) v.add(m[0].toLowerCase());
  return v;
}

function isLetter(c: number): boolean {
  return c < 128 ? (c >= 97 && c <= 122) || (c >= 65 && c <= 90) : LETTER.test(String.fromCharCode(c));
}

function isLower(c: number): boolean {
  return c < 128 ? c >= 97 && c <= 122 : LOWER.test(String.fromCharCode(c));
}

function isLetterOrNumber(c: number): boolean {
  return isLetter(c) || (c < 128 ? c >= 48 && c <= 57 : NUMBER.test(String.fromCharCode(c)));
}

/** Letters, apostrophes and hyphens: what a `LOWER_WORD` match runs over. */
function inWord(c: number): boolean {
  return c === 39 || c === 0x2019 || c === 45 || isLetter(c);
}

/**
 * Whether some match of `LOWER_WORD` in `text` lower-cases to `word`. A match runs over a whole stretch of
 * letters, apostrophes and hyphens, from the first place in it where a lower-case letter follows neither a
 * letter nor a digit.
 */
function writtenInLowerCase(text: string, lower: string, word: string): boolean {
  for (let p = lower.indexOf(word); p >= 0; p = lower.indexOf(word, p + 1)) {
    const end = p + word.length;
    if (end < text.length && inWord(text.charCodeAt(end))) continue;
    let inside = true;
    for (let k = p; k < end && inside; k++) inside = inWord(text.charCodeAt(k));
    if (!inside) continue;
    let from = p;
    while (from > 0 && inWord(text.charCodeAt(from - 1))) from--;
    let start = -1;
    for (let r = from; r <= p && start < 0; r++) {
      if (isLower(text.charCodeAt(r)) && (r === 0 || !isLetterOrNumber(text.charCodeAt(r - 1)))) start = r;
    }
    if (start === p) return true;
  }
  return false;
}
