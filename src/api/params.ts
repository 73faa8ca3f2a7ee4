// Request parameter schemas (zod) that accept both form-encoded strings and JSON values,
// and the translation of validation failures into Stripe-shaped errors naming the param.
import { z } from 'zod';
import { RecurError, invalidRequest, missingParam, unknownParam } from '../core/errors.ts';
import { isCurrency } from '../domain/currency.ts';

const INT_RE = /^-?\d+$/;
const DECIMAL_RE = /^-?\d+(\.\d+)?$/;
const show = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

export function int(opts: { min?: number; max?: number } = {}) {
  return z
    .union([z.number(), z.string()], { error: (iss) => `Invalid integer: ${show(iss.input)}` })
    .transform((v, ctx) => {
      const n = typeof v === 'number' ? v : INT_RE.test(v.trim()) ? Number(v) : NaN;
      if (!Number.isSafeInteger(n)) {
        ctx.issues.push({ code: 'custom', message: `Invalid integer: ${show(v)}`, input: v });
        return z.NEVER;
      }
      if (opts.min !== undefined && n < opts.min) {
        ctx.issues.push({ code: 'custom', message: `This value must be greater than or equal to ${opts.min}.`, input: v });
        return z.NEVER;
      }
      if (opts.max !== undefined && n > opts.max) {
        ctx.issues.push({ code: 'custom', message: `This value must be less than or equal to ${opts.max}.`, input: v });
        return z.NEVER;
      }
      return n;
    });
}

/** A decimal number sent as a string or number, kept as a canonical string (for unit_amount_decimal etc.). */
export function decimalString(opts: { min?: number } = {}) {
  return z
    .union([z.number(), z.string()], { error: (iss) => `Invalid decimal: ${show(iss.input)}` })
    .transform((v, ctx) => {
      const s = String(v).trim();
      if (!DECIMAL_RE.test(s) || s.replace(/[-.]/g, '').length > 30) {
        ctx.issues.push({ code: 'custom', message: `Invalid decimal: ${show(v)}`, input: v });
        return z.NEVER;
      }
      if (opts.min !== undefined && Number(s) < opts.min) {
        ctx.issues.push({ code: 'custom', message: `This value must be greater than or equal to ${opts.min}.`, input: v });
        return z.NEVER;
      }
      return s;
    });
}

export function bool() {
  return z
    .union([z.boolean(), z.enum(['true', 'false'])], { error: (iss) => `Invalid boolean: ${show(iss.input)}` })
    .transform((v) => v === true || v === 'true');
}

export function str(opts: { max?: number; min?: number } = {}) {
  const max = opts.max ?? 5000;
  return z
    .string({ error: (iss) => `Invalid string: ${show(iss.input)}` })
    .max(max, { error: `This value must be at most ${max} characters long.` })
    .min(opts.min ?? 0, { error: `This value must be at least ${opts.min ?? 0} characters long.` });
}

export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, {
    error: (iss) => `Invalid ${'value'}: must be one of ${values.join(', ')} (received ${show(iss.input)}).`,
  });
}

export function currency() {
  return z
    .string({ error: (iss) => `Invalid currency: ${show(iss.input)}` })
    .transform((v, ctx) => {
      const c = v.toLowerCase();
      if (!isCurrency(c)) {
        ctx.issues.push({ code: 'custom', message: `Invalid currency: ${v}. Recur supports ISO 4217 currency codes.`, input: v });
        return z.NEVER;
      }
      return c;
    });
}

/** Unix seconds. */
export const timestamp = () => int({ min: 0, max: 253402300799 });

/** `''` means "unset" in Stripe's form encoding; such params become null. */
export function emptyable<S extends z.ZodType>(schema: S) {
  return z.union([z.literal('').transform(() => null), schema]);
}

/** Metadata: up to 50 string keys (40 chars) with string values (500 chars); '' unsets a key or all of them. */
export function metadata() {
  const value = z.union([z.string(), z.number(), z.boolean()]).transform((v) => String(v));
  return emptyable(
    z
      .record(z.string(), z.union([value, z.null()]), { error: 'Invalid metadata: send a hash of string keys and values.' })
      .superRefine((m, ctx) => {
        const keys = Object.keys(m);
        if (keys.length > 50) ctx.addIssue({ code: 'custom', message: 'Metadata can have at most 50 keys.' });
        for (const k of keys) {
          if (k.length > 40) ctx.addIssue({ code: 'custom', path: [k], message: `Metadata keys can be at most 40 characters long (${k}).` });
          const v = m[k];
          if (typeof v === 'string' && v.length > 500)
            ctx.addIssue({ code: 'custom', path: [k], message: `Metadata values can be at most 500 characters long.` });
        }
      }),
  );
}

