import type { RouteModule } from './app.ts';
import { docTemplateRoutes } from './routes/doc-templates.routes.ts';
import { reportRoutes } from './routes/report.routes.ts';

/** Route modules beyond the core (reports, text intelligence, …), mounted by the composition root. */
export const extraRouteModules: RouteModule[] = [reportRoutes, docTemplateRoutes];
