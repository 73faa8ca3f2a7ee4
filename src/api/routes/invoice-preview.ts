// Routes for this resource arrive with its implementation.
import type { RouteDef } from '../route.ts';

export const invoicePreviewRoutes: RouteDef[] = [];
