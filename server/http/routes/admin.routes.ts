import {
  CalendarDueResponse,
  CalendarIsWorkdayResponse,
  CalendarResponse,
  PostUnitsResponse,
  PutCalendarDayResponse,
  PutRulesResponse,
  RulesRecomputeRunResponse,
  PutUnitsResponse,
  RulesResponse,
  TaxonomyResponse,
  UnitsResponse,
  UsersResponse,
} from '../../../contract/responses/admin.ts';
import { AccountChangeResponse, PostUsersResponse, UserContactsResponse } from '../../../contract/responses/admin.ts';
import { NotifyChannelsResponse } from '../../../contract/responses/notification.ts';
import { z } from '@hono/zod-openapi';
import {
  CalendarDayBody,
  NotifyChannelsBody,
  PasswordResetBody,
  UnitBody,
  UserContactsBody,
  UserCreateBody,
  UserEditBody,
} from '../../../contract/dto.ts';
import { editUser, editUserContacts, resetUserPassword } from '../../app/account-admin.ts';
import { createUnit, createUser, editCalendarDay, editUnit, setUserDisabled, usersForAdmin } from '../../app/admin.ts';
import { setUserNotifyChannels, userNotifyChannels } from '../../app/notifications.ts';
import { editRules, rulesRecomputeRun } from '../../app/rules-edit.ts';
import { calendarOfYear, dayInfoOn, dueOn, rulesInForce, taxonomyNodes, unitList } from '../../app/reference-data.ts';
import type { Context } from 'hono';
import type { App, Env } from '../env.ts';
import { IdParam, route } from '../openapi.ts';
import { ctxOf } from './ctx.ts';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export function adminRoutes(app: App): void {
  app.openapi(
    route({ method: 'get', path: '/api/v1/units', summary: '责任单位', tags: ['基础数据'], response: UnitsResponse }),
    async (c) => c.json({ units: await unitList(c.get('deps')) }),
  );
  app.openapi(
    route({
      method: 'post',
      path: '/api/v1/units',
      summary: '新增责任单位',
      tags: ['管理'],
      body: UnitBody,
      response: PostUnitsResponse,
    }),
    async (c) => c.json(await createUnit(c.get('deps'), ctxOf(c), c.req.valid('json'))),
  );
  app.openapi(
    route({
      method: 'put',
      path: '/api/v1/units/{id}',
      summary: '修改责任单位',
      tags: ['管理'],
      params: IdParam,
      body: UnitBody,
      response: PutUnitsResponse,
    }),
    async (c) => c.json(await editUnit(c.get('deps'), ctxOf(c), c.req.param('id')!, c.req.valid('json'))),
  );
  app.openapi(
    route({ method: 'get', path: '/api/v1/users', summary: '用户', tags: ['管理'], response: UsersResponse }),
    async (c) => c.json({ users: await usersForAdmin(c.get('deps'), ctxOf(c)) }),
  );
  // A change that waits for the security administrator's approval answers 202 with the request.
  const answer = <T extends { pending: boolean }, D extends 200 | 201 = 200>(c: Context<Env>, r: T, done = 200 as D) =>
    c.json(r, r.pending ? 202 : done);
  app.openapi(
    route({
      method: 'post',
      path: '/api/v1/users',
      summary: '新增用户（授予事项读取或安全角色须经安全管理员审批）',
      tags: ['管理'],
      body: UserCreateBody,
      response: PostUsersResponse,
      status: [201, 202],
    }),
    async (c) => answer(c, await createUser(c.get('deps'), ctxOf(c), c.req.valid('json')), 201),
  );
  app.openapi(
    route({
      method: 'put',
      path: '/api/v1/users/{id}',
      summary: '修改用户姓名、角色或单位（授予角色或单位须经审批）',
      tags: ['管理'],
      params: IdParam,
      body: UserEditBody,
      response: AccountChangeResponse,
      status: [200, 202],
    }),
    async (c) => answer(c, await editUser(c.get('deps'), ctxOf(c), c.req.param('id')!, c.req.valid('json'))),
  );
  app.openapi(
    route({
      method: 'put',
      path: '/api/v1/users/{id}/contacts',
      summary: '修改用户手机号码、电子邮箱和领导职务',
      tags: ['管理'],
      params: IdParam,
      body: UserContactsBody,
      response: UserContactsResponse,
    }),
    async (c) => c.json(await editUserContacts(c.get('deps'), ctxOf(c), c.req.param('id')!, c.req.valid('json'))),
  );
  app.openapi(
    route({
      method: 'get',
      path: '/api/v1/users/{id}/notify-channels',
      summary: '某用户的通知方式（短信、邮件；系统管理员）',
      tags: ['管理'],
      params: IdParam,
      response: NotifyChannelsResponse,
    }),
    async (c) => c.json(await userNotifyChannels(c.get('deps'), ctxOf(c), c.req.param('id')!)),
  );
  app.openapi(
    route({
      method: 'put',
      path: '/api/v1/users/{id}/notify-channels',
      summary: '开启或关闭某用户的短信、邮件通知（系统管理员；不改变角色，无需审批）',
      tags: ['管理'],
      params: IdParam,
      body: NotifyChannelsBody,
      response: NotifyChannelsResponse,
    }),
    async (c) => c.json(await setUserNotifyChannels(c.get('deps'), ctxOf(c), c.req.param('id')!, c.req.valid('json'))),
  );
  app.openapi(
    route({
      method: 'post',
      path: '/api/v1/users/{id}/password',
      summary: '重置他人密码（事项读取或安全角色的账户须经审批）',
      tags: ['管理'],
      params: IdParam,
      body: PasswordResetBody,
      response: AccountChangeResponse,
      status: [200, 202],
    }),
    async (c) => answer(c, await resetUserPassword(c.get('deps'), ctxOf(c), c.req.param('id')!, c.req.valid('json'))),
  );
  app.openapi(
    route({
      method: 'put',
      path: '/api/v1/users/{id}/disabled',
      summary: '停用或启用账户',
      tags: ['管理'],
      params: IdParam,
      body: z.object({ disabled: z.boolean() }),
      response: AccountChangeResponse,
      status: [200, 202],
    }),
    async (c) =>
      answer(c, await setUserDisabled(c.get('deps'), ctxOf(c), c.req.param('id')!, c.req.valid('json').disabled)),
  );
  app.openapi(
    route({
      method: 'get',
      path: '/api/v1/taxonomy',
      summary: '内容分类（含拼音首字母）',
      tags: ['基础数据'],
      response: TaxonomyResponse,
    }),
    async (c) => c.json({ nodes: await taxonomyNodes(c.get('deps')) }),
  );

  app.openapi(
    route({
      method: 'get',
      path: '/api/v1/calendar',
      summary: '工作日历（某年的节假日与调休上班日）',
      tags: ['工作日历'],
      query: z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() }),
      response: CalendarResponse,
    }),
    async (c) => c.json(await calendarOfYear(c.get('deps'), c.req.valid('query').year)),
  );
  app.openapi(
    route({
      method: 'put',
      path: '/api/v1/calendar/day',
      summary: '调整某日（节假日/调休上班/普通日），并重算在办事项期限',
      tags: ['工作日历'],
      body: CalendarDayBody,
      response: PutCalendarDayResponse,
    }),
    async (c) => c.json(await editCalendarDay(c.get('deps'), ctxOf(c), c.req.valid('json'))),
  );
  app.openapi(
    route({
      method: 'get',
      path: '/api/v1/calendar/is-workday',
      summary: '某日是否工作日',
      tags: ['工作日历'],
      query: z.object({ date: isoDate }),
      response: CalendarIsWorkdayResponse,
    }),
    async (c) => c.json(await dayInfoOn(c.get('deps'), c.req.valid('query').date)),
  );
  app.openapi(
    route({
      method: 'get',
      path: '/api/v1/calendar/due',
      summary: '计算期限',
      tags: ['工作日历'],
      query: z.object({
        from: isoDate,
        days: z.coerce.number().int().min(1).max(3650),
        unit: z.enum(['calendar', 'working']).default('calendar'),
        rollForward: z.enum(['0', '1']).default('1'),
      }),
      response: CalendarDueResponse,
    }),
    async (c) => {
      const q = c.req.valid('query');
      return c.json(await dueOn(c.get('deps'), { ...q, rollForward: q.rollForward === '1' }));
    },
  );

  app.openapi(
    route({
      method: 'get',
      path: '/api/v1/rules',
      summary: '法定期限规则与预警阈值',
      tags: ['管理'],
      response: RulesResponse,
    }),
    async (c) => c.json(await rulesInForce(c.get('deps'))),
  );
  app.openapi(
    route({
      method: 'put',
      path: '/api/v1/rules',
      summary: '修改期限规则或预警阈值',
      tags: ['管理'],
      body: z.object({
        rules: z
          .record(
            z.string(),
            z.object({
              length: z.number().int().min(1).max(3650).optional(),
              unit: z.enum(['calendar', 'working']).optional(),
              rollForward: z.boolean().optional(),
              maxExtensionDays: z.number().int().min(0).max(365).optional(),
              basis: z.string().max(200).optional(),
            }),
          )
          .optional(),
        thresholds: z
          .object({
            notice: z.number().gt(0).max(1),
            warning: z.number().gt(0).max(1),
            severe: z.number().gt(0).max(1),
          })
          .optional(),
        reason: z.string().max(500).optional(),
      }),
      response: PutRulesResponse,
    }),
    async (c) => c.json(await editRules(c.get('deps'), ctxOf(c), c.req.valid('json'))),
  );
  app.openapi(
    route({
      method: 'get',
      path: '/api/v1/rules/recompute',
      summary: '最近一次规则调整后开放事项期限重算的进度与结果',
      tags: ['基础数据'],
      response: RulesRecomputeRunResponse,
    }),
    async (c) => c.json({ run: await rulesRecomputeRun(c.get('deps'), ctxOf(c)) }),
  );
}
