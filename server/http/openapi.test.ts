import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ERROR_STATUS } from '../../contract/errors.ts';
import { openApiDocument } from '../../scripts/write-api-types.ts';

type Schema = { properties?: Record<string, Schema>; enum?: string[]; [key: string]: unknown };
type Media = Record<string, { schema?: Schema }>;
type Operation = { responses: Record<string, { content?: Media }>; requestBody?: { content: Media } };

const doc = openApiDocument() as unknown as {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
};
const operations = Object.entries(doc.paths).flatMap(([path, item]) =>
  Object.entries(item).map(([method, op]) => ({ key: `${method.toUpperCase()} ${path}`, op })),
);

/** A schema that says something: a reference, a type or a composition (z.any() is the empty schema `{}`). */
const describes = (s: Record<string, unknown> | undefined) =>
  !!s && ['$ref', 'type', 'anyOf', 'oneOf', 'allOf', 'enum', 'const'].some((k) => k in s);

describe('OpenAPI document', () => {
  it('lists the operations of every route module, including uploads and downloads', () => {
    assert.ok(operations.length >= 100, `operations: ${operations.length}`);
    for (const key of [
      'GET /api/v1/items/{id}',
      'POST /api/v1/items/{id}/attachments',
      'GET /api/v1/attachments/{id}',
      'GET /api/v1/items/{id}/documents/{kind}',
      'GET /api/v1/public/items/{code}/documents/{kind}',
      'POST /api/v1/doc-templates/{kind}',
      'GET /api/v1/reports/situation',
    ])
      assert.ok(
        operations.some((o) => o.key === key),
        `${key} is described`,
      );
  });

  it('every operation has a response schema for its success status', () => {
    const missing: string[] = [];
    for (const { key, op } of operations) {
      const success = Object.entries(op.responses).filter(([s]) => s.startsWith('2'));
      if (success.length === 0) missing.push(`${key}: no 2xx`);
      for (const [status, r] of success) {
        const media = Object.entries(r.content ?? {});
        if (media.length === 0) missing.push(`${key} ${status}: no content`);
        for (const [type, m] of media)
          if (
            type === 'application/json' ? !describes(m.schema) : m.schema?.format !== 'binary' && !describes(m.schema)
          )
            missing.push(`${key} ${status} ${type}: schema ${JSON.stringify(m.schema)}`);
      }
    }
    assert.deepEqual(missing, []);
  });

  it('every operation answers its error statuses with the one error envelope', () => {
    const wrong: string[] = [];
    for (const { key, op } of operations)
      for (const status of ['400', '401', '403', '404', '409', '422']) {
        const ref = op.responses[status]?.content?.['application/json']?.schema?.$ref;
        if (ref !== '#/components/schemas/ErrorEnvelope') wrong.push(`${key} ${status}: ${ref}`);
      }
    assert.deepEqual(wrong, []);
    const code = doc.components.schemas.ErrorEnvelope?.properties?.error?.properties?.code;
    assert.deepEqual(
      [...(code?.enum ?? [])].sort(),
      Object.keys(ERROR_STATUS).sort(),
      'the envelope lists every error code',
    );
  });

  it('names the shared DTOs as components (the web types refer to them)', () => {
    for (const name of ['ItemView', 'ItemListRow', 'GrantView', 'OkBody', 'ErrorEnvelope'])
      assert.ok(doc.components.schemas[name], `${name} is a component`);
  });
});
