import { AuthMeResponse, PostAuthLoginResponse, PostAuthLogoutResponse } from '../../../contract/responses/auth.ts';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { LoginBody } from '../../../contract/dto.ts';
import { currentUser, login, logout } from '../../app/auth.ts';
import { DEFAULT_SIGN_IN_LIMITS } from '../../app/sign-in-guard.ts';
import type { App, HttpOptions } from '../env.ts';
import { SESSION_COOKIE } from '../middleware/session.ts';
import { route } from '../openapi.ts';
import { ctxOf } from './ctx.ts';

const tags = ['登录'];

export function authRoutes(app: App, opts: HttpOptions): void {
  app.openapi(
    route({
      method: 'post',
      path: '/api/v1/auth/login',
      summary: '登录',
      tags,
      body: LoginBody,
      public: true,
      response: PostAuthLoginResponse,
    }),
    async (c) => {
      const body = c.req.valid('json');
      const old = getCookie(c, SESSION_COOKIE);
      if (old) await logout(c.get('deps'), old);
      const res = await login(c.get('deps'), body.username, body.password, body.totp, {
        requestId: c.get('requestId'),
        address: c.get('clientAddress'),
        idleMinutes: opts.idleMinutes,
        limits: {
          failuresPerAddressPerMinute:
            opts.loginFailuresPerMinute ?? DEFAULT_SIGN_IN_LIMITS.failuresPerAddressPerMinute,
        },
      });
      setCookie(c, SESSION_COOKIE, res.token, {
        httpOnly: true,
        sameSite: 'Strict',
        path: '/',
        secure: opts.secureCookies,
      });
      return c.json({ csrf: res.csrf, user: await currentUser(c.get('deps'), res.actor) });
    },
  );

  app.openapi(
    route({ method: 'post', path: '/api/v1/auth/logout', summary: '退出登录', tags, response: PostAuthLogoutResponse }),
    async (c) => {
      const token = getCookie(c, SESSION_COOKIE);
      if (token) await logout(c.get('deps'), token);
      deleteCookie(c, SESSION_COOKIE, { path: '/' });
      return c.json({ ok: true });
    },
  );

  app.openapi(
    route({
      method: 'get',
      path: '/api/v1/auth/me',
      summary: '当前用户、角色与可用功能',
      tags,
      response: AuthMeResponse,
    }),
    async (c) => {
      return c.json({ csrf: c.get('csrf'), user: await currentUser(c.get('deps'), ctxOf(c).actor) });
    },
  );
}
