import type { RouteModule } from './app.ts';
import { backlogRoutes } from './routes/backlog.routes.ts';
import { campaignBoardRoutes, campaignRoutes } from './routes/campaign.routes.ts';
import { reportRoutes } from './routes/report.routes.ts';

/** Route modules beyond the core (reports, text intelligence, …), mounted by the composition root. */
export const extraRouteModules: RouteModule[] = [reportRoutes, campaignRoutes, backlogRoutes, campaignBoardRoutes];
