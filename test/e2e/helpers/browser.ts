/**
 * Debian's Chromium driven by playwright-core for the call page's tests: a
 * fresh profile per browser, fake camera, fake microphone fed from a WAV,
 * and a person's way into a call (open the URL, type a name, press Join).
 * Everything it starts is stopped by `close()`, also when a test failed.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { chromium, type BrowserContext, type Page } from 'playwright-core';

import { chromiumArgs } from '../../helpers/chromium-args';

export interface BrowserOptions {
  /** A WAV the fake microphone plays (looped); without it Chromium's fake mic beeps. */
  microphoneWav?: string;
}

/** Speech for a fake microphone: flite reads `text` into a WAV in `dir`. */
export function speechWav(dir: string, text: string): string {
  const wav = path.join(dir, 'speech.wav');
  execFileSync('flite', ['-voice', 'rms', '-t', text, '-o', wav]);
  return wav;
}

/** One Chromium with its own temporary profile. */
export class TestBrowser {
  /** Messages the pages logged as errors, and uncaught page errors, for failure reports. */
  readonly pageErrors: string[] = [];

  private constructor(
    private readonly context: BrowserContext,
    private readonly profileDir: string,
  ) {}

  static async launch(options: BrowserOptions = {}): Promise<TestBrowser> {
    const profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dn-chromium-'));
    const args = chromiumArgs(options.microphoneWav);
    try {
      const context = await chromium.launchPersistentContext(profileDir, {
        executablePath: '/usr/bin/chromium',
        headless: true,
        args,
        viewport: { width: 1280, height: 720 },
      });
      return new TestBrowser(context, profileDir);
    } catch (err) {
      fs.rmSync(profileDir, { recursive: true, force: true });
      throw err;
    }
  }

  /** A new tab at `url`, collecting its errors. */
  async open(url: string): Promise<Page> {
    const page = await this.context.newPage();
    page.on('pageerror', (e) => this.pageErrors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') this.pageErrors.push(`console: ${m.text()}`);
    });
    await page.goto(url);
    return page;
  }

  /**
   * Opens `url`, types `name` into the labelled name field and presses
   * Join, like a person; resolves once the page is in the call.
   */
  async joinCall(url: string, name: string): Promise<Page> {
    const page = await this.open(url);
    await fillNameAndJoin(page, name);
    await page.waitForSelector('body[data-state="in-call"]', { timeout: 20_000 });
    return page;
  }

  /** Stops Chromium (through playwright, which owns the process) and deletes the profile. */
  async close(): Promise<void> {
    try {
      await this.context.close();
    } finally {
      fs.rmSync(this.profileDir, { recursive: true, force: true });
    }
  }
}

/** Types `name` into the field labelled "Your name" and presses Join. */
export async function fillNameAndJoin(page: Page, name: string): Promise<void> {
  await page.getByLabel('Your name').fill(name);
  await page.click('#join-button');
}

/** The page's own participant id once it has joined. */
export async function pageParticipantId(page: Page): Promise<string> {
  const id = await page.waitForFunction(() => window.__dailyPage?.participantId, undefined, { timeout: 15_000 });
  return (await id.jsonValue()) as string;
}

/** Resolves with the error page's `data-reason` once the page shows one. */
export async function errorReason(page: Page): Promise<string | null> {
  const errorPage = await page.waitForSelector('[data-testid="error-page"]', { timeout: 20_000 });
  return errorPage.getAttribute('data-reason');
}

declare global {
  interface Window {
    __dailyPage: { participantId: string | null; state: string };
  }
}
