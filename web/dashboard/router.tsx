// A small history router for /dashboard/*: the path as state, links that push, and route patterns
// with `:params`.
import { useEffect, useState, type MouseEvent, type ReactNode } from 'react';
import { Anchor } from '@mantine/core';

export const BASE = '/dashboard';

const listeners = new Set<() => void>();
const current = () => location.pathname.replace(/^\/dashboard/, '') || '/';

export function navigate(to: string, replace = false) {
  const url = BASE + (to.startsWith('/') ? to : `/${to}`);
  if (replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  listeners.forEach((l) => l());
  window.scrollTo(0, 0);
}

export function usePath(): { path: string; search: URLSearchParams } {
  const [, force] = useState(0);
  useEffect(() => {
    const update = () => force((n) => n + 1);
    listeners.add(update);
    window.addEventListener('popstate', update);
    return () => {
      listeners.delete(update);
      window.removeEventListener('popstate', update);
    };
  }, []);
  return { path: current(), search: new URLSearchParams(location.search) };
}

/** `/customers/:id` against `/customers/cus_1` → `{ id: 'cus_1' }`, or null. */
export function matchRoute(pattern: string, path: string): Record<string, string> | null {
  const p = pattern.split('/').filter(Boolean);
  const s = path.split('/').filter(Boolean);
  if (p.length !== s.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    if (p[i].startsWith(':')) params[p[i].slice(1)] = decodeURIComponent(s[i]);
    else if (p[i] !== s[i]) return null;
  }
  return params;
}

export function Link({ to, children, ...rest }: { to: string; children: ReactNode; [k: string]: unknown }) {
  const onClick = (e: MouseEvent) => {
    if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
    e.preventDefault();
    navigate(to);
  };
  return (
    <Anchor href={BASE + to} onClick={onClick} {...rest}>
      {children}
    </Anchor>
  );
}
