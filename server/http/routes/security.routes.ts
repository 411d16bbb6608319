import {
  AuditResponse,
  AuditVerifyResponse,
  AuditVerifyRunResponse,
  PostAuditCheckpointResponse,
  PostAuditVerifyRunResponse,
  PostAuthTotpEnableResponse,
  PostAuthTotpSetupResponse,
  PostUsersUnlockResponse,
  PutAuthPasswordResponse,
} from '../../../contract/responses/security.ts';
import { z } from '@hono/zod-openapi';
import { auditVerifyRun, startAuditVerifyRun } from '../../app/audit-verify-run.ts';
import { exportAuditCheckpoint, listAudit, parseAnchor, verifyAuditFor } from '../../app/audit-queries.ts';
import { changeOwnPassword, enableTotp, newTotpSecret } from '../../app/account-credentials.ts';
import { unlockUser } from '../../app/sign-in-guard.ts';
import type { App } from '../env.ts';
import { IdParam, route } from '../openapi.ts';
import { ctxOf } from './ctx.ts';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** 三员分立: the auditor reads the log, the security administrator manages sign-in safety, nobody edits the log. */
export function securityRoutes(app: App): void {
  app.openapi(
    route({
      method: 'get',
      path: '/api/v1/audit',
      summary: '审计日志（安全审计员、安全管理员）',
      tags: ['安全审计'],
      query: z.object({
        from: isoDate.optional(),
        to: isoDate.optional(),
        actor: z.string().max(64).optional(),
        action: z.string().max(64).optional(),
        itemId: z.string().max(64).optional(),
        page: z.coerce.number().int().min(1).max(100000).default(1),
        pageSize: z.coerce.number().int().min(1).max(200).default(50),
      }),
      response: AuditResponse,
    }),
    async (c) => {
      const f = c.req.valid('query');
      return c.json(await listAudit(c.get('deps'), ctxOf(c), f));
    },
  );

  app.openapi(
    route({
      method: 'get',
      path: '/api/v1/audit/verify/run',
      summary: '最近一次后台校验审计日志的进度与结果',
      tags: ['安全审计'],
      response: AuditVerifyRunResponse,
    }),
    async (c) => c.json({ run: await auditVerifyRun(c.get('deps'), ctxOf(c)) }),
  );
  app.openapi(
    route({
      method: 'post',
      path: '/api/v1/audit/verify/run',
      summary: '在后台校验审计日志哈希链（可附锚点文件），立即返回进度；同一时间只运行一次',
      tags: ['安全审计'],
      body: z.object({ anchor: z.unknown().optional() }),
      response: PostAuditVerifyRunResponse,
    }),
    async (c) => {
      const { anchor } = c.req.valid('json');
      const a = anchor === undefined || anchor === null ? undefined : parseAnchor(anchor);
      return c.json(await startAuditVerifyRun(c.get('deps'), ctxOf(c), a));
    },
  );
  app.openapi(
    route({
      method: 'get',
      path: '/api/v1/audit/verify',
      summary: '校验审计日志哈希链',
      tags: ['安全审计'],
      response: AuditVerifyResponse,
    }),
    async (c) => c.json(await verifyAuditFor(c.get('deps'), ctxOf(c))),
  );
  app.openapi(
    route({
      method: 'post',
      path: '/api/v1/audit/verify',
      summary: '校验审计日志，并核对另行保管的锚点文件',
      tags: ['安全审计'],
      body: z.object({ anchor: z.unknown() }),
      response: AuditVerifyResponse,
    }),
    async (c) => {
      const body = c.req.valid('json');
      return c.json(await verifyAuditFor(c.get('deps'), ctxOf(c), parseAnchor(body.anchor)));
    },
  );
  app.openapi(
    route({
      method: 'post',
      path: '/api/v1/audit/checkpoint',
      summary: '导出链头锚点（序号、哈希、时间、密钥签名），请保存到系统之外',
      tags: ['安全审计'],
      response: PostAuditCheckpointResponse,
    }),
    async (c) => c.json(await exportAuditCheckpoint(c.get('deps'), ctxOf(c))),
  );

  app.openapi(
    route({
      method: 'post',
      path: '/api/v1/users/{id}/unlock',
      summary: '解除账户锁定（安全管理员）',
      tags: ['安全审计'],
      params: IdParam,
      response: PostUsersUnlockResponse,
    }),
    async (c) => c.json(await unlockUser(c.get('deps'), ctxOf(c), c.req.param('id')!)),
  );

  app.openapi(
    route({
      method: 'put',
      path: '/api/v1/auth/password',
      summary: '修改本人密码（输错当前密码与登录失败同样计数）',
      tags: ['登录'],
      body: z.object({ current: z.string().min(1).max(256), next: z.string().min(1).max(256) }),
      response: PutAuthPasswordResponse,
    }),
    async (c) => c.json(await changeOwnPassword(c.get('deps'), ctxOf(c), c.req.valid('json'), c.get('clientAddress'))),
  );

  app.openapi(
    route({
      method: 'post',
      path: '/api/v1/auth/totp/setup',
      summary: '生成动态验证码（TOTP）密钥，供验证器扫码',
      tags: ['登录'],
      response: PostAuthTotpSetupResponse,
    }),
    async (c) => c.json(newTotpSecret(ctxOf(c))),
  );

  app.openapi(
    route({
      method: 'post',
      path: '/api/v1/auth/totp/enable',
      summary: '启用或更换动态验证码（须输入密码与当前验证码；更换时还须输入原验证器的验证码）',
      tags: ['登录'],
      body: z.object({
        secret: z.string().regex(/^[A-Z2-7]{16,64}$/, '密钥格式不正确'),
        code: z.string().regex(/^\d{6}$/, '验证码为 6 位数字'),
        password: z.string().min(1, '请输入登录密码').max(256),
        currentCode: z
          .string()
          .regex(/^\d{6}$/, '原验证码为 6 位数字')
          .optional(),
      }),
      response: PostAuthTotpEnableResponse,
    }),
    async (c) => c.json(await enableTotp(c.get('deps'), ctxOf(c), c.req.valid('json'), c.get('clientAddress'))),
  );
}
