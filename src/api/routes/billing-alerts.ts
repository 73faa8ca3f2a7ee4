// /v1/billing/alerts: usage threshold alerts on meters (create, retrieve, list, activate, deactivate, archive).
import { route } from '../route.ts';
import { int, list, listParams, oneOf, str, z } from '../params.ts';
import { cond } from '../../store/objects.ts';
import { listEnvelope } from '../../store/list.ts';
import { changeAlertStatus, createAlert, loadAlert, publicAlert } from '../../services/alerts/alerts.ts';

const createParams = z.strictObject({
  alert_type: oneOf(['usage_threshold']),
  title: str({ min: 1, max: 256 }),
  usage_threshold: z
    .strictObject({
      gte: int({ min: 1 }),
      meter: str({ min: 1 }),
      recurrence: oneOf(['one_time']),
      filters: list(z.strictObject({ type: oneOf(['customer']), customer: str().optional() }), { max: 1 }).optional(),
    })
    .optional(),
});

const statusRoute = (move: 'activate' | 'deactivate' | 'archive', summary: string) =>
  route({
    method: 'POST',
    path: `/v1/billing/alerts/:id/${move}`,
    summary,
    params: z.strictObject({}),
    handler: function changeAlertStatusRoute(ctx, _p, path) {
      return changeAlertStatus(ctx, path.id, move);
    },
  });

export const billingAlertRoutes = [
  route({
    method: 'POST',
    path: '/v1/billing/alerts',
    summary: 'Create a billing alert',
    params: createParams,
    handler: function createAlertRoute(ctx, p) {
      return createAlert(ctx, p);
    },
  }),
  route({
    method: 'GET',
    path: '/v1/billing/alerts/:id',
    summary: 'Retrieve a billing alert',
    params: z.strictObject({}),
    handler: async function retrieveAlertRoute(ctx, _p, path) {
      return publicAlert(await loadAlert(ctx, path.id));
    },
  }),
  route({
    method: 'GET',
    path: '/v1/billing/alerts',
    summary: 'List billing alerts',
    params: z.strictObject({ ...listParams, alert_type: oneOf(['usage_threshold']).optional(), meter: str().optional() }),
    handler: async function listAlertsRoute(ctx, p) {
      const page = await listEnvelope<any>(ctx.db, 'billing_alerts', '/v1/billing/alerts', p, p.meter ? [cond('meter_id = ?', p.meter)] : [], 'billing alert');
      return { ...page, data: page.data.map(publicAlert) };
    },
  }),
  statusRoute('activate', 'Reactivate a billing alert'),
  statusRoute('deactivate', 'Deactivate a billing alert'),
  statusRoute('archive', 'Archive a billing alert'),
];
