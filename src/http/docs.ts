import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import type { AppEnv } from "./app.js";
import { BEARER_SCHEME } from "./auth.js";
import { errorResponses, jsonResponse, normalizeDocumentPaths } from "./openapi.js";
import { LIMITS } from "./schemas.js";

const INFO = {
  title: "wirebrief",
  version: "1.0.0",
  description:
    "News summaries in which every sentence carries citations `{ articleId, quote, start, end }` with " +
    "`article.text.slice(start, end) === quote`, and scheduled digests of the news built the same way. " +
    `Up to ${LIMITS.articles} articles a request, each up to ${LIMITS.textChars.toLocaleString("en-US")} characters. ` +
    "Every error is `{ error: { code, message, details? } }`.",
};

const OpenApiDocumentSchema = z
  .object({
    openapi: z.string(),
    info: z.object({ title: z.string(), version: z.string() }).loose(),
    paths: z.record(z.string(), z.record(z.string(), z.unknown())),
    components: z.record(z.string(), z.unknown()).optional(),
  })
  .loose()
  .meta({ id: "OpenApiDocument" });

const specRoute = createRoute({
  method: "get",
  path: "/openapi.json",
  tags: ["docs"],
  summary: "This description, generated from the route definitions",
  responses: { 200: jsonResponse(OpenApiDocumentSchema, "OpenAPI 3.1"), ...errorResponses(500) },
});

const pageRoute = createRoute({
  method: "get",
  path: "/docs",
  tags: ["docs"],
  summary: "This description as a page for people",
  responses: {
    200: { description: "HTML, no scripts", content: { "text/html": { schema: z.string() } } },
    ...errorResponses(500),
  },
});

/** What the page reads of an OpenAPI document; the generator's own types stay inside the library. */
interface Doc {
  info: { title: string; version: string; description?: string };
  paths?: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, unknown> };
}
interface Operation {
  summary?: string;
  description?: string;
  security?: Record<string, string[]>[];
  parameters?: { name: string; in: string; required?: boolean; description?: string; schema?: unknown }[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: unknown }> };
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: unknown }> }>;
}

/**
 * Adds `GET /openapi.json` and `GET /docs` to the root app. Call it after every other route is mounted: the
 * document is generated from the root's registry, which `app.route()` fills with the sub-apps' definitions.
 *
 * @example
 * app.route("/", summarizeRoutes);
 * registerDocs(app);
 */
export function registerDocs(app: OpenAPIHono<AppEnv>): void {
  app.openAPIRegistry.registerComponent("securitySchemes", BEARER_SCHEME, {
    type: "http",
    scheme: "bearer",
    description: "INGEST_TOKEN; writes are refused when it is not set on the server",
  });
  // Generated on first use, when every route is registered; the routes do not change after that.
  let generated: ReturnType<typeof app.getOpenAPI31Document> | undefined;
  const document = () =>
    (generated ??= normalizeDocumentPaths(app.getOpenAPI31Document({ openapi: "3.1.0", info: INFO })));
  app.openapi(specRoute, (c) => c.json(document() as z.output<typeof OpenApiDocumentSchema>, 200));
  app.openapi(pageRoute, (c) => c.html(docsPage(document() as Doc), 200));
}

const METHODS = ["get", "post", "put", "patch", "delete"];

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[ch] ?? ch);

