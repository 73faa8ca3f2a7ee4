// /v1/recur/reports/* (Recur): the finance reports as JSON, and each as CSV with `.csv` — the same
// rows either way, computed in SQL by store/.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ServiceContext } from '../../core/context.ts';
import { ApiKeyVerifier } from '../http/auth.ts';
import { authenticate } from '../http/caller.ts';
import { csvLine, type Cell } from '../http/csv.ts';
import { mrrByCurrency, receivables } from '../../store/reports.ts';
import { failedPayments, mrrMovements, revenueCollected, subscriptionsByStatus } from '../../store/revenue-reports.ts';

type Rows = Array<Record<string, Cell>>;

interface Report {
  name: string;
  rows(ctx: ServiceContext): Promise<Rows>;
  /** Extra JSON fields beside `data`. */
  extra?(ctx: ServiceContext): Promise<Record<string, unknown>>;
}

const REPORTS: Report[] = [
  {
    name: 'mrr',
    rows: (ctx) => mrrMovements(ctx.db, ctx.clock.now()) as unknown as Promise<Rows>,
    extra: async (ctx) => ({ current: await mrrByCurrency(ctx.db, ctx.clock.now()) }),
  },
  { name: 'subscriptions', rows: (ctx) => subscriptionsByStatus(ctx.db) },
  { name: 'revenue', rows: (ctx) => revenueCollected(ctx.db) },
  { name: 'failed_payments', rows: (ctx) => failedPayments(ctx.db) },
  {
    name: 'receivables',
    rows: async (ctx) =>
      (await receivables(ctx.db, ctx.clock.now())).map((r) => ({ currency: r.currency, total: r.total, invoices: r.invoices, ...r.aging })),
  },
];

export function reportRoutes(context: ServiceContext) {
  const verifier = new ApiKeyVerifier(context.db, context.clock);
  const reportRoute = (report: Report, csv: boolean) =>
    async function reportAnswer(req: FastifyRequest, reply: FastifyReply) {
      await authenticate(context.db, context.clock, verifier, req);
      const rows = await report.rows(context);
      if (!csv) return { object: `recur.report.${report.name}`, ...(report.extra ? await report.extra(context) : {}), data: rows };
      const columns = rows.length ? Object.keys(rows[0]) : [];
      reply.header('content-disposition', `attachment; filename="${report.name}.csv"`).type('text/csv; charset=utf-8');
      return csvLine(columns) + rows.map((r) => csvLine(columns.map((c) => r[c]))).join('');
    };
  return (app: FastifyInstance) => {
    for (const report of REPORTS) {
      app.get(`/v1/recur/reports/${report.name}`, reportRoute(report, false));
      app.get(`/v1/recur/reports/${report.name}.csv`, reportRoute(report, true));
    }
  };
}
