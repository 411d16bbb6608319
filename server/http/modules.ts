import type { RouteModule } from './app.ts';
import { backlogRoutes } from './routes/backlog.routes.ts';
import { calendarNoticeRoutes } from './routes/calendar-notice.routes.ts';
import { campaignBoardRoutes, campaignRoutes } from './routes/campaign.routes.ts';
import { docTemplateRoutes } from './routes/doc-templates.routes.ts';
import { instructionRoutes } from './routes/instruction.routes.ts';
import { jobRoutes } from './routes/jobs.routes.ts';
import { linkRoutes } from './routes/links.routes.ts';
import { meetingRoutes } from './routes/meeting.routes.ts';
import { notificationRoutes } from './routes/notification.routes.ts';
import { reportRoutes } from './routes/report.routes.ts';
import { scorecardRoutes } from './routes/scorecard.routes.ts';
import { supervisionRoutes } from './routes/supervision.routes.ts';
import { textModelRoutes } from './routes/text-model.routes.ts';
import { handlerRoutes } from './routes/handler.routes.ts';
import { listViewRoutes } from './routes/list-views.routes.ts';
import { taxonomyAdminRoutes } from './routes/taxonomy.routes.ts';

/** Route modules beyond the core (reports, text intelligence, …), mounted by the composition root. */
export const extraRouteModules: RouteModule[] = [
  reportRoutes,
  linkRoutes,
  textModelRoutes,
  calendarNoticeRoutes,
  scorecardRoutes,
  supervisionRoutes,
  notificationRoutes,
  docTemplateRoutes,
  campaignRoutes,
  backlogRoutes,
  campaignBoardRoutes,
  instructionRoutes,
  jobRoutes,
  meetingRoutes,
  handlerRoutes,
  listViewRoutes,
  taxonomyAdminRoutes,
];
