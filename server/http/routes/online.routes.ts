import {
  OnlineSubmissionsResponse,
  PostOnlineSubmissionsAcceptResponse,
  PostOnlineSubmissionsRejectResponse,
  PostPublicOnlineSubmissionsResponse,
  PublicOnlineChallengeResponse,
} from '../../../contract/responses/online.ts';
import { AcceptSubmissionInput, OnlineSubmissionInput, RejectSubmissionInput } from '../../../contract/online.ts';
import {
  acceptSubmission,
  listPendingSubmissions,
  onlineChallenge,
  rejectSubmission,
  submitOnline,
} from '../../app/online-intake.ts';
import type { App } from '../env.ts';
import { IdParam, route } from '../openapi.ts';
import { ctxOf } from './ctx.ts';

/**
 * 网上信访: the public form (a proof-of-work challenge, then the submission, no account) and the registrar's
 * queue of submissions awaiting 受理登记 (accept as a 网上投诉 item, or decline with a reason the petitioner sees).
 */
export function onlineRoutes(app: App): void {
  const tags = ['网上信访'];
  app.openapi(
    route({
      method: 'get',
      path: '/api/v1/public/online/challenge',
      summary: '网上信访安全验证（工作量证明）',
      tags,
      public: true,
      response: PublicOnlineChallengeResponse,
    }),
    async (c) => c.json(await onlineChallenge(c.get('deps'))),
  );

  app.openapi(
    route({
      method: 'post',
      path: '/api/v1/public/online/submissions',
      summary: '网上提交信访事项（无需账号）',
      tags,
      body: OnlineSubmissionInput,
      public: true,
      response: PostPublicOnlineSubmissionsResponse,
      status: 201,
    }),
    async (c) => {
      const receipt = await submitOnline(c.get('deps'), c.req.valid('json'), {
        address: c.get('clientAddress') ?? null,
        requestId: c.get('requestId'),
      });
      return c.json({ receipt }, 201);
    },
  );

  app.openapi(
    route({
      method: 'get',
      path: '/api/v1/online/submissions',
      summary: '待受理登记的网上信访',
      tags,
      response: OnlineSubmissionsResponse,
    }),
    async (c) => {
      const list = await listPendingSubmissions(c.get('deps'), ctxOf(c));
      return c.json({
        submissions: list.map((s) => ({
          id: s.id,
          number: s.number,
          version: s.version,
          submittedAt: s.submittedAt,
          submittedOn: s.submittedOn,
          ...s.payload,
        })),
      });
    },
  );

  app.openapi(
    route({
      method: 'post',
      path: '/api/v1/online/submissions/{id}/accept',
      summary: '网上信访受理登记（补全分类、层级、重复件判断）',
      tags,
      params: IdParam,
      body: AcceptSubmissionInput,
      response: PostOnlineSubmissionsAcceptResponse,
    }),
    async (c) => {
      const res = await acceptSubmission(c.get('deps'), ctxOf(c), c.req.param('id')!, c.req.valid('json'));
      return c.json({
        itemId: res.item.id,
        number: res.item.number,
        isRepeat: res.item.isRepeat,
        repeatCandidates: res.repeatCandidates,
      });
    },
  );

  app.openapi(
    route({
      method: 'post',
      path: '/api/v1/online/submissions/{id}/reject',
      summary: '网上信访不予登记（理由告知信访人）',
      tags,
      params: IdParam,
      body: RejectSubmissionInput,
      response: PostOnlineSubmissionsRejectResponse,
    }),
    async (c) => {
      await rejectSubmission(c.get('deps'), ctxOf(c), c.req.param('id')!, c.req.valid('json'));
      return c.json({ ok: true });
    },
  );
}
