/**
 * Scores of a binary judge against human labels, shared by the QAGS suite and the external benchmark report:
 * balanced accuracy with its two recalls, and a percentile interval over resampled articles.
 */

export interface Scores {
  n: number;
  unsupported: number;
  balancedAccuracy: number | null;
  caught: number | null;
  kept: number | null;
}

/**
 * Balanced accuracy with "unsupported caught" (recall on unsupported) and "supported kept" (recall on supported).
 *
 * @example
 * score([{ supported: true, predicted: true }, { supported: false, predicted: true }])
 * // { n: 2, unsupported: 1, balancedAccuracy: 0.5, caught: 0, kept: 1 }
 */
export function score(items: { supported: boolean; predicted: boolean }[]): Scores {
  const pos = items.filter((x) => x.supported);
  const neg = items.filter((x) => !x.supported);
  const kept = pos.length === 0 ? null : pos.filter((x) => x.predicted).length / pos.length;
  const caught = neg.length === 0 ? null : neg.filter((x) => !x.predicted).length / neg.length;
  const balancedAccuracy = kept === null || caught === null ? null : (kept + caught) / 2;
  return { n: items.length, unsupported: neg.length, balancedAccuracy, caught, kept };
}

/** Resamples of the articles behind each interval: enough for a stable 2.5th and 97.5th percentile. */
export const RESAMPLES = 1000;

/**
 * A 95% percentile interval of `stat` over resamples of whole articles with replacement (a summary's sentences
 * share an article and a model, so they are not independent draws), from a fixed seed so that every run
 * reports the same interval for the same judgements.
 *
 * @example
 * bootstrap(items, (xs) => score(xs).balancedAccuracy) // [0.68, 0.79]
 */
export function bootstrap<T extends { article: string }>(
  items: readonly T[],
  stat: (sample: T[]) => number | null,
  resamples = RESAMPLES,
): [number, number] | null {
  const byArticle = new Map<string, T[]>();
  for (const x of items) {
    const list = byArticle.get(x.article);
    if (list) list.push(x);
    else byArticle.set(x.article, [x]);
  }
  const groups = [...byArticle.values()];
  if (groups.length < 2) return null;
  let seed = 20_260_529;
  const random = () => {
    // Park–Miller: a seeded generator, so the interval is reproducible.
    seed = (seed * 48_271) % 2_147_483_647;
    return seed / 2_147_483_647;
  };
  const values: number[] = [];
  for (let r = 0; r < resamples; r++) {
    const sample: T[] = [];
    for (let g = 0; g < groups.length; g++) sample.push(...groups[Math.floor(random() * groups.length)]!);
    const v = stat(sample);
    if (v !== null) values.push(v);
  }
  if (values.length === 0) return null;
  values.sort((a, b) => a - b);
  const at = (q: number) => values[Math.min(values.length - 1, Math.floor(q * values.length))]!;
  return [at(0.025), at(0.975)];
}
