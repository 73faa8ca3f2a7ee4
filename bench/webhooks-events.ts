// The event the webhook benchmark sends: a customer.created of a realistic size (about 1.3 KB).
export function benchEvent(id: string, customer: string, sentMs: number) {
  return {
    id,
    object: 'event',
    api_version: '2026-10-28.endive',
    created: Math.floor(sentMs / 1000),
    data: {
      object: {
        id: customer,
        object: 'customer',
        address: { city: 'Lisbon', country: 'PT', line1: 'Rua Augusta 1', line2: null, postal_code: '1100-048', state: null },
        balance: 0,
        created: Math.floor(sentMs / 1000),
        currency: null,
        default_source: null,
        delinquent: false,
        description: 'Benchmark customer with a description of ordinary length',
        email: `${customer}@example.com`,
        invoice_prefix: 'BENCH001',
        invoice_settings: { custom_fields: null, default_payment_method: null, footer: null, rendering_options: null },
        livemode: false,
        metadata: { plan: 'pro', seats: '12', region: 'eu-west' },
        name: 'Benchmark Customer',
        phone: '+351 21 000 0000',
        preferred_locales: ['en', 'pt'],
        shipping: null,
        tax_exempt: 'none',
        test_clock: null,
        bench_sent_ms: sentMs,
      },
    },
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type: 'customer.created',
  };
}
