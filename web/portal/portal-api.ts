// The portal's client: every request carries the session's secret in a header (never a cookie).
import { createClient } from '../shared/api.ts';

export const portalClient = (secret: string) => createClient(() => ({ 'x-recur-portal-session': secret }), { onReads: true });
export const publicClient = createClient(() => ({}));
