/**
 * Small, fast MinHash with LSH banding over 32-bit shingle hashes (typed arrays, Math.imul; no BigInt).
 * Candidate pairs come only from shared band buckets, so the work grows with the number of similar pairs,
 * never with all pairs.
 */

/**
 * FNV-1a over a string: the shingle's 32-bit hash.
 *
 * @example
 * fnv1a("abc") // 440920331
 */
export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * murmur3's finaliser: a good 32-bit mixer, used with a per-permutation seed as the hash family.
 *
 * @example
 * mix(1) // 1364076727
 */
export function mix(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

/**
 * Sorted, de-duplicated hashes of the character n-grams of `text`.
 *
 * @example
 * shingle("abcdef", 5).length // 2
 */
export function shingle(text: string, n = 5): Uint32Array {
  if (text.length === 0) return new Uint32Array(0);
  if (text.length < n) return Uint32Array.of(fnv1a(text));
  const all = new Uint32Array(text.length - n + 1);
  for (let i = 0; i + n <= text.length; i++) {
    // fnv1a(text.slice(i, i + n)), without making the slice.
    let h = 0x811c9dc5;
    for (let k = i; k < i + n; k++) {
      h ^= text.charCodeAt(k);
      h = Math.imul(h, 0x01000193);
    }
    all[i] = h >>> 0;
  }
  all.sort();
  let w = 0;
  for (let r = 0; r < all.length; r++) if (r === 0 || all[r] !== all[r - 1]) all[w++] = all[r]!;
  return all.slice(0, w);
}

/**
 * The hashes of every character n-gram of `text`, in text order, repeats included: what `similarPairs` takes
 * (it removes repeats itself), without a sort per text.
 *
 * @example
 * shingleHashes("abcdef", 5).length // 2
 */
export function shingleHashes(text: string, n = 5): Uint32Array {
  const all = new Uint32Array(shingleCount(text, n));
  writeShingleHashes(text, all, 0, n);
  return all;
}

/**
 * How many hashes `shingleHashes` gives for `text`.
 *
 * @example
 * shingleCount("abc", 5) // 1
 */
export function shingleCount(text: string, n = 5): number {
  return text.length === 0 ? 0 : text.length < n ? 1 : text.length - n + 1;
}

/**
 * `shingleHashes(text, n)` written into `out` from `at` (callers hashing many texts keep them in one buffer).
 *
 * @example
 * writeShingleHashes("abcdef", pool, 0) // pool[0], pool[1] set
 */
export function writeShingleHashes(text: string, out: Uint32Array, at: number, n = 5): void {
  if (text.length === 0) return;
  if (text.length < n) {
    out[at] = fnv1a(text);
    return;
  }
  for (let i = 0; i + n <= text.length; i++) {
    let h = 0x811c9dc5;
    for (let k = i; k < i + n; k++) {
      h ^= text.charCodeAt(k);
      h = Math.imul(h, 0x01000193);
    }
    out[at + i] = h >>> 0;
  }
}

type SortedSet = Uint32Array | Int32Array;

/** Exact Jaccard similarity of two sorted hash sets. */
export function jaccard(a: SortedSet, b: SortedSet): number {
  if (a.length === 0 && b.length === 0) return 1;
  const inter = intersectionSize(a, b);
  return inter / (a.length + b.length - inter);
}

/** Share of the smaller set found in the larger: catches a short copy of a longer story. */
export function containment(a: SortedSet, b: SortedSet): number {
  const smaller = Math.min(a.length, b.length);
  return smaller === 0 ? 0 : intersectionSize(a, b) / smaller;
}

/**
 * How many values two sorted sets share.
 *
 * @example
 * intersectionSize(Uint32Array.of(1, 2, 3), Uint32Array.of(2, 3, 4)) // 2
 */
export function intersectionSize(a: SortedSet, b: SortedSet): number {
  let i = 0;
  let j = 0;
  let inter = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x === y) {
      inter++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return inter;
}

export interface LshOptions {
  bands: number;
  rows: number;
}

const seedCache = new Map<number, Uint32Array>();
function seeds(count: number): Uint32Array {
  let s = seedCache.get(count);
  if (!s) {
    s = new Uint32Array(count);
    let x = 0x9e3779b9;
    for (let i = 0; i < count; i++) {
      x = mix(x + 0x9e3779b9);
      s[i] = x;
    }
    seedCache.set(count, s);
  }
  return s;
}

/** The MinHash signature of a shingle set: for each permutation, the smallest mixed hash. */
export function signature(shingles: Uint32Array, permutations: number): Uint32Array {
  const sig = new Uint32Array(permutations).fill(0xffffffff);
  const seed = seeds(permutations);
  for (let s = 0; s < shingles.length; s++) {
    const h = shingles[s]!;
    for (let p = 0; p < permutations; p++) {
      const v = mix(h ^ seed[p]!);
      if (v < sig[p]!) sig[p] = v;
    }
  }
  return sig;
}

/**
 * Pairs `[i, j]` (i < j) of items that share at least one LSH band bucket. With `rows` r and `bands` b, a pair
 * of Jaccard similarity J becomes a candidate with probability 1 - (1 - J^r)^b.
 *
 * @example
 * const sets = ["the talks in geneva", "the talks in geneva!", "unrelated"].map((t) => shingle(t));
 * lshCandidates(sets, { bands: 42, rows: 3 }) // [[0, 1]]
 */
export function lshCandidates(items: Uint32Array[], options: LshOptions): [number, number][] {
  const perms = options.bands * options.rows;
  const buckets = new Map<string, number[]>();
  items.forEach((set, index) => {
    if (set.length === 0) return;
    const sig = signature(set, perms);
    for (let b = 0; b < options.bands; b++) {
      let key = `${b}`;
      for (let r = 0; r < options.rows; r++) key += `:${sig[b * options.rows + r]}`;
      const bucket = buckets.get(key);
      if (bucket) bucket.push(index);
      else buckets.set(key, [index]);
    }
  });
  const seen = new Set<number>();
  const pairs: [number, number][] = [];
  const n = items.length;
  for (const bucket of buckets.values()) {
    for (let x = 0; x < bucket.length; x++) {
      for (let y = x + 1; y < bucket.length; y++) {
        const i = bucket[x]!;
        const j = bucket[y]!;
        const key = i * n + j;
        if (seen.has(key)) continue;
        seen.add(key);
        pairs.push([i, j]);
      }
    }
  }
  return pairs;
}

export interface SimilarPairsOptions {
  /** Pairs of items in the same group (the same article) are never returned. */
  group?: ArrayLike<number>;
  /**
   * Items indexed under one shingle, at most: a shingle that thousands of near-identical sentences share (a
   * liveblog's boilerplate, a text of a dozen words repeated) would otherwise pair all of them. Later items
   * are still compared with the first ones, which is enough to merge a group of near-duplicates.
   */
  maxPostings?: number;
}

export interface SimilarPairs {
  pairs: [number, number][];
  /**
   * Each set as the sorted ranks of its distinct shingles (rarest first): the same sets under another
   * numbering, so `jaccard` of two is the sets' Jaccard.
   */
  ranked: Int32Array[];
  /** Work done, for the bounds the tests hold: candidate pairs looked at, and shingles whose list was full. */
  work: { candidates: number; cappedShingles: number };
}

/**
 * Every pair `[j, i]` (j < i) of sets whose Jaccard similarity may reach `threshold`, by prefix filtering: with
 * the shingles of each set ordered rarest first, two sets that similar must share a shingle among the first
 * `|x| - ceil(threshold·|x|) + 1` of each. Exact (no similar pair is missed) while no shingle list is capped;
 * the work grows with the number of similar pairs, never with all pairs.
 *
 * @example
 * const sets = ["the talks in geneva", "the talks in geneva!", "unrelated"].map((t) => shingle(t));
 * similarPairs(sets, 0.45).pairs // [[0, 1]]
 */
export function similarPairs(sets: Uint32Array[], threshold: number, options: SimilarPairsOptions = {}): SimilarPairs {
  const maxPostings = options.maxPostings ?? Infinity;
  const total = sets.reduce((n, s) => n + s.length, 0);
  const table = new ShingleTable(total);
  // Repeats within a set are dropped here, so sets may come unsorted and with repeats (see shingleHashes).
  // Slots are numbered in order of creation, so there are at most `total` (the table itself is twice as large).
  const lastSet = new Int32Array(total).fill(-1);
  // Every set's slots in one buffer (views into it): a typed array of its own per set would cost an external
  // buffer each, which the garbage collector must sweep.
  const pool = new Int32Array(total);
  let used = 0;
  const slots = sets.map((set, i) => {
    const from = used;
    for (let k = 0; k < set.length; k++) {
      const slot = table.slotFor(set[k]!);
      if (lastSet[slot] === i) continue;
      lastSet[slot] = i;
      table.count(slot);
      pool[used++] = slot;
    }
    return pool.subarray(from, used);
  });
  const sorted = table.rankedSets(slots);
  const shared = table.singles();
  const postings: (number[] | undefined)[] = new Array<number[] | undefined>(table.size).fill(undefined);
  const full = new Uint8Array(table.size);
  const lastSeen = new Int32Array(sets.length).fill(-1);
  const pairs: [number, number][] = [];
  let candidates = 0;
  let cappedShingles = 0;
  for (let i = 0; i < sets.length; i++) {
    const size = sorted[i]!.length;
    if (size === 0) continue;
    const ordered = sorted[i]!;
    const prefix = size - Math.ceil(threshold * size) + 1;
    const gi = options.group?.[i];
    for (let k = 0; k < prefix; k++) {
      const r = ordered[k]!;
      // A shingle of one set only pairs nothing (ranks below `shared` are those).
      if (r < shared) continue;
      const list = postings[r];
      if (!list) {
        postings[r] = [i];
        continue;
      }
      for (const j of list) {
        if (lastSeen[j] === i) continue;
        lastSeen[j] = i;
        if (gi !== undefined && options.group![j] === gi) continue;
        const other = sorted[j]!.length;
        // Jaccard can reach the threshold only between sets of comparable size.
        if (other < threshold * size || size < threshold * other) continue;
        candidates++;
        pairs.push([j, i]);
      }
      if (list.length < maxPostings) list.push(i);
      else if (full[r] === 0) {
        full[r] = 1;
        cappedShingles++;
      }
    }
  }
  return { pairs, ranked: sorted, work: { candidates, cappedShingles } };
}

/**
 * Distinct shingle hashes, each with a slot and a count (open addressing on typed arrays): the global order
 * prefix filtering needs is rarest first, ties by hash.
 */
class ShingleTable {
  private readonly keys: Uint32Array;
  private readonly slotOf: Int32Array;
  private readonly hashes: number[] = [];
  private readonly counts: number[] = [];
  private readonly mask: number;

  constructor(capacity: number) {
    let n = 16;
    while (n < capacity * 2) n *= 2;
    this.keys = new Uint32Array(n);
    this.slotOf = new Int32Array(n).fill(-1);
    this.mask = n - 1;
  }

  get size(): number {
    return this.hashes.length;
  }

  /** The slot of `hash`, made (with count 0) if it is new. */
  slotFor(hash: number): number {
    let at = mix(hash) & this.mask;
    for (;;) {
      const slot = this.slotOf[at]!;
      if (slot < 0) {
        const created = this.hashes.length;
        this.keys[at] = hash;
        this.slotOf[at] = created;
        this.hashes.push(hash);
        this.counts.push(0);
        return created;
      }
      if (this.keys[at] === hash) return slot;
      at = (at + 1) & this.mask;
    }
  }

  /** One more set holds this slot. */
  count(slot: number): void {
    this.counts[slot]!++;
  }

  /** How many shingles occur once: rarest first, they hold ranks 0 to this number - 1. */
  singles(): number {
    let n = 0;
    for (const c of this.counts) if (c === 1) n++;
    return n;
  }

  /**
   * Each set's slots replaced by their rank in the global order (rarest first, ties by first appearance) and
   * in ascending order: counting sorts over all sets at once, no comparison sort per set.
   */
  rankedSets(slots: Int32Array[]): Int32Array[] {
    const n = this.hashes.length;
    let maxCount = 0;
    for (const c of this.counts) if (c > maxCount) maxCount = c;
    const start = new Int32Array(maxCount + 2);
    for (const c of this.counts) start[c + 1]!++;
    for (let c = 1; c < start.length; c++) start[c]! += start[c - 1]!;
    const rank = new Int32Array(n);
    const slotAt = new Int32Array(n);
    for (let slot = 0; slot < n; slot++) {
      const r = start[this.counts[slot]!]!++;
      rank[slot] = r;
      slotAt[r] = slot;
    }
    // The sets holding each slot (a slot is in `count` sets), then each set filled in rank order.
    const offset = new Int32Array(n + 1);
    for (let slot = 0; slot < n; slot++) offset[slot + 1] = offset[slot]! + this.counts[slot]!;
    const holders = new Int32Array(offset[n]!);
    const cursor = offset.slice(0, n);
    slots.forEach((own, set) => {
      for (let k = 0; k < own.length; k++) holders[cursor[own[k]!]!++] = set;
    });
    // One buffer for all the ranked sets too (see `similarPairs`).
    const pool = new Int32Array(slots.reduce((sum, own) => sum + own.length, 0));
    let used = 0;
    const out = slots.map((own) => pool.subarray(used, (used += own.length)));
    const fill = new Int32Array(slots.length);
    for (let r = 0; r < n; r++) {
      const slot = slotAt[r]!;
      for (let h = offset[slot]!; h < offset[slot + 1]!; h++) {
        const set = holders[h]!;
        out[set]![fill[set]!++] = r;
      }
    }
    return out;
  }
}
