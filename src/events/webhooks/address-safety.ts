// Which webhook URLs Recur may call: http and https only, and (unless the server allows them)
// no private, loopback, link-local or otherwise non-public addresses, checked when an endpoint is
// created and again on every connection, after DNS resolution (a name may rebind to 127.0.0.1).
import { isIP } from 'node:net';

/** Why the URL may not be used, or null. `hostname` literals are checked; names are checked at connect time. */
export function urlRefusal(raw: string, allowPrivate: boolean): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return `Invalid URL: ${raw}. Send an absolute http or https URL.`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `Invalid URL: ${raw}. Only http and https URLs are accepted.`;
  if (url.username || url.password) return `Invalid URL: ${raw}. URLs may not carry credentials.`;
  if (allowPrivate) return null;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) ? isPrivateAddress(host) : isLocalName(host))
    return `Invalid URL: ${raw}. Private, loopback and link-local addresses are not allowed (the server can allow them with RECUR_WEBHOOK_ALLOW_PRIVATE=1).`;
  return null;
}

function isLocalName(host: string): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  return h === 'localhost' || h.endsWith('.localhost') || h.endsWith('.local') || h.endsWith('.internal') || !h.includes('.');
}

/** True for addresses that are not publicly routable (IPv4 or IPv6, including IPv4-mapped IPv6). */
export function isPrivateAddress(address: string): boolean {
  const kind = isIP(address);
  if (kind === 4) return isPrivateV4(address);
  if (kind !== 6) return true;
  const a = address.toLowerCase();
  const mapped = a.match(/^(?:0*:)*(?:ffff:)?(\d+\.\d+\.\d+\.\d+)$/);
  if (mapped) return isPrivateV4(mapped[1]);
  const groups = expandV6(a);
  if (!groups) return true;
  if (groups.every((g) => g === 0)) return true; // ::
  if (groups.slice(0, 7).every((g) => g === 0) && groups[7] === 1) return true; // ::1
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) return isPrivateV4(v4Of(groups)); // ::ffff:a.b.c.d in hex
  const first = groups[0];
  return (
    (first & 0xfe00) === 0xfc00 || // fc00::/7 unique local
    (first & 0xffc0) === 0xfe80 || // fe80::/10 link-local
    (first & 0xffc0) === 0xfec0 || // fec0::/10 site-local (deprecated)
    (first & 0xff00) === 0xff00 || // multicast
    (first === 0x64 && groups[1] === 0xff9b) || // 64:ff9b::/96 NAT64 can reach private IPv4
    (first === 0x2001 && groups[1] === 0x0db8) // documentation
  );
}

function isPrivateV4(address: string): boolean {
  const [a, b] = address.split('.').map(Number);
  return (
    a === 0 ||
    a === 10 ||
    a === 127 ||
    (a === 100 && b >= 64 && b <= 127) ||
    (a === 169 && b === 254) ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 192 && b === 0) ||
    (a === 198 && (b === 18 || b === 19)) ||
    a >= 224
  );
}

function expandV6(a: string): number[] | null {
  const [head, tail] = a.split('::');
  if (a.split('::').length > 2) return null;
  const parse = (s: string) => (s ? s.split(':').map((g) => parseInt(g, 16)) : []);
  const h = parse(head);
  const t = tail === undefined ? [] : parse(tail);
  const fill = tail === undefined ? 0 : 8 - h.length - t.length;
  const groups = [...h, ...Array(Math.max(0, fill)).fill(0), ...t];
  return groups.length === 8 && groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : null;
}

const v4Of = (g: number[]) => `${g[6] >> 8}.${g[6] & 255}.${g[7] >> 8}.${g[7] & 255}`;
