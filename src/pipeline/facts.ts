/**
 * The checkable facts of a text: numbers, money, percentages, dates, times, weekdays, years, ordinals and
 * vague quantities, each with its offsets in the text and a value that compares across spellings
 * ("$ 2.5 billion" = "$2.5 billion", "100,000" = "100000", "Dec. 7" = "December 7", "3:35 p.m." = "1535 GMT").
 */

export type FactKind = "number" | "money" | "percent" | "date" | "time" | "weekday" | "year" | "ordinal" | "vague";

export interface Fact {
  kind: FactKind;
  /** As written. */
  text: string;
  start: number;
  end: number;
  /** number, money, percent, year, ordinal: the value; time: minutes after midnight. */
  value?: number;
  /** time without a.m./p.m.: either half of the day may be meant. */
  ambiguousHalf?: boolean;
  /** date: month 1..12. */
  month?: number;
  /** date: the days named ("January 9 and 10" → [9, 10]); empty for a month alone. */
  days?: number[];
  year?: number;
  /** weekday 0..6 (Sunday = 0); vague: the phrase folded. */
  label?: string;
}

const MONTHS: Record<string, number> = {
  january: 1,
  jan: 1,
  february: 2,
  feb: 2,
  march: 3,
  mar: 3,
  april: 4,
  apr: 4,
  may: 5,
  june: 6,
  jun: 6,
  july: 7,
  jul: 7,
  august: 8,
  aug: 8,
  september: 9,
  sep: 9,
  sept: 9,
  october: 10,
  oct: 10,
  november: 11,
  nov: 11,
  december: 12,
  dec: 12,
};
const MONTH_RE =
  "(?:January|February|March|April|May|June|July|August|September|October|November|December|" +
  String.raw`Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)`;
const DAY_RE = "(\\d{1,2})(?:st|nd|rd|th)?";
const RANGE_RE = `(?:\\s*(?:and|to|-|–|—|&|through)\\s*${DAY_RE})?`;
const WEEKDAYS = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];

const UNITS: Record<string, number> = {
  zero: 0,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
  dozen: 12,
};
const SCALES: Record<string, number> = {
  hundred: 1e2,
  thousand: 1e3,
  million: 1e6,
  billion: 1e9,
  trillion: 1e12,
  bn: 1e9,
  mn: 1e6,
};
const ORDINALS: Record<string, number> = {
  second: 2,
  third: 3,
  fourth: 4,
  fifth: 5,
  sixth: 6,
  seventh: 7,
  eighth: 8,
  ninth: 9,
  tenth: 10,
};

function num(text: string): number {
  return Number(text.replace(/[,\s]/g, ""));
}

function scale(word: string | undefined): number {
  if (!word) return 1;
  const w = word.toLowerCase();
  if (w === "m") return 1e6;
  if (w === "k") return 1e3;
  return SCALES[w] ?? 1;
}

interface Rule {
  re: RegExp;
  /** The rule cannot match a text without an ASCII digit: such texts (most sentences) skip it. */
  digits?: true;
  /**
   * The rule cannot match a text that contains none of these (in any case): one test is much cheaper
   * than the rule. With `orDigits`, a digit is enough to run it as well.
   */
  words?: readonly string[];
  orDigits?: true;
  build: (m: RegExpExecArray) => Omit<Fact, "text" | "start" | "end"> | undefined;
}

const MONTH_WORDS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
/** Every number word of the rule below contains one of these ("thirteen" and "thirty" contain "thirt"). */
const NUMBER_WORDS = [
  "zero",
  "two",
  "three",
  "thirt",
  "four",
  "fort",
  "five",
  "fift",
  "six",
  "seven",
  "eight",
  "nine",
  "ten",
  "eleven",
  "twelve",
  "twent",
  "dozen",
];

