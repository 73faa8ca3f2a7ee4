// What every browser test of the dashboard starts from: the web pages built into a temporary folder,
// a Recur serving them with its owner account, and Debian's Chromium (playwright-core) with one page,
// optionally signed in. Screenshots go to test-artifacts/. Tests skip, saying why, without Chromium.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { tmpdir } from 'node:os';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startRecur, type TestRecur } from './recur.ts';
import { OWNER } from './staff.ts';
import { ensureOwner } from '../../src/services/accounts/staff-tokens.ts';
import { webPages } from '../../src/api/web-pages.ts';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = join(process.cwd(), 'test-artifacts');

export const haveBrowser = existsSync(CHROMIUM);
if (!haveBrowser) console.warn(`browser tests skipped: ${CHROMIUM} is missing (apt-get install -y chromium)`);

export const shot = (p: Page, name: string) => p.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });

export async function signIn(p: Page, url: string, email: string, password: string) {
  await p.goto(`${url}/dashboard`);
  await p.getByLabel('Email').fill(email);
  await p.getByLabel('Password').fill(password);
  await p.getByRole('button', { name: 'Sign in' }).click();
}

export interface Dashboard {
  r: TestRecur;
  browser: Browser;
  /** A 1280 × 900 page that accepts dialogs and downloads. */
  page: Page;
  close(): Promise<void>;
}

export async function startDashboard(opts: { wait: number; signedIn?: boolean; compose?: NonNullable<Parameters<typeof startRecur>[0]>['compose'] }): Promise<Dashboard> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const webDir = mkdtempSync(join(tmpdir(), 'recur-web-'));
  const vite = join(dirname(createRequire(import.meta.url).resolve('vite/package.json')), 'bin/vite.js');
  const built = spawnSync(process.execPath, [vite, 'build', '--config', 'web/vite.config.ts', '--outDir', webDir, '--emptyOutDir'], { encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`vite build failed: ${built.stderr}`);
  const r = await startRecur({ app: { plugins: [webPages(webDir)] }, compose: opts.compose });
  await ensureOwner(r.context(), OWNER);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  page.setDefaultTimeout(opts.wait);
  page.on('dialog', (d) => d.accept());
  if (opts.signedIn) {
    await signIn(page, r.url, OWNER.email, OWNER.password);
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
  }
  return {
    r,
    browser,
    page,
    async close() {
      await browser.close();
      await r.close();
      rmSync(webDir, { recursive: true, force: true });
    },
  };
}
