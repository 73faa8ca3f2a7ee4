// /v1/recur/api_keys (Recur's own): the Developers page's API keys. Changes run outside the request
// transaction so the verifier drops its cache only after they are committed.
import { route } from '../route.ts';
import { bool, int, oneOf, str, z } from '../params.ts';
import { createApiKey, listApiKeys, MAX_ROLL_GRACE, retrieveApiKey, revokeApiKey, rollApiKey } from '../../services/api-keys/api-keys.ts';

export const apiKeyRoutes = [
  route({
    method: 'GET',
    path: '/v1/recur/api_keys',
    summary: "List the account's API keys, masked, with the publishable key (Recur's own)",
    params: z.strictObject({ include_revoked: bool().optional() }),
    handler: function listApiKeysRoute(ctx, p) {
      return listApiKeys(ctx, p);
    },
  }),
  route({
    method: 'GET',
    path: '/v1/recur/api_keys/:id',
    summary: 'Retrieve an API key, masked (Recur\'s own)',
    params: z.strictObject({}),
    handler: function retrieveApiKeyRoute(ctx, _p, path) {
      return retrieveApiKey(ctx, path.id);
    },
  }),
  route({
    method: 'POST',
    path: '/v1/recur/api_keys',
    summary: "Create a secret key or a restricted read-only key; its secret is answered only here (Recur's own)",
    params: z.strictObject({ type: oneOf(['secret', 'restricted'] as const).optional(), name: str({ max: 100 }).optional() }),
    transaction: false,
    handler: function createApiKeyRoute(ctx, p) {
      return createApiKey(ctx, { type: p.type ?? 'secret', name: p.name });
    },
  }),
  route({
    method: 'POST',
    path: '/v1/recur/api_keys/:id/roll',
    summary: "Roll an API key: a new secret, answered once; the old one works for expires_in more seconds (Recur's own)",
    params: z.strictObject({ expires_in: int({ min: 0, max: MAX_ROLL_GRACE }).optional() }),
    transaction: false,
    handler: function rollApiKeyRoute(ctx, p, path) {
      return rollApiKey(ctx, path.id, p);
    },
  }),
  route({
    method: 'POST',
    path: '/v1/recur/api_keys/:id/revoke',
    summary: "Revoke an API key at once (Recur's own)",
    params: z.strictObject({}),
    transaction: false,
    handler: function revokeApiKeyRoute(ctx, _p, path) {
      return revokeApiKey(ctx, path.id);
    },
  }),
];
