// Must NOT compile: `titel` is no field of the item detail answer, and `pageSise` no parameter of the list
// (checked by test/web-api-types.test.ts).
import { call, client } from '../src/api/typed.ts';

export async function titleOf(id: string): Promise<string> {
  const item = await call(client.GET('/api/v1/items/{id}', { params: { path: { id } } }));
  const list = await call(client.GET('/api/v1/items', { params: { query: { pageSise: 20 } } }));
  return `${item.titel} ${list.total}`;
}