/** Escapes prose and shows its `backticks` as code. */
const prose = (s: string) => escapeHtml(s).replace(/`([^`]+)`/g, "<code>$1</code>");

/** A schema's name when it is a reference to a component, else its type in a few words. */
function schemaName(schema: unknown): string {
  if (!schema || typeof schema !== "object") return "";
  const s = schema as { $ref?: string; type?: unknown; items?: unknown };
  if (s.$ref) {
    const name = s.$ref.replace(/^#\/components\/schemas\//, "");
    return `<a href="#schema-${escapeHtml(name)}">${escapeHtml(name)}</a>`;
  }
  if (s.type === "array") return `${schemaName(s.items)}[]`;
  return typeof s.type === "string" ? escapeHtml(s.type) : "object";
}

const anchor = (method: string, path: string) => `${method}-${path}`.replace(/[^A-Za-z0-9_-]+/g, "-");

function operationHtml(method: string, path: string, op: Operation): string {
  const parts = [`<h3 id="${anchor(method, path)}"><code>${method.toUpperCase()} ${escapeHtml(path)}</code></h3>`];
  if (op.summary) parts.push(`<p><strong>${prose(op.summary)}</strong></p>`);
  if (op.description) parts.push(`<p>${prose(op.description)}</p>`);
  if (op.security?.length) parts.push("<p>Needs <code>Authorization: Bearer &lt;INGEST_TOKEN&gt;</code>.</p>");
  if (op.parameters?.length) {
    const rows = op.parameters.map(
      (p) =>
        `<tr><td><code>${escapeHtml(p.name)}</code></td><td>${escapeHtml(p.in)}</td><td>${schemaName(p.schema)}</td>` +
        `<td>${p.required ? "yes" : "no"}</td><td>${prose(p.description ?? "")}</td></tr>`,
    );
    parts.push(
      `<table><tr><th>parameter</th><th>in</th><th>type</th><th>required</th><th></th></tr>${rows.join("")}</table>`,
    );
  }
  for (const [type, media] of Object.entries(op.requestBody?.content ?? {})) {
    parts.push(`<p>Body (${escapeHtml(type)}): ${schemaName(media.schema)}</p>`);
  }
  const answers = Object.entries(op.responses ?? {}).map(([status, r]) => {
    const schemas = Object.values(r.content ?? {}).map((m) => schemaName(m.schema));
    return `<li><code>${escapeHtml(status)}</code> ${schemas.join(", ")} — ${prose(r.description ?? "")}</li>`;
  });
  if (answers.length > 0) parts.push(`<ul>${answers.join("")}</ul>`);
  return parts.join("\n");
}

/**
 * The OpenAPI document as a plain page: a table of routes, each operation with its parameters, body and
 * answers, and every schema. No scripts, so it reads the same anywhere.
 *
 * @example
 * docsPage(doc).startsWith("<!doctype html>") // true
 */
export function docsPage(doc: Doc): string {
  const operations = Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
    METHODS.flatMap((m) => (item[m] ? [{ method: m, path, op: item[m] }] : [])),
  );
  const index = operations.map(
    ({ method, path, op }) =>
      `<tr><td><a href="#${anchor(method, path)}"><code>${method.toUpperCase()} ${escapeHtml(path)}</code></a></td>` +
      `<td>${prose(op.summary ?? "")}</td></tr>`,
  );
  const schemas = Object.entries(doc.components?.schemas ?? {}).map(
    ([name, schema]) =>
      `<details id="schema-${escapeHtml(name)}"><summary><code>${escapeHtml(name)}</code></summary>` +
      `<pre>${escapeHtml(JSON.stringify(schema, null, 2))}</pre></details>`,
  );
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(doc.info.title)} API</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:56rem;margin:2rem auto;padding:0 1rem}
code,pre{background:#f4f4f4;padding:.1rem .3rem}pre{padding:1rem;overflow:auto}
table{border-collapse:collapse}td,th{border-bottom:1px solid #ddd;padding:.25rem .5rem;text-align:left}
h3{margin-top:2rem}</style>
</head><body>
<h1>${escapeHtml(doc.info.title)} API <small>${escapeHtml(doc.info.version)}</small></h1>
<p>${prose(doc.info.description ?? "")}</p>
<p>Generated from the route definitions; the machine-readable description is at
<a href="/openapi.json">/openapi.json</a>.</p>
<h2>Routes</h2>
<table>${index.join("\n")}</table>
${operations.map(({ method, path, op }) => operationHtml(method, path, op)).join("\n")}
<h2>Schemas</h2>
${schemas.join("\n")}
</body></html>`;
}