const RULES: Rule[] = [
  {
    digits: true,
    re: new RegExp(
      String.raw`(?:(?:US|U\.S\.|A|C|NZ|HK)?\$|€|£|¥|\b(?:USD|EUR|GBP)\s?)\s?(\d[\d,]*(?:\.\d+)?)` +
        String.raw`(?:\s?(million|billion|trillion|bn|mn|m|k|thousand)\b)?`,
      "giu",
    ),
    build: (m) => ({ kind: "money", value: num(m[1]!) * scale(m[2]) }),
  },
  {
    digits: true,
    re: new RegExp(
      String.raw`\b(\d[\d,]*(?:\.\d+)?)\s?(million|billion|trillion|thousand)?\s?` +
        String.raw`(dollars|euros|pounds|yen|rubles|roubles|hryvnias?)\b`,
      "giu",
    ),
    build: (m) => ({ kind: "money", value: num(m[1]!) * scale(m[2]) }),
  },
  {
    digits: true,
    re: /\b(\d+(?:\.\d+)?)\s?(%|percent\b|per cent\b)/giu,
    build: (m) => ({ kind: "percent", value: Number(m[1]) }),
  },
  {
    digits: true,
    re: /\b(\d{1,2})(?:[:.](\d{2}))?\s?([ap])\.?\s?m\b\.?/giu,
    build: (m) => {
      let h = Number(m[1]) % 12;
      if (m[3]!.toLowerCase() === "p") h += 12;
      return { kind: "time", value: h * 60 + Number(m[2] ?? 0) };
    },
  },
  {
    digits: true,
    re: /\b([01]\d|2[0-3])([0-5]\d)\s?(?:GMT|UTC|Z|hours|hrs)\b/gu,
    build: (m) => ({ kind: "time", value: Number(m[1]) * 60 + Number(m[2]) }),
  },
  {
    digits: true,
    re: /\b([01]?\d|2[0-3]):([0-5]\d)\b/gu,
    build: (m) => ({ kind: "time", value: Number(m[1]) * 60 + Number(m[2]), ambiguousHalf: Number(m[1]) <= 12 }),
  },
  {
    words: ["noon", "midday", "midnight"],
    re: /\b(noon|midday|midnight)\b/giu,
    build: (m) => ({ kind: "time", value: m[1]!.toLowerCase() === "midnight" ? 0 : 720 }),
  },
  {
    digits: true,
    words: MONTH_WORDS,
    re: new RegExp(`\\b(${MONTH_RE})\\s+${DAY_RE}${RANGE_RE}(?:,?\\s+(\\d{4}))?(?!\\d)`, "gu"),
    build: (m) => dateFact(m[1]!, [m[2], m[3]], m[4]),
  },
  {
    digits: true,
    words: MONTH_WORDS,
    re: new RegExp(`\\b${DAY_RE}${RANGE_RE}\\s+(?:of\\s+)?(${MONTH_RE})(?:,?\\s+(\\d{4}))?(?![\\p{L}])`, "gu"),
    build: (m) => dateFact(m[3]!, [m[1], m[2]], m[4]),
  },
  {
    words: MONTH_WORDS,
    re: new RegExp(`\\b(${MONTH_RE})(?:\\s+(?:of\\s+)?(\\d{4}))?(?![\\p{L}])`, "gu"),
    build: (m) => {
      const name = m[1]!.replace(/\.$/, "").toLowerCase();
      // "May" and "March" are words as well as months: only with a year do they count alone.
      if ((name === "may" || name === "march" || name.length <= 4) && !m[2]) return undefined;
      return dateFact(m[1]!, [], m[2]);
    },
  },
  {
    words: ["day"],
    re: /\b(Sunday|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday)\b/gu,
    build: (m) => ({ kind: "weekday", label: String(WEEKDAYS.indexOf(m[1]!.toLowerCase())) }),
  },
  {
    words: ["tens", "hundreds", "thousands", "millions", "dozens", "scores"],
    re: /\b(tens|hundreds|thousands|millions|dozens|scores)(?:\s+of\s+(thousands|millions|billions))?\b/giu,
    build: (m) => ({ kind: "vague", label: m[0].toLowerCase().replace(/\s+/g, " ") }),
  },
  {
    digits: true,
    re: /(?<![\d.,])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(?:\s?(million|billion|trillion|thousand|bn|mn)\b)?/giu,
    build: (m) => {
      const value = Number(`${m[1]!.replace(/,/g, "")}${m[2] ? `.${m[2]}` : ""}`) * scale(m[3]);
      if (!m[2] && !m[3] && /^(19|20)\d\d$/.test(m[1]!)) return { kind: "year", value };
      return { kind: "number", value };
    },
  },
  {
    words: NUMBER_WORDS,
    re: new RegExp(
      String.raw`\b(?:(zero|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|` +
        "sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|dozen)" +
        String.raw`(?:[-\s](two|three|four|five|six|seven|eight|nine))?)(?:\s+(hundred|thousand|million|billion))?\b`,
      "giu",
    ),
    build: (m) => {
      const base = UNITS[m[1]!.toLowerCase()]! + (m[2] ? UNITS[m[2].toLowerCase()]! : 0);
      return { kind: "number", value: base * scale(m[3]) };
    },
  },
  {
    words: ["second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"],
    orDigits: true,
    re: /\b(second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d+(?:st|nd|rd|th))\b/giu,
    build: (m) => {
      const w = m[1]!.toLowerCase();
      return { kind: "ordinal", value: ORDINALS[w] ?? Number(w.replace(/\D/g, "")) };
    },
  },
];

