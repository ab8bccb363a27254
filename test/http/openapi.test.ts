import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createApp } from "../../src/http/app.js";
import { normalizeDocumentPaths, openApiPath, patternPath } from "../../src/http/openapi.js";

const app = createApp();
const env = { ENVIRONMENT: "test" };
const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/**
 * The structure OpenAPI 3.1 asks of what this service writes (a subset of the spec's own schema). Objects are
 * loose: fields not checked here pass through to the assertions below.
 */
const Media = z.record(z.string(), z.looseObject({ schema: z.unknown() }));
const Parameter = z.looseObject({
  name: z.string(),
  in: z.enum(["query", "header", "path", "cookie"]),
  required: z.boolean().optional(),
  schema: z.unknown(),
});
const Operation = z.looseObject({
  summary: z.string().optional(),
  parameters: z.array(Parameter).optional(),
  requestBody: z.looseObject({ content: Media }).optional(),
  responses: z.record(
    z.string().regex(/^([1-5]\d\d|[1-5]XX|default)$/),
    z.looseObject({ description: z.string(), content: Media.optional() }),
  ),
  security: z.array(z.record(z.string(), z.array(z.string()))).optional(),
});
const Document = z.looseObject({
  openapi: z.string().regex(/^3\.\d+\.\d+$/),
  info: z.looseObject({ title: z.string().min(1), version: z.string().min(1) }),
  paths: z.record(z.string().regex(/^\//), z.partialRecord(z.enum(METHODS), Operation)),
  components: z.looseObject({
    schemas: z.record(z.string().regex(/^[A-Za-z0-9._-]+$/), z.unknown()),
    securitySchemes: z.record(z.string(), z.looseObject({ type: z.string() })).optional(),
  }),
});
type Doc = z.infer<typeof Document>;

async function document(): Promise<Doc> {
  const res = await app.request("/openapi.json", {}, env);
  expect(res.status).toBe(200);
  return Document.parse(await res.json());
}

/** Every operation of the document with its method and path. */
function operationsOf(doc: Doc) {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).flatMap(([method, op]) => (op ? [{ method, path, op }] : [])),
  );
}

/** Every `method path` the app answers, read from Hono's own route table; "ALL" entries are middleware. */
function registeredOperations(): string[] {
  const operations = app.routes
    .filter((r) => r.method !== "ALL")
    .map((r) => `${r.method.toLowerCase()} ${openApiPath(r.path)}`);
  return [...new Set(operations)].sort();
}

function refsIn(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) refsIn(v, found);
  else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      if (k === "$ref" && typeof v === "string") found.push(v);
      else refsIn(v, found);
    }
  }
  return found;
}

