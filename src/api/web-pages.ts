// Serves the built browser apps (dist/web, from web/ by Vite): assets under /web/, the dashboard at
// /dashboard/*, the customer portal at /portal/* and the hosted invoice page at /invoices/:id.
import { existsSync, readFileSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>Recur</title><h1>Recur</h1>
<p>The dashboard has not been built. Run <code>npm run build</code> (it runs as part of <code>npm ci</code>).</p>`;

/** Security headers for the pages: no framing, no sniffing, scripts only from this origin. */
const PAGE_HEADERS = {
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'content-security-policy': "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'",
};

export function webPages(dir: string) {
  const page = (name: string) => {
    const file = join(dir, `${name}.html`);
    return existsSync(file) ? readFileSync(file, 'utf8') : NOT_BUILT;
  };

  async function assetRoute(req: FastifyRequest, reply: FastifyReply) {
    const rel = (req.params as { '*': string })['*'];
    const file = normalize(join(dir, rel));
    if (!file.startsWith(dir + sep) || !existsSync(file)) return reply.status(404).type('text/plain').send('Not found');
    reply.header('cache-control', rel.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
    return reply.type(TYPES[extname(file)] ?? 'application/octet-stream').send(readFileSync(file));
  }

  const htmlRoute = (name: 'dashboard' | 'portal') =>
    async function pageRoute(_req: FastifyRequest, reply: FastifyReply) {
      return reply.headers({ ...PAGE_HEADERS, 'cache-control': 'no-cache' }).type('text/html; charset=utf-8').send(page(name));
    };

  return (app: FastifyInstance) => {
    app.get('/web/*', assetRoute);
    app.get('/dashboard', htmlRoute('dashboard'));
    app.get('/dashboard/*', htmlRoute('dashboard'));
    app.get('/portal/*', htmlRoute('portal'));
    app.get('/invoices/:id', htmlRoute('portal'));
  };
}
