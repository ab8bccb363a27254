/**
 * Small, fast MinHash with LSH banding over 32-bit shingle hashes (typed arrays, Math.imul; no BigInt).
 * Candidate pairs come only from shared band buckets, so the work grows with the number of similar pairs,
 * never with all pairs.
 */

/** FNV-1a over a string: the shingle's 32-bit hash. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** murmur3's finaliser: a good 32-bit mixer, used with a per-permutation seed as the hash family. */
function mix(x: number): number {
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
  const set = new Set<number>();
  if (text.length > 0 && text.length < n) set.add(fnv1a(text));
  for (let i = 0; i + n <= text.length; i++) set.add(fnv1a(text.slice(i, i + n)));
  return Uint32Array.from(set).sort();
}

/** Exact Jaccard similarity of two sorted hash sets. */
export function jaccard(a: Uint32Array, b: Uint32Array): number {
  if (a.length === 0 && b.length === 0) return 1;
  const inter = intersectionSize(a, b);
  return inter / (a.length + b.length - inter);
}

/** Share of the smaller set found in the larger: catches a short copy of a longer story. */
export function containment(a: Uint32Array, b: Uint32Array): number {
  const smaller = Math.min(a.length, b.length);
  return smaller === 0 ? 0 : intersectionSize(a, b) / smaller;
}

function intersectionSize(a: Uint32Array, b: Uint32Array): number {
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
