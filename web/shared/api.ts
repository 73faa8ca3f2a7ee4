// The browser's client of Recur's API: JSON bodies, bracket-notation query strings, the CSRF header
// on every write, and Stripe's error object surfaced as ApiError (with the offending `param`).
export interface StripeErrorBody {
  type: string;
  code?: string;
  param?: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly error: StripeErrorBody,
  ) {
    super(error.message);
  }
}

export type Query = Record<string, unknown>;

export function toQuery(params: Query, prefix = ''): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '') continue;
    const key = prefix ? `${prefix}[${k}]` : k;
    if (Array.isArray(v)) v.forEach((item, i) => (typeof item === 'object' ? out.push(...toQuery(item, `${key}[${i}]`)) : out.push(`${encodeURIComponent(key)}[]=${encodeURIComponent(String(item))}`)));
    else if (typeof v === 'object') out.push(...toQuery(v as Query, key));
    else out.push(`${encodeURIComponent(key)}=${encodeURIComponent(String(v))}`);
  }
  return out;
}

export const withQuery = (path: string, params?: Query) => {
  const q = params ? toQuery(params).join('&') : '';
  return q ? `${path}${path.includes('?') ? '&' : '?'}${q}` : path;
};

/** `headers` go on writes (a CSRF token), or on every request with `onReads` (a portal session). */
export function createClient(headers: () => Record<string, string>, opts: { onReads?: boolean } = {}) {
  async function request<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
    const res = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(method !== 'GET' || opts.onReads ? headers() : {}) },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    let json: any = {};
    try {
      json = text ? JSON.parse(text) : {};
    } catch {
      json = { error: { type: 'api_error', message: text.slice(0, 200) } };
    }
    if (!res.ok) throw new ApiError(res.status, json.error ?? { type: 'api_error', message: `Request failed (${res.status})` });
    return json as T;
  }
  return {
    get: <T = any>(path: string, params?: Query) => request<T>('GET', withQuery(path, params)),
    post: <T = any>(path: string, body: unknown = {}) => request<T>('POST', path, body),
    del: <T = any>(path: string) => request<T>('DELETE', path),
  };
}

export type Client = ReturnType<typeof createClient>;

/** The message for one field, when the error names it (shown next to that field). */
export const fieldError = (err: unknown, param: string): string | undefined =>
  err instanceof ApiError && err.error.param && (err.error.param === param || err.error.param.startsWith(`${param}[`)) ? err.error.message : undefined;
