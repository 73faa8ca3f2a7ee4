// /v1/disputes: retrieve, list (charge, payment_intent), update (evidence, metadata, submit), close.
import { route } from '../route.ts';
import { bool, listParams, metadata, oneOf, str, z } from '../params.ts';
import { cond } from '../../store/objects.ts';
import { listEnvelope } from '../../store/list.ts';
import { loadDispute } from '../../services/disputes/dispute-store.ts';
import { acceptDispute, updateDisputeEvidence } from '../../services/disputes/change-dispute.ts';
import { mergeMetadata } from '../../domain/metadata.ts';

const text = () => str({ max: 20_000 }).optional();

const evidence = z.strictObject({
  access_activity_log: text(),
  billing_address: text(),
  cancellation_policy: text(),
  cancellation_policy_disclosure: text(),
  cancellation_rebuttal: text(),
  customer_communication: text(),
  customer_email_address: text(),
  customer_name: text(),
  customer_purchase_ip: text(),
  customer_signature: text(),
  duplicate_charge_documentation: text(),
  duplicate_charge_explanation: text(),
  duplicate_charge_id: text(),
  product_description: text(),
  receipt: text(),
  refund_policy: text(),
  refund_policy_disclosure: text(),
  refund_refusal_explanation: text(),
  service_date: text(),
  service_documentation: text(),
  shipping_address: text(),
  shipping_carrier: text(),
  shipping_date: text(),
  shipping_documentation: text(),
  shipping_tracking_number: text(),
  uncategorized_file: text(),
  uncategorized_text: text(),
});

const publicDispute = async (p: Promise<{ customerId?: string | null }>) => {
  const { customerId: _c, ...d } = await p;
  return d;
};

export const disputeRoutes = [
  route({
    method: 'GET',
    path: '/v1/disputes/:id',
    summary: 'Retrieve a dispute',
    params: z.strictObject({}),
    handler: function retrieveDisputeRoute(ctx, _p, path) {
      return publicDispute(loadDispute(ctx.db, path.id));
    },
  }),
  route({
    method: 'POST',
    path: '/v1/disputes/:id',
    summary: 'Update a dispute: evidence, metadata, submit',
    params: z.strictObject({
      evidence: evidence.optional(),
      metadata: metadata().optional(),
      submit: bool().optional(),
      intended_submission_method: oneOf(['manual', 'prefer_manual', 'prefer_smart_disputes', 'smart_disputes']).optional(),
    }),
    handler: async function updateDisputeRoute(ctx, p, path) {
      const current = await loadDispute(ctx.db, path.id);
      return updateDisputeEvidence(ctx, path.id, {
        evidence: p.evidence,
        metadata: p.metadata === undefined ? undefined : mergeMetadata(current.metadata ?? {}, p.metadata),
        submit: p.submit,
      });
    },
  }),
  route({
    method: 'POST',
    path: '/v1/disputes/:id/close',
    summary: 'Close a dispute: accept it (lost)',
    params: z.strictObject({}),
    handler: function closeDisputeRoute(ctx, _p, path) {
      return acceptDispute(ctx, path.id);
    },
  }),
  route({
    method: 'GET',
    path: '/v1/disputes',
    summary: 'List disputes',
    params: z.strictObject({ ...listParams, charge: str().optional(), payment_intent: str().optional() }),
    handler: function listDisputesRoute(ctx, p) {
      const { charge, payment_intent, ...page } = p;
      return listEnvelope(
        ctx.db,
        'disputes',
        '/v1/disputes',
        page,
        [...(charge !== undefined ? [cond('charge_id = ?', charge)] : []), ...(payment_intent !== undefined ? [cond('payment_intent_id = ?', payment_intent)] : [])],
        'dispute',
      );
    },
  }),
];
