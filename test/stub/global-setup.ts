import type { TestProject } from "vitest/node";
import { startStub } from "./openai-stub.js";

declare module "vitest" {
  export interface ProvidedContext {
    stubPort: number;
  }
}

/** Starts the OpenAI-compatible stub for the workers-llm project and hands its port to the worker's env. */
export default async function setup(project: TestProject) {
  const stub = await startStub();
  project.provide("stubPort", stub.port);
  return () => stub.close();
}
