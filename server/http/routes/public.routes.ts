import { z } from '@hono/zod-openapi';
import { SATISFACTION } from '../../../contract/enums.ts';
import { loadClockwork, todayOf } from '../../app/context.ts';
import { AppError } from '../../domain/errors.ts';
import { transition } from '../../domain/lifecycle.ts';
import { publicViewOf } from '../../domain/public-view.ts';
import { appendAudit } from '../../store/audit.store.ts';
import { loadItem, timelineOf } from '../../store/item.store.ts';
import { listUnits } from '../../store/reference.store.ts';
import { saveItemChange } from '../../app/derive.ts';
import type { App } from '../env.ts';
import { route } from '../openapi.ts';

const tags = ['信访人查询'];
const CodeParam = z.object({ code: z.string().regex(/^[A-Z2-9]{10}$/, '查询码为 10 位大写字母或数字') });

/**
 * What a petitioner sees with the query code: the whitelist of `publicViewOf` (progress addressed to the
 * petitioner, the answer to each demand, 复查/复核 outcomes and the right to ask further) and a rating form.
 * A wrong code answers one fixed message; the routes are throttled per client (app.ts).
 */
export function publicRoutes(app: App): void {
  app.openapi(
    route({
      method: 'get',
      path: '/api/v1/public/items/{code}',
      summary: '凭查询码查看办理进度',
      tags,
      params: CodeParam,
      public: true,
    }),
    async (c) => {
      const deps = c.get('deps');
      const id = await idOf(c.get('deps'), c.req.param('code')!);
      const item = (await loadItem(deps.db, id, deps.codec))!;
      const units = new Map((await listUnits(deps.db)).map((u) => [u.id, u.name]));
      const events = await timelineOf(deps.db, id);
      return c.json(publicViewOf(item, events, (u) => units.get(u) ?? null, todayOf(deps.clock())));
    },
  );

  app.openapi(
    route({
      method: 'post',
      path: '/api/v1/public/items/{code}/rating',
      summary: '信访人满意度评价',
      tags,
      params: CodeParam,
      public: true,
      body: z.object({
        satisfaction: z.enum(SATISFACTION.filter((s) => s !== '未评价') as ['满意', '基本满意', '不满意']),
        comment: z.string().max(1000).default(''),
      }),
    }),
    async (c) => {
      const deps = c.get('deps');
      const body = c.req.valid('json' as never) as { satisfaction: '满意' | '基本满意' | '不满意'; comment: string };
      const id = await idOf(deps, c.req.param('code')!);
      const now = deps.clock();
      await deps.db.transaction().execute(async (trx) => {
        const item = (await loadItem(trx, id, deps.codec))!;
        const cw = await loadClockwork(trx, now);
        const res = transition(
          item,
          { step: 'rate', on: cw.today, satisfaction: body.satisfaction, comment: body.comment },
          { today: cw.today, calendar: cw.calendar, rules: cw.rules },
        );
        await saveItemChange(trx, deps, cw, res.item, item.version, {
          at: now.toISOString(),
          onDate: cw.today,
          step: 'rate',
          author: { id: null, name: '信访人', role: null },
          summary: `信访人评价：${body.satisfaction}`,
        });
        await appendAudit(
          trx,
          {
            at: now.toISOString(),
            actorId: null,
            actorRole: 'petitioner',
            action: 'item.rate',
            itemId: id,
            detail: { satisfaction: body.satisfaction },
            requestId: c.get('requestId'),
          },
          deps,
        );
      });
      return c.json({ ok: true });
    },
  );
}

async function idOf(deps: import('../../app/context.ts').AppDeps, code: string): Promise<string> {
  const row = await deps.db
    .selectFrom('items')
    .select('id')
    .where('query_code_hash', '=', deps.codec.index('id', `query:${code}`))
    .executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', '查询码不正确，请核对登记时告知您的查询码');
  return row.id;
}
