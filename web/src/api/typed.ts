/**
 * The typed client of the workbench: paths, parameters, bodies and answers come from web/src/api/schema.gen.ts,
 * generated from the OpenAPI document the server's routes declare, so a call with a wrong path, parameter or field
 * does not compile. The session rules are client.ts's: same-origin cookie, CSRF header on writes, Chinese errors.
 */
import createClient from 'openapi-fetch';
import { ApiError, csrfHeader, failure, qs } from './client.ts';
import type { components, paths } from './schema.gen.ts';

// Answers are read as JSON (the accept header says so), so an operation that can also answer with a file (a Word
// preview) is typed by its JSON answer; files are downloaded through links, not this client.
export const client = createClient<paths, `${string}/json`>({
  baseUrl: '',
  credentials: 'same-origin',
  headers: { accept: 'application/json' },
  // As `qs()` writes links: empty, false and absent parameters are left out of the query string.
  querySerializer: (query) => qs(query as Parameters<typeof qs>[0]).slice(1),
});
client.use({
  onRequest({ request }) {
    if (request.method !== 'GET') for (const [k, v] of Object.entries(csrfHeader())) request.headers.set(k, v);
    return request;
  },
});

/** The body of a successful answer, or an ApiError carrying the server's code and message. */
export async function call<D>(pending: Promise<{ data?: D; error?: unknown; response: Response }>): Promise<D> {
  let res: Awaited<typeof pending>;
  try {
    res = await pending;
  } catch {
    throw new ApiError(0, 'NETWORK', '无法连接服务器，请检查网络后重试');
  }
  if (!res.response.ok || res.data === undefined) {
    const path = res.response.url ? new URL(res.response.url, window.location.href).pathname : '';
    throw failure(res.response.status, res.error ?? null, path);
  }
  return res.data;
}

/** A shape of the OpenAPI document's components (the named DTOs of contract/responses). */
export type Dto<K extends keyof components['schemas']> = components['schemas'][K];

/** The JSON body of an operation's success answer (200, or 201 for a creation). */
export type Ok<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends {
  responses: infer R;
}
  ? R extends { 200: { content: { 'application/json': infer B } } }
    ? B
    : R extends { 201: { content: { 'application/json': infer B } } }
      ? B
      : never
  : never;

/** The JSON body an operation takes (for a screen that assembles it from form values before the call). */
export type Body<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends { requestBody?: infer R }
  ? NonNullable<R> extends { content: { 'application/json': infer B } }
    ? B
    : never
  : never;
