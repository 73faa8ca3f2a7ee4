// The Stripe API version Recur answers in: the one pinned by the stripe npm package it is tested with.
export const STRIPE_API_VERSION = '2026-10-28.endive';
