import type { Context } from 'hono';
import type { UseCaseCtx } from '../../app/context.ts';
import type { Env } from '../env.ts';

/** The use-case context of an authenticated request (the session middleware guarantees the actor). */
export function ctxOf(c: Context<Env>): UseCaseCtx {
  const actor = c.get('actor');
  if (!actor) throw new Error('ctxOf called on an anonymous request');
  return { actor, requestId: c.get('requestId') };
}
