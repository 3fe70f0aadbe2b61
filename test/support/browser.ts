import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium, headless; the flags keep it from calling home on a closed network. */
export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...extraArgs,
    ],
  });
}

/** Signs in through the control panel's own login form, as a person would. */
export async function signInThroughForm(page: Page, baseUrl: string, username: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/`);
  await page.locator('ctl-login input[name=username]').fill(username);
  await page.locator('ctl-login input[name=password]').fill(password);
  await page.locator('ctl-login button[type=submit]').click();
  await page.locator('[data-testid=me]').waitFor();
}
