// Recur's 3-D Secure test page (/recur/3ds/:id): where next_action.redirect_to_url sends the
// customer of a PaymentIntent or SetupIntent in requires_action. It is opened by the intent's own
// unguessable id (as Stripe's authentication links are) and offers Complete and Fail; the answer
// goes back to return_url when the intent named one, else to this page showing the outcome.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ServiceContext } from '../core/context.ts';
import { answerAuthentication, intentToAuthenticate, type AuthenticationAnswer } from '../services/payment-intents/authenticate-payment.ts';
import { formatMoney } from '../domain/notifications/format.ts';

const PAGE_HEADERS = {
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self' https: http:; frame-ancestors 'none'",
  'cache-control': 'no-store',
};

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(id: string, title: string, body: string): string {
  return `<!doctype html><html lang="en"><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${escape(title)}</title>
<style>body{font:16px system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem}button{font-size:1rem;padding:.6rem 1.2rem;margin-right:.5rem}</style>
<h1>${escape(title)}</h1><p>Test authentication for <code>${escape(id)}</code>.</p>${body}</html>`;
}

export function threeDSecurePages(context: ServiceContext) {
  const idOf = (req: FastifyRequest) => (req.params as { id: string }).id;

  async function authenticationPageRoute(req: FastifyRequest, reply: FastifyReply) {
    const id = idOf(req);
    reply.headers(PAGE_HEADERS).type('text/html; charset=utf-8');
    const intent = await intentToAuthenticate(context, id).catch(() => null);
    if (!intent) return reply.status(404).send(page(id, 'Not found', '<p>No payment is waiting here.</p>'));
    const what = intent.object === 'payment_intent' ? `a payment of ${escape(formatMoney(intent.amount, intent.currency))}` : 'saving your card';
    if (intent.status !== 'requires_action') return reply.send(page(id, 'Authentication', `<p>Status: <strong>${escape(intent.status)}</strong>.</p>`));
    const form = (answer: AuthenticationAnswer, label: string) =>
      `<form method="post" action="/recur/3ds/${encodeURIComponent(id)}/${answer}" style="display:inline"><button type="submit">${label}</button></form>`;
    return reply.send(page(id, '3-D Secure', `<p>Your bank asks you to confirm ${what}.</p>${form('complete', 'Complete')}${form('fail', 'Fail')}`));
  }

  const answerRoute = (answer: AuthenticationAnswer) =>
    async function authenticationAnswerRoute(req: FastifyRequest, reply: FastifyReply) {
      const id = idOf(req);
      const before = await intentToAuthenticate(context, id);
      const returnUrl = before.next_action?.redirect_to_url?.return_url ?? null;
      await answerAuthentication(context, id, answer);
      return reply.redirect(returnUrl ?? `/recur/3ds/${encodeURIComponent(id)}`, 303);
    };

  return (app: FastifyInstance) => {
    app.get('/recur/3ds/:id', authenticationPageRoute);
    app.post('/recur/3ds/:id/complete', answerRoute('complete'));
    app.post('/recur/3ds/:id/fail', answerRoute('fail'));
  };
}
