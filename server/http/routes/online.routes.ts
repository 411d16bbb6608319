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
import { readSubmissionFile } from '../../app/petitioner-files.ts';
import type { App, HttpOptions } from '../env.ts';
import { fileStoreOf } from '../files.ts';
import { describe, IdParam, route } from '../openapi.ts';
import { ctxOf } from './ctx.ts';

/**
 * 网上信访: the public form (a proof-of-work challenge, then the submission, no account) and the registrar's
 * queue of submissions awaiting 受理登记 (accept as a 网上投诉 item, or decline with a reason the petitioner sees).
 */
export function onlineRoutes(app: App, opts: Pick<HttpOptions, 'filesDir'>): void {
  const tags = ['网上信访'];
  const files = fileStoreOf(opts);
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
        files,
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
          files: s.files,
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

  // A file the petitioner sent with a submission, for the registrar (not JSON: a plain route).
  describe(app, {
    method: 'get',
    path: '/api/v1/online/files/{id}',
    summary: '下载网上信访随附材料（登记人员）',
    tags,
    params: IdParam,
    files: ['any'],
  });
  app.get('/api/v1/online/files/:id', async (c) => {
    const f = await readSubmissionFile(c.get('deps'), ctxOf(c), files, c.req.param('id'));
    return c.body(new Uint8Array(f.content), 200, {
      'content-type': f.mime,
      'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(f.name)}`,
      'x-content-type-options': 'nosniff',
    });
  });
}
