import type { RouteModule } from './app.ts';
import { notificationRoutes } from './routes/notification.routes.ts';
import { reportRoutes } from './routes/report.routes.ts';
import { scorecardRoutes } from './routes/scorecard.routes.ts';
import { supervisionRoutes } from './routes/supervision.routes.ts';

/** Route modules beyond the core (reports, text intelligence, …), mounted by the composition root. */
export const extraRouteModules: RouteModule[] = [reportRoutes, scorecardRoutes, supervisionRoutes, notificationRoutes];
