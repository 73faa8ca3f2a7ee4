// The dashboard in a real browser, for tests: the web bundle built into a temporary folder, a Recur
// serving it (its owner able to sign in), and Debian's Chromium driven by playwright-core.
// Screenshots go to test-artifacts/. `haveBrowser` is false, with a warning, when Chromium is absent.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { tmpdir } from 'node:os';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { startRecur, type TestRecur } from './recur.ts';
import { OWNER } from './staff.ts';
import { ensureOwner } from '../../src/services/accounts/staff-tokens.ts';
import { webPages } from '../../src/api/web-pages.ts';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = join(process.cwd(), 'test-artifacts');

export const haveBrowser = existsSync(CHROMIUM);
if (!haveBrowser) console.warn(`browser tests skipped: ${CHROMIUM} is missing (apt-get install -y chromium)`);

/** How long a step in the browser may take: generous, the machine is shared. */
export const WAIT = 90_000;

export interface DashboardBrowser {
  r: TestRecur;
  browser: Browser;
  /** A page in a fresh browser context (1280×900 unless told), waiting up to WAIT, accepting every confirmation. */
  newPage(options?: BrowserContextOptions): Promise<Page>;
  close(): Promise<void>;
}

function buildWeb(): string {
  const webDir = mkdtempSync(join(tmpdir(), 'recur-web-'));
  const vite = join(dirname(createRequire(import.meta.url).resolve('vite/package.json')), 'bin/vite.js');
  const built = spawnSync(process.execPath, [vite, 'build', '--config', 'web/vite.config.ts', '--outDir', webDir, '--emptyOutDir'], { encoding: 'utf8' });
  if (built.status !== 0) {
    rmSync(webDir, { recursive: true, force: true });
    throw new Error(`vite build failed: ${built.stderr}`);
  }
  return webDir;
}

/** `compose`: options for the Recur under test (e.g. webhooks to private addresses). */
export async function startDashboardBrowser(compose?: NonNullable<Parameters<typeof startRecur>[0]>['compose']): Promise<DashboardBrowser> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const webDir = buildWeb();
  let r: TestRecur | undefined;
  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close();
    await r?.close();
    rmSync(webDir, { recursive: true, force: true });
  };
  try {
    r = await startRecur({ app: { plugins: [webPages(webDir)] }, compose });
    await ensureOwner(r.context(), OWNER);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  } catch (e) {
    await close();
    throw e;
  }
  const b = browser;
  const newPage = async (options: BrowserContextOptions = {}) => {
    const context = await b.newContext({ viewport: { width: 1280, height: 900 }, ...options });
    const page = await context.newPage();
    page.setDefaultTimeout(WAIT);
    page.on('dialog', (d) => d.accept());
    return page;
  };
  return { r, browser, newPage, close };
}

export const shot = (p: Page, name: string) => p.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });

/** Opens the dashboard of the Recur at `url` and submits its sign-in form. */
export async function signIn(p: Page, url: string, email: string, password: string) {
  await p.goto(`${url}/dashboard`);
  await p.getByLabel('Email').fill(email);
  await p.getByLabel('Password').fill(password);
  await p.getByRole('button', { name: 'Sign in' }).click();
}