/** Arrays arrive as JS arrays (JSON, `a[0]=x`) or as objects with index keys (qs past its array limit). */
export function list<S extends z.ZodType>(item: S, opts: { max?: number } = {}) {
  return z.preprocess(
    (v) => {
      if (v && typeof v === 'object' && !Array.isArray(v)) {
        const keys = Object.keys(v);
        if (keys.every((k) => /^\d+$/.test(k)))
          return keys.sort((a, b) => Number(a) - Number(b)).map((k) => (v as any)[k]);
      }
      return v;
    },
    z.array(item, { error: (iss) => `Invalid array: ${show(iss.input)}` }).max(opts.max ?? 1000),
  );
}

/** One entry of `discounts`: a coupon, a promotion code, or a discount the object already has. */
export const discount = () => z.strictObject({ coupon: str().optional(), discount: str().optional(), promotion_code: str().optional() });

/** `discounts`: up to 20 entries; '' removes them all. */
export const discounts = () => emptyable(list(discount(), { max: 20 }));

/** `created[gte]=…` style range filters, or an exact value. */
export function rangeQuery() {
  return z.union([
    timestamp(),
    z.strictObject({ gt: timestamp().optional(), gte: timestamp().optional(), lt: timestamp().optional(), lte: timestamp().optional() }),
  ]);
}

export const listParams = {
  limit: int({ min: 1, max: 100 }).optional(),
  starting_after: str().optional(),
  ending_before: str().optional(),
  created: rangeQuery().optional(),
};

export const searchParams = {
  query: str({ max: 10000 }),
  limit: int({ min: 1, max: 100 }).optional(),
  page: str().optional(),
};

/**
 * Refuses, naming the parameter, a unit amount × quantity sent in one request whose product would
 * pass Number.MAX_SAFE_INTEGER minor units, so that the domain's arithmetic never overflows.
 */
export function checkSafeProduct(p: Record<string, unknown>, ctx: z.RefinementCtx, unitKeys: string[], quantityKey = 'quantity'): void {
  const unitKey = unitKeys.find((k) => p[k] !== undefined && p[k] !== null);
  if (!unitKey) return;
  const unit = Math.abs(Number(p[unitKey]));
  const quantity = p[quantityKey] === undefined || p[quantityKey] === null ? 1 : Math.abs(Number(p[quantityKey]));
  if (unit * quantity <= Number.MAX_SAFE_INTEGER) return;
  const culprit = quantity > 1 ? quantityKey : unitKey;
  ctx.addIssue({
    code: 'custom',
    path: [culprit],
    message: `${unitKey} × ${quantityKey} must stay below ${Number.MAX_SAFE_INTEGER} minor units.`,
    input: p[culprit],
  });
}

/** Turns a zod path into Stripe's bracket notation: items[0][price]. */
export function paramName(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (i === 0 ? String(p) : `[${String(p)}]`)).join('');
}

/** Validates params against a schema, throwing the Stripe-shaped error for the first problem. */
export function parseParams<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const r = schema.safeParse(input ?? {}, { reportInput: true });
  if (r.success) return r.data;
  throw toApiError(r.error.issues[0]);
}

function toApiError(issue: z.core.$ZodIssue): RecurError {
  const path = issue.path;
  if (issue.code === 'unrecognized_keys') return unknownParam(paramName([...path, issue.keys[0]]));
  const param = paramName(path);
  // A required enum (oneOf) that is absent fails as invalid_value; it is still a missing param.
  if ((issue.code === 'invalid_type' || issue.code === 'invalid_value') && issue.input === undefined) return missingParam(param);
  if (issue.code === 'invalid_union') {
    // Report the most specific branch's message when there is one.
    const inner = issue.errors.flat()[0];
    if (inner && issue.input === undefined) return missingParam(param);
    return invalidRequest(issue.message && !issue.message.startsWith('Invalid input') ? issue.message : `Invalid value for ${param}.`, param);
  }
  return invalidRequest(issue.message.startsWith('Invalid input') ? `Invalid value for ${param}: ${show(issue.input)}.` : issue.message, param);
}

export { z };

/** A postal address; every field optional, '' clears it. */
export function address() {
  const line = emptyable(str({ max: 500 })).optional();
  return z.strictObject({ city: line, country: line, line1: line, line2: line, postal_code: line, state: line });
}
