import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { dialects, makeTestEnv, type TestEnv } from '../../test/test-db.ts';
import {
  activateTemplateVersion,
  getActiveTemplate,
  getDocNumber,
  getTemplateFile,
  insertTemplateVersion,
  listTemplateVersions,
  recordDocNumber,
} from './doc-template.store.ts';

for (const dialect of dialects()) {
  describe(`document template store (${dialect})`, () => {
    let env: TestEnv;
    before(async () => {
      env = await makeTestEnv(dialect);
    });
    after(async () => env.close());
    const upload = (content: Buffer, activate: boolean, at: string) =>
      env.deps.db
        .transaction()
        .execute((trx) =>
          insertTemplateVersion(
            trx,
            { kind: 'opinion', fileName: 'opinion.docx', content, note: '改落款', uploadedBy: 'u_admin', at },
            activate,
          ),
        );

    it('keeps every version with who and when; one active per kind; none active means the default', async () => {
      assert.equal(await getActiveTemplate(env.deps.db, 'opinion'), null);
      const bytes1 = Buffer.from([0x50, 0x4b, 3, 4, 1, 2, 3, 0, 255]);
      const v1 = await upload(bytes1, true, '2026-12-01T02:00:00.000Z');
      assert.equal(v1.version, 1);
      assert.equal(v1.size, bytes1.length);
      assert.match(v1.sha256, /^[0-9a-f]{64}$/);
      assert.equal(v1.uploadedBy, 'u_admin');
      const v2 = await upload(Buffer.from('second'), false, '2026-12-01T03:00:00.000Z');
      assert.equal(v2.version, 2);
      let active = await getActiveTemplate(env.deps.db, 'opinion');
      assert.equal(active?.version.id, v1.id, 'an upload not activated leaves the active one');
      assert.deepEqual(active?.content, bytes1, 'the file comes back byte for byte');
      const v3 = await upload(Buffer.from('third'), true, '2026-12-01T04:00:00.000Z');
      active = await getActiveTemplate(env.deps.db, 'opinion');
      assert.equal(active?.version.version, 3);
      const list = await listTemplateVersions(env.deps.db, 'opinion');
      assert.deepEqual(
        list.map((v) => [v.version, v.active]),
        [
          [3, true],
          [2, false],
          [1, false],
        ],
      );
      assert.deepEqual(await getTemplateFile(env.deps.db, v2.id), Buffer.from('second'));
      assert.equal(await activateTemplateVersion(env.deps.db, 'opinion', v1.id), true);
      assert.equal((await getActiveTemplate(env.deps.db, 'opinion'))?.version.version, 1);
      assert.equal(
        await activateTemplateVersion(env.deps.db, 'accept_notice', v3.id),
        false,
        'not a version of that kind',
      );
      assert.equal((await getActiveTemplate(env.deps.db, 'opinion'))?.version.version, 1);
      assert.equal(await activateTemplateVersion(env.deps.db, 'opinion', null), true);
      assert.equal(await getActiveTemplate(env.deps.db, 'opinion'), null, 'back to the shipped default');
      assert.equal((await listTemplateVersions(env.deps.db)).length, 3, 'no version is ever deleted');
      assert.equal((await listTemplateVersions(env.deps.db, 'accept_notice')).length, 0);
    });

    it('a document keeps the 发文字号 it was first written with', async () => {
      assert.equal(await getDocNumber(env.deps.db, 'item1', 'opinion'), null);
      await recordDocNumber(env.deps.db, {
        itemId: 'item1',
        kind: 'opinion',
        docNumber: '平信访〔2026〕3号',
        issuedOn: '2026-01-04',
      });
      await recordDocNumber(env.deps.db, {
        itemId: 'item1',
        kind: 'opinion',
        docNumber: '平信访〔2026〕4号',
        issuedOn: '2026-01-05',
      });
      assert.deepEqual(await getDocNumber(env.deps.db, 'item1', 'opinion'), {
        docNumber: '平信访〔2026〕3号',
        issuedOn: '2026-01-04',
      });
      assert.equal(await getDocNumber(env.deps.db, 'item1', 'accept_notice'), null);
    });
  });
}
