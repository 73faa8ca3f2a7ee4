// `expand[]`: replaces ids in a response with the objects they name, along dotted paths
// (`latest_invoice.payment_intent`, `data.customer` in lists), as Stripe does.
import type { Db } from '../../store/db.ts';
import { loadAny } from '../../store/object-registry.ts';
import { invalidRequest } from '../../core/errors.ts';
import { taxIdList } from '../../store/tax-id-store.ts';

const MAX_DEPTH = 4;

/**
 * Fields Stripe leaves out of an object unless they are expanded (`expand[]=tiers`,
 * `expand[]=data.currency_options`), by object type. They are stored inline and removed here.
 */
const INCLUDABLE: Record<string, readonly string[]> = {
  price: ['tiers', 'currency_options'],
  invoice: ['payments'],
  charge: ['refunds'],
};

/**
 * Fields Stripe includes only when expanded whose data Recur keeps in a table of its own: loaded
 * here when asked for (a customer's `tax_ids`, its first page as Stripe embeds it).
 */
const LOADED: Record<string, Record<string, (db: Db, obj: Record<string, unknown>) => Promise<unknown>>> = {
  customer: { tax_ids: (db, customer) => taxIdList(db, customer.id as string) },
};

export function parseExpand(raw: unknown): string[] {
  if (raw === undefined) return [];
  const arr = Array.isArray(raw) ? raw : typeof raw === 'object' && raw ? Object.values(raw) : [raw];
  for (const p of arr) {
    if (typeof p !== 'string' || !/^[a-z_][a-z0-9_.]*$/.test(p))
      throw invalidRequest(`Invalid expand path: ${typeof p === 'string' ? p : JSON.stringify(p)}`, 'expand');
    if (p.split('.').length > MAX_DEPTH + 1)
      throw invalidRequest(`You cannot expand more than ${MAX_DEPTH} levels of a property. Property: ${p}`, 'expand');
  }
  return arr as string[];
}

export async function expandPaths(db: Db, body: unknown, paths: string[]): Promise<unknown> {
  for (const path of paths) await expandOne(db, body, path.split('.'), path);
  omitUnexpanded(body, '', new Set(paths));
  return body;
}

/** Removes includable fields whose path (arrays are transparent, as in expand paths) was not asked for. */
function omitUnexpanded(node: unknown, path: string, asked: Set<string>): void {
  if (Array.isArray(node)) {
    for (const item of node) omitUnexpanded(item, path, asked);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const obj = node as Record<string, unknown>;
  const includable = typeof obj.object === 'string' ? INCLUDABLE[obj.object] : undefined;
  if (includable) for (const f of includable) if (f in obj && !asked.has(path + f)) delete obj[f];
  for (const [k, v] of Object.entries(obj)) if (v !== null && typeof v === 'object' && k !== 'metadata') omitUnexpanded(v, `${path}${k}.`, asked);
}

async function expandOne(db: Db, node: unknown, parts: string[], full: string): Promise<void> {
  if (node === null || node === undefined) return;
  if (Array.isArray(node)) {
    for (const item of node) await expandOne(db, item, parts, full);
    return;
  }
  if (typeof node !== 'object') return;
  const obj = node as Record<string, unknown>;
  const [head, ...rest] = parts;
  if (typeof obj.object === 'string' && INCLUDABLE[obj.object]?.includes(head)) return;
  const load = typeof obj.object === 'string' && !obj.deleted && !Object.hasOwn(obj, head) ? LOADED[obj.object]?.[head] : undefined;
  if (load) {
    obj[head] = await load(db, obj);
    if (rest.length) await expandOne(db, obj[head], rest, full);
    return;
  }
  if (!Object.hasOwn(obj, head) || head === 'id' || head === 'object' || head === 'metadata')
    throw invalidRequest(`This property cannot be expanded (${head}).`, 'expand');
  let value = obj[head];
  // A list of ids (a subscription's `discounts`) expands each of them.
  if (Array.isArray(value) && value.every((v) => typeof v === 'string' || isExpandedObject(v))) {
    const loaded = [];
    for (const v of value) {
      const o = typeof v === 'string' ? await loadAny(db, v, head) : v;
      if (!o) throw invalidRequest(`This property cannot be expanded (${head}).`, 'expand');
      loaded.push(o);
    }
    obj[head] = loaded;
    if (rest.length) await expandOne(db, loaded, rest, full);
    return;
  }
  // Only ids (or null, or an object already expanded) can be expanded; an embedded hash only on the way to one.
  if (!rest.length && value !== null && typeof value !== 'string' && !isExpandedObject(value))
    throw invalidRequest(`This property cannot be expanded (${head}).`, 'expand');
  if (typeof value === 'string') {
    const loaded = await loadAny(db, value, head);
    if (!loaded) throw invalidRequest(`This property cannot be expanded (${head}).`, 'expand');
    obj[head] = loaded;
    value = loaded;
  }
  if (rest.length) await expandOne(db, value, rest, full);
}

const isExpandedObject = (v: unknown): boolean =>
  v !== null && typeof v === 'object' && !Array.isArray(v) && typeof (v as Record<string, unknown>).id === 'string' && typeof (v as Record<string, unknown>).object === 'string';
