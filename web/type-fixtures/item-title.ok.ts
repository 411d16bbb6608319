// Compiles: reads fields the item detail answer declares (checked by test/web-api-types.test.ts).
import { call, client } from '../src/api/typed.ts';

export async function titleOf(id: string): Promise<string> {
  const item = await call(client.GET('/api/v1/items/{id}', { params: { path: { id } } }));
  return `${item.number} ${item.title} ${item.deadlines.map((d) => d.due).join(',')}`;
}
