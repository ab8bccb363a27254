import { describe, expect, it } from "vitest";
import { loadConfig } from "../src/env.js";
import { InternalError } from "../src/errors.js";

describe("loadConfig", () => {
  it("has no LLM when neither a key nor a base URL is set", () => {
    expect(loadConfig({}).llm).toBeUndefined();
    expect(loadConfig({ OPENAI_API_KEY: "", OPENAI_MODEL: "x" }).llm).toBeUndefined();
  });

  it("configures a keyless local server from its base URL alone", () => {
    expect(loadConfig({ OPENAI_BASE_URL: "http://127.0.0.1:11434/v1", OPENAI_MODEL: "llama3.1" }).llm).toEqual({
      apiKey: "not-needed",
      baseURL: "http://127.0.0.1:11434/v1",
      model: "llama3.1",
      timeoutMs: 30_000,
      concurrency: 4,
    });
  });

  it("reads numbers from strings, as wrangler vars are", () => {
    const llm = loadConfig({ OPENAI_API_KEY: "k", LLM_TIMEOUT_MS: "4000", LLM_CONCURRENCY: "2" }).llm!;
    expect([llm.timeoutMs, llm.concurrency]).toEqual([4000, 2]);
  });

  it("names the variable that is wrong", () => {
    expect(() => loadConfig({ LLM_TIMEOUT_MS: "soon" })).toThrow(/LLM_TIMEOUT_MS/);
    expect(() => loadConfig({ OPENAI_BASE_URL: "localhost:8080" })).toThrow(InternalError);
    expect(() => loadConfig({ OPENAI_BASE_URL: "localhost:8080" })).toThrow(/OPENAI_BASE_URL/);
  });

  it("splits FEEDS on commas", () => {
    expect(loadConfig({ FEEDS: " https://a.test/rss, ,https://b.test/atom " }).feeds).toEqual([
      "https://a.test/rss",
      "https://b.test/atom",
    ]);
  });
});