/**
 * For the case-insensitive rules, the same pattern without the "u" flag: V8 runs it several times faster,
 * and it matches exactly the same unless the text has a long s or a Kelvin sign (which "iu" folds to s and k).
 */
const FAST = new Map<Rule, RegExp>(
  RULES.filter((r) => r.re.flags.includes("i") && r.re.flags.includes("u") && !r.re.source.includes("\\p")).map((r) => [
    r,
    new RegExp(r.re.source, r.re.flags.replace("u", "")),
  ]),
);
const FOLDS_IN_UNICODE = /[\u017f\u212a]/;
const WORD_TESTS = new Map<Rule, RegExp>(
  RULES.filter((r) => r.words).map((r) => [r, new RegExp(r.words!.join("|"), "i")]),
);

function dateFact(
  month: string,
  days: (string | undefined)[],
  year: string | undefined,
): Omit<Fact, "text" | "start" | "end"> | undefined {
  const m = MONTHS[month.replace(/\.$/, "").toLowerCase()];
  if (!m) return undefined;
  const dayNums = days.filter((d): d is string => d !== undefined).map(Number);
  if (dayNums.some((d) => d < 1 || d > 31)) return undefined;
  return { kind: "date", month: m, days: dayNums, ...(year ? { year: Number(year) } : {}) };
}

/**
 * All facts of a text, left to right; earlier rules win where matches overlap ("$2.5 billion" is money,
 * not a number; "January 10" is a date, not a number).
 *
 * @example
 * extractFacts("On Dec. 7, $ 2.5 billion").map((f) => f.kind) // ["date", "money"]
 */
export function extractFacts(text: string): Fact[] {
  const taken: [number, number][] = [];
  const out: Fact[] = [];
  const overlaps = (s: number, e: number) => taken.some(([a, b]) => s < b && e > a);
  const digits = hasDigit(text);
  const plain = !FOLDS_IN_UNICODE.test(text);
  for (const rule of RULES) {
    if (rule.digits && !digits) continue;
    // Without a long s or a Kelvin sign (which "iu" folds to s and k), a case-insensitive test of the rule's
    // words says whether it can match at all.
    if (rule.words && !(rule.orDigits && digits) && plain && !WORD_TESTS.get(rule)!.test(text)) continue;
    const re = (plain && FAST.get(rule)) || rule.re;
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const start = m.index;
      const end = start + m[0].length;
      if (m[0].trim() === "" || overlaps(start, end)) continue;
      const built = rule.build(m);
      if (!built) continue;
      taken.push([start, end]);
      // `build` makes a new object each time: completing it saves a copy (same keys, in the same order).
      const fact = built as Fact;
      fact.text = m[0];
      fact.start = start;
      fact.end = end;
      out.push(fact);
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

function hasDigit(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) return true;
  }
  return false;
}

/** Does `have` (from the evidence) state what `want` (from a claim) states? */
export function factMatches(want: Fact, have: Fact): boolean {
  const numeric = (k: FactKind) => k === "number" || k === "money" || k === "ordinal" || k === "year";
  switch (want.kind) {
    case "date":
      if (have.kind !== "date" || have.month !== want.month) return false;
      if (want.year !== undefined && have.year !== undefined && want.year !== have.year) return false;
      return (want.days ?? []).every((d) => (have.days ?? []).includes(d));
    case "time":
      if (have.kind !== "time") return false;
      if (have.value === want.value) return true;
      return (!!want.ambiguousHalf || !!have.ambiguousHalf) && have.value! % 720 === want.value! % 720;
    case "weekday":
    case "vague":
      return have.kind === want.kind && have.label === want.label;
    case "percent":
      return have.kind === "percent" && close(have.value!, want.value!);
    default:
      if (want.kind === "money" && have.kind !== "money" && have.kind !== "number") return false;
      if (have.kind === "date") {
        // "since 2011" is said by "since October 2011"; a day of the month is never a year.
        if (want.kind === "year") return have.year === want.value;
        return want.kind === "number" && ((have.days ?? []).includes(want.value!) || have.year === want.value);
      }
      if (!numeric(have.kind)) return false;
      return close(have.value!, want.value!);
  }
}

function close(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}
