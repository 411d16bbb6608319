import { ScorecardResponse } from '../../../contract/responses/scorecard.ts';
import { z } from '@hono/zod-openapi';
import { scorecardFor } from '../../app/scorecard.ts';
import type { App } from '../env.ts';
import { route } from '../openapi.ts';
import { ctxOf } from './ctx.ts';

const DateStr = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期应为 YYYY-MM-DD');
const ScorecardQuery = z.object({ from: DateStr, to: DateStr, compare: z.enum(['prev', 'yoy', 'none']).optional() });

/** The unit scorecard (单位考评): every unit for the bureau and leaders, its own card for a unit. */
export const scorecardRoutes = (app: App): void => {
  app.openapi(
    route({
      method: 'get',
      path: '/api/v1/scorecard',
      summary: '责任单位考评：各项指标、排名、与上期对比，每项数字可查看对应事项',
      tags: ['统计报告'],
      query: ScorecardQuery,
      response: ScorecardResponse,
    }),
    async (c) => {
      const q = c.req.valid('query');
      return c.json(await scorecardFor(c.get('deps'), ctxOf(c), q));
    },
  );
};
