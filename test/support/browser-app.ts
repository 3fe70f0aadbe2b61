import { afterAll, beforeAll } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './browser.js';
import { startApp, type TestApp, type UserSpecs } from './app.js';

export type BrowserApp<K extends string> = TestApp<K> & { browser: Browser };

/**
 * One e2e file's server (its own database), its users and Chromium: started before the file's
 * tests, stopped after them. The fields are set once the file's beforeAll has run.
 */
export function useBrowserApp<K extends string = never>(users: UserSpecs<K> = {} as UserSpecs<K>): BrowserApp<K> {
  const app = {} as BrowserApp<K>;
  beforeAll(async () => {
    Object.assign(app, await startApp(users));
    app.browser = await launchChromium();
  });
  afterAll(async () => {
    await app.browser?.close();
    await app.server?.cleanup();
  });
  return app;
}

/** Where to leave screenshots of the pages for a person to look at; unset: none are taken. */
const SHOTS = process.env.PANO_SCREENSHOTS;

export async function screenshot(page: Page, name: string): Promise<void> {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}
