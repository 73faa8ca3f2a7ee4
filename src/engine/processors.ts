// Wires the services that own each kind of due work into the engine.
import { registerDueProcessor } from './due-work.ts';
import { processSubscriptionDue } from '../services/subscriptions/process-subscription-due.ts';
import { processInvoiceDue } from '../services/invoices/process-invoice-due.ts';

registerDueProcessor('subscription', processSubscriptionDue);
registerDueProcessor('invoice', processInvoiceDue);