describe("GET /openapi.json", () => {
  it("describes exactly the operations the app registers, no more and no fewer", async () => {
    const doc = await document();
    const documented = operationsOf(doc)
      .map(({ method, path }) => `${method} ${path}`)
      .sort();
    const registered = registeredOperations();
    expect(registered).toEqual(
      expect.arrayContaining(["get /healthz", "post /summarize", "post /articles", "get /digests/{id}", "get /docs"]),
    );
    expect(documented).toEqual(registered);
  });

  it("is structurally an OpenAPI 3.1 document whose every $ref resolves", async () => {
    const doc = await document();
    expect(doc.openapi).toMatch(/^3\.1\./);
    const refs = refsIn(doc);
    expect(refs.length).toBeGreaterThan(10);
    for (const ref of refs) {
      const name = /^#\/components\/schemas\/(.+)$/.exec(ref)?.[1];
      expect(name && doc.components.schemas[name], ref).toBeTruthy();
    }
  });

  it("declares every path parameter, and only those, on its operation", async () => {
    const doc = await document();
    for (const { path, op } of operationsOf(doc)) {
      const inPath = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      const declared = (op.parameters ?? []).filter((p) => p.in === "path");
      expect(declared.map((p) => p.name).sort(), path).toEqual(inPath);
      for (const p of declared) expect(p.required, `${path} ${p.name}`).toBe(true);
    }
  });

  it("gives every operation a success answer and documents its errors with the contract's envelope", async () => {
    const doc = await document();
    const errorStatuses = new Set<string>();
    for (const { method, path, op } of operationsOf(doc)) {
      const statuses = Object.keys(op.responses);
      expect(
        statuses.some((s) => s.startsWith("2")),
        `${method} ${path}`,
      ).toBe(true);
      for (const status of statuses.filter((s) => !s.startsWith("2"))) {
        errorStatuses.add(status);
        expect(op.responses[status]!.content?.["application/json"]?.schema, `${method} ${path} ${status}`).toEqual({
          $ref: "#/components/schemas/Error",
        });
      }
    }
    expect([...errorStatuses].sort()).toEqual(["400", "401", "404", "413", "429", "500", "502", "503", "504"]);
    expect(doc.components.schemas.Error).toMatchObject({ required: ["error"] });
  });

  it("marks exactly the write routes of the digest as needing the bearer token", async () => {
    const doc = await document();
    const secured = operationsOf(doc)
      .filter(({ op }) => op.security?.length)
      .map(({ method, path }) => `${method} ${path}`);
    expect(secured.sort()).toEqual(["post /articles", "post /digests"]);
    expect(doc.components.securitySchemes?.bearer).toMatchObject({ type: "http", scheme: "bearer" });
  });

  it("describes the request bodies with the same limits the validation enforces", async () => {
    const doc = await document();
    const ref = doc.paths["/summarize"]?.post?.requestBody?.content["application/json"]?.schema;
    expect(ref).toEqual({ $ref: "#/components/schemas/SummarizeRequest" });
    const body = doc.components.schemas.SummarizeRequest as { properties: { articles: unknown } };
    expect(body.properties.articles).toMatchObject({ minItems: 1, maxItems: 50 });
    const limit = doc.paths["/digests"]?.get?.parameters?.find((p) => p.name === "limit");
    expect(limit).toMatchObject({ in: "query", schema: { minimum: 1, maximum: 100 } });
  });
});

describe("requests checked by the route definitions", () => {
  it("answers a content type the route's media check refuses with the 400 envelope, not a 500", async () => {
    const headers = { "content-type": "application/json, text/plain" };
    const res = await app.request("/summarize", { method: "POST", headers, body: '{"articles":[{"text":"A."}]}' }, env);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error).toMatchObject({ code: "invalid_request", message: expect.stringMatching(/JSON/) });
  });
});

describe("paths between Hono and OpenAPI", () => {
  it("writes Hono parameters, with or without a regex and a literal suffix, as OpenAPI templates", () => {
    expect(openApiPath("/digests/:id{[A-Za-z0-9_-]+}")).toBe("/digests/{id}");
    expect(openApiPath("/digests/:id{[A-Za-z0-9_-]+\\.html}")).toBe("/digests/{id}.html");
    expect(openApiPath("/a/:x/b/:y")).toBe("/a/{x}/b/{y}");
  });

  it("routes a pattern path with Hono and documents it the OpenAPI way", () => {
    const json = patternPath("/digests", "id", "[A-Za-z0-9_-]+");
    const page = patternPath("/digests", "id", "[A-Za-z0-9_-]+", ".html");
    const doc = normalizeDocumentPaths({ paths: { [json]: 1, [page]: 2 } });
    expect(doc.paths).toEqual({ "/digests/{id}": 1, "/digests/{id}.html": 2 });
  });
});

describe("GET /docs", () => {
  it("answers with an HTML page that lists every documented operation", async () => {
    const res = await app.request("/docs", {}, env);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toMatch(/^<!doctype html>/i);
    expect(html).not.toMatch(/<script/i);
    for (const operation of registeredOperations()) {
      const [method, path] = operation.split(" ");
      expect(html).toContain(`${method!.toUpperCase()} ${path}`);
    }
    expect(html).toContain('href="/openapi.json"');
  });
});
