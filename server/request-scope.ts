import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * What the HTTP layer knows about the request being served that lower layers record but never decide on: the
 * request id a client sent (kept in the audit log beside the server's own id, marked as client-supplied).
 */
interface RequestScope {
  clientRequestId: string | null;
}

const scope = new AsyncLocalStorage<RequestScope>();

/** Runs `fn` (and everything it awaits) with the client's request id in scope. */
export function runInRequestScope<T>(s: RequestScope, fn: () => T): T {
  return scope.run(s, fn);
}

/** The client-supplied request id of the request being served, if any. */
export function clientRequestIdInScope(): string | null {
  return scope.getStore()?.clientRequestId ?? null;
}
