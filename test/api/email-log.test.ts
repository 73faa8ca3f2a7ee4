// Without SMTP, emails are recorded and read at GET /v1/recur/emails; the switches and the
// settings endpoint refuse bad input as Stripe would.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectStripeError, startRecur, type TestRecur } from '../support/recur.ts';
import { runOutboxes } from '../../src/engine/engine-loop.ts';
import { EMAIL_RULES } from '../../src/domain/notifications/email-rules.ts';

for (const store of ['PostgreSQL', 'PGlite'] as const) {
  describe(`the email log without SMTP (${store})`, () => {
    let r: TestRecur;
    beforeAll(async () => {
      r = await startRecur({ pglite: store === 'PGlite' });
    });
    // On PGlite (what `npm start` uses) the first story shows the trigger and the log work there too.
    const full = store === 'PostgreSQL';
    afterAll(async () => r?.close());

    const tick = () => runOutboxes(r.recur.engine, r.clock);

    it('records a receipt with its rendered subject, text and HTML instead of sending it', async () => {
      const c = await r.stripe.customers.create({ email: 'ada@example.com', name: 'Ada', payment_method: 'pm_card_visa', invoice_settings: { default_payment_method: 'pm_card_visa' } });
      const price = await r.stripe.prices.create({ currency: 'eur', unit_amount: 123_456, recurring: { interval: 'year' }, product_data: { name: 'Annual' } });
      const sub = await r.stripe.subscriptions.create({ customer: c.id, items: [{ price: price.id }] });
      await tick();
      const list = await r.fetch(`/v1/recur/emails?customer=${c.id}`);
      expect(list.status).toBe(200);
      expect(list.body).toMatchObject({ object: 'list', url: '/v1/recur/emails', has_more: false });
      expect(list.body.data).toHaveLength(1);
      const email = list.body.data[0];
      expect(email).toMatchObject({
        object: 'recur.email',
        message: 'receipt',
        status: 'recorded',
        to: 'ada@example.com',
        from: 'Recur <billing@localhost>',
        customer: c.id,
        attempt_count: 0,
        sent_at: null,
      });
      expect(email.id).toMatch(/^email_/);
      expect(email.subject).toMatch(/^Your receipt from Recur #/);
      // 123456 cents = €1,234.56
      expect(email.text).toContain('€1,234.56');
      expect(email.html).toContain('€1,234.56');
      expect(email.html).toMatch(/^<!doctype html>/);
      const invoice = await r.stripe.invoices.retrieve(sub.latest_invoice as string);
      expect(email.text).toContain(invoice.hosted_invoice_url!);

      const one = await r.fetch(`/v1/recur/emails/${email.id}`);
      expect(one.body).toEqual(email);
      expect((await r.fetch(`/v1/recur/emails?message=receipt&status=recorded&event=${email.event}`)).body.data.map((e: any) => e.id)).toEqual([email.id]);
      expect((await r.fetch('/v1/recur/emails?status=sent')).body.data).toEqual([]);
    });

    it.runIf(full)('shows the settings and turns messages off and on', async () => {
      const got = await r.fetch('/v1/recur/settings/emails');
      expect(got.body).toMatchObject({
        object: 'recur.email_settings',
        account_name: 'Recur',
        owner_email: null,
        delivery: 'log',
        messages: { invoice_sent: true, receipt: true, payment_failed: true, subscription_canceled: true, refund_issued: true },
      });
      const post = (body: string) => r.fetch('/v1/recur/settings/emails', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
      const off = await post('messages[subscription_canceled]=false&account_name=Ada%27s%20Studio');
      expect(off.body).toMatchObject({ account_name: "Ada's Studio", messages: { subscription_canceled: false, receipt: true } });

      const c = await r.stripe.customers.create({ email: 'bo@example.com', payment_method: 'pm_card_visa', invoice_settings: { default_payment_method: 'pm_card_visa' } });
      const price = await r.stripe.prices.create({ currency: 'usd', unit_amount: 500, recurring: { interval: 'month' }, product_data: { name: 'Basic' } });
      const sub = await r.stripe.subscriptions.create({ customer: c.id, items: [{ price: price.id }] });
      await r.stripe.subscriptions.cancel(sub.id);
      await tick();
      const emails = (await r.fetch(`/v1/recur/emails?customer=${c.id}`)).body.data;
      expect(emails.map((e: any) => [e.message, e.subject.startsWith("Your receipt from Ada's Studio")])).toEqual([['receipt', true]]);
      expect(emails[0].html).toContain('Ada&#39;s Studio');

      const reset = await post('account_name=&messages[subscription_canceled]=true');
      expect(reset.body).toMatchObject({ account_name: 'Recur', messages: { subscription_canceled: true } });
    });

    it.runIf(full)('refuses bad settings naming the parameter, and changes nothing', async () => {
      const before = (await r.fetch('/v1/recur/settings/emails')).body;
      await expectStripeError(r.stripe.rawRequest('POST', '/v1/recur/settings/emails', { messages: { newsletter: 'true' } }), {
        status: 400,
        type: 'invalid_request_error',
        param: 'messages[newsletter]',
      });
      await expectStripeError(r.stripe.rawRequest('POST', '/v1/recur/settings/emails', { messages: { receipt: 'maybe' } }), {
        status: 400,
        param: 'messages[receipt]',
      });
      await expectStripeError(r.stripe.rawRequest('POST', '/v1/recur/settings/emails', { owner_email: 'not an address', messages: { receipt: 'false' } }), {
        status: 400,
        param: 'owner_email',
      });
      await expectStripeError(r.stripe.rawRequest('GET', '/v1/recur/emails?status=lost'), { status: 400, param: 'status' });
      await expectStripeError(r.stripe.rawRequest('GET', '/v1/recur/emails/email_nope'), { status: 404, type: 'invalid_request_error' });
      expect((await r.fetch('/v1/recur/settings/emails')).body).toEqual(before);
    });

    it.runIf(full)('describes the email endpoints in the OpenAPI document', async () => {
      const doc = (await r.fetch('/openapi.json')).body;
      expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/recur/emails', '/v1/recur/emails/{id}', '/v1/recur/settings/emails']));
      expect(doc.paths['/v1/recur/settings/emails'].post.requestBody).toBeDefined();
    });

    it.runIf(full)('has a rule for every event type that makes an email job, and a job type for every rule', async () => {
      const types = (await r.db.query('SELECT type FROM email_event_types ORDER BY type')).map((t) => t.type);
      expect(types).toEqual(Object.keys(EMAIL_RULES).sort());
    });
  });
}
