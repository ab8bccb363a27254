import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { admission } from "../../src/http/admission.js";
import { renderError } from "../../src/http/app.js";

/** An app whose POST /work holds each request open until the test releases it, recording who got in. */
function gated(options: Parameters<typeof admission>[0]) {
  const started: string[] = [];
  const release = new Map<string, () => void>();
  const app = new Hono();
  app.use("*", admission(options));
  app.post("/work", async (c) => {
    const name = c.req.query("name")!;
    started.push(name);
    await new Promise<void>((done) => release.set(name, done));
    return c.json({ name });
  });
  app.get("/health", (c) => c.json({ ok: true }));
  app.onError((err, c) => renderError(err, c));
  const send = (name: string, bytes: number, signal?: AbortSignal) =>
    app.request(`/work?name=${name}`, {
      method: "POST",
      body: "x".repeat(bytes),
      headers: { "content-length": String(bytes) },
      ...(signal ? { signal } : {}),
    });
  return { app, started, release: (name: string) => release.get(name)!(), send };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe("admission", () => {
  it("lets requests whose bodies fit the budget together run at the same time", async () => {
    const g = gated({ budgetBytes: 100 });
    const answers = [g.send("a", 40), g.send("b", 40)];
    await tick();
    expect(g.started).toEqual(["a", "b"]);
    g.release("a");
    g.release("b");
    expect((await Promise.all(answers)).map((r) => r.status)).toEqual([200, 200]);
  });

  it("holds a request that does not fit until room is freed, and admits waiting ones in arrival order", async () => {
    const g = gated({ budgetBytes: 100 });
    const a = g.send("a", 60);
    await tick();
    const b = g.send("b", 60);
    await tick();
    // c would fit beside a, but b came first: c does not overtake it.
    const c = g.send("c", 10);
    await tick();
    expect(g.started).toEqual(["a"]);
    g.release("a");
    await a;
    await tick();
    expect(g.started).toEqual(["a", "b", "c"]);
    g.release("b");
    g.release("c");
    expect([(await b).status, (await c).status]).toEqual([200, 200]);
  });

  it("runs a request larger than the whole budget on its own rather than refusing it", async () => {
    const g = gated({ budgetBytes: 100 });
    const big = g.send("big", 500);
    await tick();
    const small = g.send("small", 1);
    await tick();
    expect(g.started).toEqual(["big"]);
    g.release("big");
    await big;
    await tick();
    expect(g.started).toEqual(["big", "small"]);
    g.release("small");
    expect((await small).status).toBe(200);
  });

  it("answers 429 with Retry-After in the error envelope when the waiting line is full", async () => {
    const g = gated({ budgetBytes: 100, maxQueued: 1 });
    const a = g.send("a", 100);
    const b = g.send("b", 100);
    await tick();
    const refused = await g.send("c", 100);
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe("1");
    const body = (await refused.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("rate_limited");
    g.release("a");
    await a;
    await tick();
    g.release("b");
    expect((await b).status).toBe(200);
  });

  it("lets GET requests through while POSTs wait", async () => {
    const g = gated({ budgetBytes: 10 });
    const a = g.send("a", 10);
    await tick();
    expect((await g.app.request("/health")).status).toBe(200);
    g.release("a");
    await a;
  });

  it("weighs a body without a Content-Length as the whole budget", async () => {
    const g = gated({ budgetBytes: 100 });
    const a = g.send("a", 1);
    await tick();
    const stream = new ReadableStream({
      start: (ctl) => {
        ctl.enqueue(new TextEncoder().encode("x"));
        ctl.close();
      },
    });
    const unknown = g.app.request("/work?name=u", { method: "POST", body: stream, duplex: "half" } as RequestInit);
    await tick();
    expect(g.started).toEqual(["a"]);
    g.release("a");
    await a;
    await tick();
    expect(g.started).toEqual(["a", "u"]);
    g.release("u");
    expect((await unknown).status).toBe(200);
  });

  it("takes a request whose client gave up out of the line, so those behind it move up", async () => {
    const g = gated({ budgetBytes: 100 });
    const a = g.send("a", 100);
    await tick();
    const gaveUp = new AbortController();
    const b = g.send("b", 100, gaveUp.signal);
    await tick();
    const c = g.send("c", 100);
    await tick();
    gaveUp.abort();
    expect((await b).status).toBe(429);
    g.release("a");
    await a;
    await tick();
    expect(g.started).toEqual(["a", "c"]);
    g.release("c");
    expect((await c).status).toBe(200);
  });

  it("gives back the bytes of a request that never finished once maxHoldMs has passed", async () => {
    let clock = 0;
    const g = gated({ budgetBytes: 100, maxHoldMs: 1_000, now: () => clock });
    void g.send("stuck", 100);
    await tick();
    const next = g.send("next", 50);
    await tick();
    expect(g.started).toEqual(["stuck"]);
    clock = 1_001;
    const later = g.send("later", 50);
    await tick();
    // Both are in: next was admitted first, though later's handler may start a microtask sooner.
    expect([...g.started].sort()).toEqual(["later", "next", "stuck"]);
    g.release("next");
    g.release("later");
    expect([(await next).status, (await later).status]).toEqual([200, 200]);
  });
});
