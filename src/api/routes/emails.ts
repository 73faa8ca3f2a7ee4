// Recur's own email endpoints: the email log (GET /v1/recur/emails) and the account's email
// settings with one switch per message (GET/POST /v1/recur/settings/emails).
import { route } from '../route.ts';
import type { ServiceContext } from '../../core/context.ts';
import { resourceMissing } from '../../core/errors.ts';
import { bool, emptyable, listParams, oneOf, str, z } from '../params.ts';
import { cond, getObject } from '../../store/objects.ts';
import { listEnvelope } from '../../store/list.ts';
import type { EmailRecord } from '../../store/emails/email-log.ts';
import { EMAIL_MESSAGES, type EmailMessage } from '../../domain/notifications/email-message.ts';
import { retrieveEmailSettings, updateEmailSettings } from '../../services/emails/email-settings.ts';

const EMAIL_STATUSES = ['recorded', 'pending', 'sent', 'failed'] as const;

const listEmailsParams = z.strictObject({
  ...listParams,
  message: oneOf(EMAIL_MESSAGES).optional(),
  status: oneOf(EMAIL_STATUSES).optional(),
  customer: str().optional(),
  event: str().optional(),
});

function listEmailsRoute(ctx: ServiceContext, p: z.output<typeof listEmailsParams>) {
  return listEnvelope<EmailRecord>(
    ctx.db,
    'emails',
    '/v1/recur/emails',
    p,
    [
      ...(p.message ? [cond('message = ?', p.message)] : []),
      ...(p.status ? [cond('status = ?', p.status)] : []),
      ...(p.customer ? [cond('customer_id = ?', p.customer)] : []),
      ...(p.event ? [cond('event_id = ?', p.event)] : []),
    ],
    'recur.email',
  );
}

async function retrieveEmailRoute(ctx: ServiceContext, _p: unknown, path: Record<string, string>) {
  const email = await getObject<EmailRecord>(ctx.db, 'emails', path.id);
  if (!email) throw resourceMissing('recur.email', path.id);
  return email;
}

const EMAIL_ADDRESS = /^[^\s@<>()",;]+@[^\s@<>()",;]+$/;

function messageSwitches() {
  const optionalBool = () => bool().optional();
  return Object.fromEntries(EMAIL_MESSAGES.map((m) => [m, optionalBool()])) as Record<EmailMessage, ReturnType<typeof optionalBool>>;
}

const updateEmailSettingsParams = z.strictObject({
  account_name: emptyable(str({ max: 200, min: 1 })).optional(),
  owner_email: emptyable(
    str({ max: 512 }).refine((v) => EMAIL_ADDRESS.test(v), { error: 'Invalid email address: send one address such as owner@example.com.' }),
  ).optional(),
  messages: z.strictObject(messageSwitches()).optional(),
});

function updateEmailSettingsRoute(ctx: ServiceContext, p: z.output<typeof updateEmailSettingsParams>) {
  return updateEmailSettings(ctx, p);
}

export const emailRoutes = [
  route({
    method: 'GET',
    path: '/v1/recur/emails',
    summary: 'List the email log (Recur): every email rendered, newest first, with its subject, text, HTML, recipient and send status',
    params: listEmailsParams,
    handler: listEmailsRoute,
  }),
  route({
    method: 'GET',
    path: '/v1/recur/emails/:id',
    summary: 'Retrieve an email from the log (Recur)',
    params: z.strictObject({}),
    handler: retrieveEmailRoute,
  }),
  route({
    method: 'GET',
    path: '/v1/recur/settings/emails',
    summary: 'Retrieve the email settings (Recur): account name, owner address, delivery, one switch per message',
    params: z.strictObject({}),
    handler: (ctx) => retrieveEmailSettings(ctx),
  }),
  route({
    method: 'POST',
    path: '/v1/recur/settings/emails',
    summary: `Update the email settings (Recur): messages[NAME]=true|false turns a message on or off (${EMAIL_MESSAGES.join(', ')}); account_name and owner_email ('' unsets)`,
    params: updateEmailSettingsParams,
    handler: updateEmailSettingsRoute,
  }),
];
