import type { TestProject } from "vitest/node";
import { startFeedServer } from "./feed-server.js";

declare module "vitest" {
  export interface ProvidedContext {
    feedPort: number;
  }
}

/** Starts the loopback news site for the workers-digest project and hands its port to the worker's env. */
export default async function setup(project: TestProject) {
  const server = await startFeedServer();
  project.provide("feedPort", server.port);
  return () => server.close();
}
