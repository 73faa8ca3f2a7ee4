// The page registry: every dashboard page with its route and, for top-level pages, its place in the
// navigation. Later capabilities (refunds, disputes, webhooks, email log) add their pages here.
import type { ComponentType } from 'react';
import { Overview } from './overview.tsx';
import { CustomersPage } from './customers/customers-page.tsx';
import { CustomerPage } from './customers/customer-page.tsx';
import { SubscriptionsPage } from './subscriptions/subscriptions-page.tsx';
import { SubscriptionPage } from './subscriptions/subscription-page.tsx';
import { NewSubscriptionPage } from './subscriptions/new-subscription-page.tsx';
import { TemplatesPage } from './subscriptions/templates-page.tsx';
import { InvoicesPage } from './invoices/invoices-page.tsx';
import { InvoicePage } from './invoices/invoice-page.tsx';
import { ReportsPage } from './reports/reports-page.tsx';
import { TestClocksPage } from './developers/test-clocks-page.tsx';
import { ApiKeysPage } from './developers/api-keys-page.tsx';
import { ProductsPage } from './catalog/products-page.tsx';
import { ProductPage } from './catalog/product-page.tsx';
import { CouponsPage } from './catalog/coupons-page.tsx';
import { TaxRatesPage } from './catalog/tax-rates-page.tsx';
import { StaffPage } from './settings/staff-page.tsx';
import { EmailLogPage } from './emails/email-log-page.tsx';
import { EmailSettingsPage } from './settings/email-settings-page.tsx';
import { RetrySettingsPage } from './settings/retry-settings-page.tsx';
import { ChargePage } from './charges/charge-page.tsx';
import { DisputesPage } from './charges/disputes-page.tsx';
import { MeterPage, MetersPage } from './billing/meters-page.tsx';
import { EventPage, EventsPage } from './developers/events-page.tsx';
import { WebhookEndpointPage, WebhooksPage } from './developers/webhooks-page.tsx';

export interface PageDef {
  path: string;
  component: ComponentType<any>;
  /** Shown in the navigation under this section with this label. */
  nav?: { section: 'Billing' | 'Catalog' | 'Reports' | 'Developers' | 'Settings'; label: string };
}

export const PAGES: PageDef[] = [
  { path: '/', component: Overview, nav: { section: 'Billing', label: 'Overview' } },
  { path: '/customers', component: CustomersPage, nav: { section: 'Billing', label: 'Customers' } },
  { path: '/customers/:id', component: CustomerPage },
  { path: '/subscriptions', component: SubscriptionsPage, nav: { section: 'Billing', label: 'Subscriptions' } },
  { path: '/subscriptions/new', component: NewSubscriptionPage },
  { path: '/subscriptions/:id', component: SubscriptionPage },
  { path: '/invoices', component: InvoicesPage, nav: { section: 'Billing', label: 'Invoices' } },
  { path: '/invoices/:id', component: InvoicePage },
  { path: '/disputes', component: DisputesPage, nav: { section: 'Billing', label: 'Disputes' } },
  { path: '/meters', component: MetersPage, nav: { section: 'Billing', label: 'Meters' } },
  { path: '/meters/:id', component: MeterPage },
  { path: '/charges/:id', component: ChargePage },
  { path: '/templates', component: TemplatesPage, nav: { section: 'Billing', label: 'Subscription templates' } },
  { path: '/products', component: ProductsPage, nav: { section: 'Catalog', label: 'Products and prices' } },
  { path: '/products/:id', component: ProductPage },
  { path: '/coupons', component: CouponsPage, nav: { section: 'Catalog', label: 'Coupons' } },
  { path: '/tax-rates', component: TaxRatesPage, nav: { section: 'Catalog', label: 'Tax rates' } },
  { path: '/reports', component: ReportsPage, nav: { section: 'Reports', label: 'Revenue and MRR' } },
  { path: '/developers/api-keys', component: ApiKeysPage, nav: { section: 'Developers', label: 'API keys' } },
  { path: '/developers/test-clocks', component: TestClocksPage, nav: { section: 'Developers', label: 'Test clocks' } },
  { path: '/developers/emails', component: EmailLogPage, nav: { section: 'Developers', label: 'Email log' } },
  { path: '/developers/events', component: EventsPage, nav: { section: 'Developers', label: 'Events' } },
  { path: '/developers/events/:id', component: EventPage },
  { path: '/developers/webhooks', component: WebhooksPage, nav: { section: 'Developers', label: 'Webhooks' } },
  { path: '/developers/webhooks/:id', component: WebhookEndpointPage },
  { path: '/settings/staff', component: StaffPage, nav: { section: 'Settings', label: 'Staff and account' } },
  { path: '/settings/emails', component: EmailSettingsPage, nav: { section: 'Settings', label: 'Emails' } },
  { path: '/settings/retries', component: RetrySettingsPage, nav: { section: 'Settings', label: 'Payment retries' } },
];

export interface NavSection {
  title: string;
  items: Array<{ to: string; label: string }>;
}

export const NAV_SECTIONS: NavSection[] = (['Billing', 'Catalog', 'Reports', 'Developers', 'Settings'] as const)
  .map((title) => ({ title, items: PAGES.filter((p) => p.nav?.section === title).map((p) => ({ to: p.path, label: p.nav!.label })) }))
  .filter((s) => s.items.length > 0);
