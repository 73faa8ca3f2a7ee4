// The emails Recur sends, as staff read them in the log and the switches.
export const MESSAGE_LABELS: Record<string, string> = {
  invoice_sent: 'Invoice sent',
  receipt: 'Receipt',
  payment_failed: 'Payment failed',
  payment_action_required: 'Payment needs confirming (3-D Secure)',
  trial_will_end: 'Trial ending soon',
  subscription_canceled: 'Subscription canceled',
  refund_issued: 'Refund issued',
  webhook_endpoint_disabled: 'Webhook endpoint disabled (to the owner)',
};
