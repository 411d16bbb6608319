import {
  PostSupervisionsResponse,
  SuggestionRulesResponse,
  SupervisionSuggestionsResponse,
  SupervisionsResponse,
} from '../../../contract/responses/supervision.ts';
import { z } from '@hono/zod-openapi';
import {
  SUGGESTION_REASONS,
  SuggestionRulesBody,
  SUPERVISION_KINDS,
  SUPERVISION_STATUSES,
} from '../../../contract/supervision.ts';
import { supervisionRegister, supervisionRegisterExport } from '../../app/supervision-register.ts';
import { setSuggestionRules, suggestionRulesForAdmin } from '../../app/supervision-suggestion-rules.ts';
import { supervisionSuggestionsUseCase } from '../../app/supervision-suggestions.ts';
import {
  getSupervisionUseCase,
  issueSupervisionUseCase,
  supervisionOrderDocument,
  supervisionStepUseCase,
} from '../../app/supervision.ts';
import type { SupervisionInput } from '../../domain/supervision.ts';
import type { App } from '../env.ts';
import { describe, IdParam, route } from '../openapi.ts';
import { ctxOf } from './ctx.ts';
import { attachmentHeader } from './report.routes.ts';

const tags = ['督查督办'];
const DateStr = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期应为 YYYY-MM-DD');
const Text = z.string().max(2000);

const IssueBody = z.object({
  kind: z.enum(SUPERVISION_KINDS),
  itemIds: z.array(z.string().min(1)).min(1, '请选择要督办的信访事项').max(100),
  reason: Text,
  requirements: Text,
  unitId: z.string().min(1, '请选择被督办单位'),
  addresseeUserId: z.string().min(1).nullable().optional(),
  issuedOn: DateStr,
  dueOn: DateStr,
  /** The reasons of the 督办建议 it was issued from, kept on the order. */
  suggestedFor: z.array(z.enum(SUGGESTION_REASONS)).max(SUGGESTION_REASONS.length).optional(),
});

const StepBody = z.object({
  version: z.number().int().positive(),
  input: z.discriminatedUnion('step', [
    z.object({ step: z.literal('reply'), on: DateStr, done: Text, expectedFinishOn: DateStr.nullable().optional() }),
    z.object({ step: z.literal('accept'), on: DateStr, note: Text.optional() }),
    z.object({ step: z.literal('press'), on: DateStr, note: Text, newDueOn: DateStr }),
    z.object({ step: z.literal('cancel'), on: DateStr, reason: Text }),
  ]),
});

const ListQuery = z.object({
  status: z.enum(SUPERVISION_STATUSES).optional(),
  unitId: z.string().optional(),
  itemId: z.string().optional(),
  issuedFrom: DateStr.optional(),
  issuedTo: DateStr.optional(),
  kind: z.enum(SUPERVISION_KINDS).optional(),
  overdue: z.enum(['0', '1']).optional(),
});
const filterOf = (q: z.infer<typeof ListQuery>) => ({ ...q, overdue: q.overdue === '1' });

/** The 督办 register and the steps of one 督办. */
export const supervisionRoutes = (app: App): void => {
  app.openapi(
    route({
      method: 'get',
      path: '/api/v1/supervisions',
      summary: '督办台账（按状态、单位、方式、是否逾期、事项、日期筛选）',
      tags,
      query: ListQuery,
      response: SupervisionsResponse,
    }),
    async (c) => {
      const q = c.req.valid('query');
      return c.json({ supervisions: await supervisionRegister(c.get('deps'), ctxOf(c), filterOf(q)) });
    },
  );
  app.openapi(
    route({
      method: 'get',
      path: '/api/v1/supervisions/suggestions',
      summary: '督办建议（超期、严重警告、重复信访、不满意、多次退回；信访部门和领导）',
      tags,
      response: SupervisionSuggestionsResponse,
    }),
    async (c) => c.json(await supervisionSuggestionsUseCase(c.get('deps'), ctxOf(c))),
  );
  app.openapi(
    route({
      method: 'get',
      path: '/api/v1/supervisions/suggestion-rules',
      summary: '督办建议阈值（系统管理员）',
      tags,
      response: SuggestionRulesResponse,
    }),
    async (c) => c.json(await suggestionRulesForAdmin(c.get('deps'), ctxOf(c))),
  );
  app.openapi(
    route({
      method: 'put',
      path: '/api/v1/supervisions/suggestion-rules',
      summary: '修改督办建议阈值（系统管理员；次数阈值为 0 表示不按此项建议）',
      tags,
      body: SuggestionRulesBody,
      response: SuggestionRulesResponse,
    }),
    async (c) => c.json(await setSuggestionRules(c.get('deps'), ctxOf(c), c.req.valid('json'))),
  );
  app.openapi(
    route({
      method: 'get',
      path: '/api/v1/supervisions/export.xlsx',
      summary: '导出督办台账（Excel，筛选条件同台账）',
      tags,
      query: ListQuery,
      files: ['xlsx'],
    }),
    async (c) => {
      const q = c.req.valid('query');
      const doc = await supervisionRegisterExport(c.get('deps'), ctxOf(c), filterOf(q));
      return c.body(new Uint8Array(doc.content), 200, {
        'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'content-disposition': attachmentHeader(doc.name, 'supervisions.xlsx'),
      });
    },
  );
  app.openapi(
    route({
      method: 'post',
      path: '/api/v1/supervisions',
      summary: '下发督办（信访部门）',
      tags,
      body: IssueBody,
      response: PostSupervisionsResponse,
      status: 201,
    }),
    async (c) => {
      const body = c.req.valid('json');
      return c.json(await issueSupervisionUseCase(c.get('deps'), ctxOf(c), body), 201);
    },
  );
  app.openapi(
    route({
      method: 'get',
      path: '/api/v1/supervisions/{id}',
      summary: '督办详情',
      tags,
      params: IdParam,
      response: PostSupervisionsResponse,
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      return c.json(await getSupervisionUseCase(c.get('deps'), ctxOf(c), id));
    },
  );
  app.openapi(
    route({
      method: 'post',
      path: '/api/v1/supervisions/{id}/steps',
      summary: '督办回复、采纳、再次督促、撤销',
      tags,
      params: IdParam,
      body: StepBody,
      response: PostSupervisionsResponse,
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const b = c.req.valid('json');
      return c.json(await supervisionStepUseCase(c.get('deps'), ctxOf(c), id, b.version, b.input as SupervisionInput));
    },
  );
  describe(app, {
    method: 'get',
    path: '/api/v1/supervisions/{id}/items/{itemId}/document',
    summary: '督办单（Word）',
    tags,
    params: IdParam.extend({ itemId: z.string().min(1).max(64) }),
    files: ['docx'],
  });
  app.get('/api/v1/supervisions/:id/items/:itemId/document', async (c) => {
    const doc = await supervisionOrderDocument(c.get('deps'), ctxOf(c), c.req.param('id'), c.req.param('itemId'));
    return c.body(new Uint8Array(doc.content), 200, {
      'content-type': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'content-disposition': attachmentHeader(doc.name, 'supervision.docx'),
    });
  });
};
