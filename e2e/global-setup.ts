import type { TestProject } from 'vitest/node';
import { startServer } from './harness';
import { startFakeRobot } from './fake-robot';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    /** The fake WeCom robot the server's WECOM_WEBHOOK_URL points at ('' when E2E_BASE_URL is used). */
    robotUrl: string;
  }
}

/** One real server for the whole suite; E2E_BASE_URL points the journeys at one already running. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (process.env.E2E_BASE_URL) {
    project.provide('baseUrl', process.env.E2E_BASE_URL.replace(/\/$/, ''));
    project.provide('robotUrl', '');
    return async () => {};
  }
  const robot = await startFakeRobot();
  const server = await startServer({ WECOM_WEBHOOK_URL: `${robot.url}/cgi-bin/webhook/send?key=e2e` });
  project.provide('baseUrl', server.baseUrl);
  project.provide('robotUrl', robot.url);
  return async () => {
    await server.stop();
    await robot.stop();
  };
}
