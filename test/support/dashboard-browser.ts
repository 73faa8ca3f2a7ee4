// The dashboard in a real browser, for tests: the web bundle built into a temporary folder, a Recur
// serving it (its owner able to sign in), and Debian's Chromium driven by playwright-core.
// Screenshots go to test-artifacts/. `haveBrowser` is false, with a warning, when Chromium is absent.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createHash } from 'node:crypto';
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

/** A hash of everything the web bundle is built from (web/ and the src/ files it may import). */
function webSourceHash(): string {
  const hash = createHash('sha256');
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else hash.update(p).update(readFileSync(p));
    }
  };
  walk('web');
  walk('src');
  return hash.digest('hex').slice(0, 16);
}

/**
 * The web bundle, built once per source version and shared by the browser test files of a run (and
 * later runs): built into a folder of its own, then renamed into place; a file that finds it there
 * uses it.
 */
function buildWeb(): string {
  const webDir = join(tmpdir(), `recur-web-${webSourceHash()}`);
  if (existsSync(join(webDir, 'dashboard.html'))) return webDir;
  const building = mkdtempSync(join(tmpdir(), 'recur-web-build-'));
  const vite = join(dirname(createRequire(import.meta.url).resolve('vite/package.json')), 'bin/vite.js');
  const built = spawnSync(process.execPath, [vite, 'build', '--config', 'web/vite.config.ts', '--outDir', building, '--emptyOutDir'], { encoding: 'utf8' });
  if (built.status !== 0) {
    rmSync(building, { recursive: true, force: true });
    throw new Error(`vite build failed: ${built.stderr}`);
  }
  try {
    renameSync(building, webDir);
  } catch {
    // Another test file put the same bundle there first.
    rmSync(building, { recursive: true, force: true });
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
