import { ping } from '../store/db.ts';
import type { AppDeps } from './context.ts';

/** Whether the database answers (the readiness probe of a load balancer asks this). */
export function databaseReachable(deps: Pick<AppDeps, 'db'>): Promise<boolean> {
  return ping(deps.db);
}
