import { describe, expect, it } from "vitest";
import { bootstrap, score } from "../../evals/scores.js";

describe("scores against human labels", () => {
  it("scores balanced accuracy from unsupported caught and supported kept", () => {
    const s = score([
      { supported: true, predicted: true },
      { supported: true, predicted: false },
      { supported: false, predicted: false },
      { supported: false, predicted: true },
      { supported: false, predicted: false },
    ]);
    expect(s).toEqual({ n: 5, unsupported: 3, balancedAccuracy: (0.5 + 2 / 3) / 2, caught: 2 / 3, kept: 0.5 });
  });

  it("gives a reproducible 95% interval over resampled articles that holds the point estimate", () => {
    const items = Array.from({ length: 60 }, (_, i) => ({
      article: `a${i % 20}`,
      supported: i % 3 !== 0,
      predicted: i % 3 !== 0 ? i % 5 !== 0 : i % 7 === 0,
    }));
    const ba = (xs: typeof items) => score(xs).balancedAccuracy;
    const ci = bootstrap(items, ba, 400)!;
    expect(ci).toEqual(bootstrap(items, ba, 400));
    expect(ci[0]).toBeLessThan(ba(items)!);
    expect(ci[1]).toBeGreaterThan(ba(items)!);
    const perfect = items.map((x) => ({ ...x, predicted: x.supported }));
    expect(bootstrap(perfect, ba, 100)).toEqual([1, 1]);
    expect(bootstrap(items.slice(0, 1), ba)).toBeNull();
  });
});
