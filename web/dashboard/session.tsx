// The signed-in staff member, their CSRF token and the API client that sends it; viewers get
// read-only screens (and the server refuses their writes anyway).
import { createContext, useContext } from 'react';
import { createClient, type Client } from '../shared/api.ts';

export interface StaffAccount {
  id: string;
  email: string;
  role: 'owner' | 'admin' | 'viewer';
}

export interface Session {
  account: StaffAccount;
  csrf_token: string;
}

let csrf = '';
export const setCsrf = (token: string) => {
  csrf = token;
};
export const api: Client = createClient(() => ({ 'x-recur-csrf-token': csrf }));

export const SessionContext = createContext<{ session: Session; signOut(): void } | null>(null);

export function useSession() {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside the signed-in app');
  return { ...s, canWrite: s.session.account.role !== 'viewer' };
}
