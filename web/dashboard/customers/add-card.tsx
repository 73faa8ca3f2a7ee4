// Adds a test card to a customer and makes it the default for invoices (test mode: card numbers
// such as 4242 4242 4242 4242 or tokens such as pm_card_visa).
import type { Client } from '../../shared/api.ts';
import { CardForm } from '../../shared/card-form.tsx';
import { api as dashboardApi } from '../session.tsx';

/** Creates the card, attaches it and makes it the customer's default, through /v1. */
export async function addDefaultCard(api: Client, customer: string, card: { number: string; exp_month: number; exp_year: number; cvc: string }) {
  const pm = await api.post('/v1/payment_methods', { type: 'card', card });
  await api.post(`/v1/payment_methods/${pm.id}/attach`, { customer });
  await api.post(`/v1/customers/${customer}`, { invoice_settings: { default_payment_method: pm.id } });
  return pm;
}

export function AddCard({ customer, onAdded }: { customer: string; onAdded(): void }) {
  return (
    <CardForm
      submitLabel="Save card"
      onSubmit={async (card) => {
        await addDefaultCard(dashboardApi, customer, card);
        onAdded();
      }}
    />
  );
}
