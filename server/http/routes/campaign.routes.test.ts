import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createApp } from '../../../server/http/app.ts';
import { extraRouteModules } from '../../../server/http/modules.ts';
import { loginAs } from '../../../test/http-client.ts';
import { fixtureRows, insertFixture } from '../../../test/report-fixture.ts';
import { dialects, makeTestEnv, seedPeople, type TestEnv } from '../../../test/test-db.ts';
import { unzipEntry } from '../../../test/unzip.ts';

const opts = { secureCookies: false, idleMinutes: 60, webDist: null, log: null, rateLimitPerMinute: 1000 };
const EXCLUDED = new Set(['not_accepted', 'not_reaccepted']);

for (const dialect of dialects()) {
  describe(`the campaign board over HTTP (${dialect})`, () => {
    let env: TestEnv;
    let app: ReturnType<typeof createApp>;
    const rows = fixtureRows();
    before(async () => {
      env = await makeTestEnv(dialect, '2025-09-26');
      const people = await seedPeople(env.deps);
      await insertFixture(env.deps, people.units, rows);
      app = createApp(env.deps, opts, extraRouteModules);
    });
    after(async () => env.close());

    it('降总量 equals the hand count against the same period last year; units never read the board', async () => {
      const reviewer = await loginAs(app, 'shenhe');
      const made = await reviewer.post('/api/v1/campaigns', {
        name: '信访积案化解攻坚行动',
        from: '2025-03-01',
        to: '2025-05-31',
        targets: { reduceTotal: { changePct: -15 }, curbNew: { max: 5 } },
      });
      assert.equal(made.status, 200, JSON.stringify(made.body));
      const leader = await loginAs(app, 'lingdao');
      const r = await leader.get(`/api/v1/campaigns/${made.body.id}/board`);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      const b = r.body.board;
      assert.equal(b.state, 'ended');
      const now = rows.filter((x) => x.registeredOn >= '2025-03-01' && x.registeredOn <= '2025-05-31');
      const before = rows.filter((x) => x.registeredOn >= '2024-03-01' && x.registeredOn <= '2024-05-31');
      const nowCounted = now.filter((x) => !EXCLUDED.has(x.status)).length;
      const beforeCounted = before.filter((x) => !EXCLUDED.has(x.status)).length;
      const total = b.targets.find((t: { kind: string }) => t.kind === 'reduce_total');
      const parts = Object.fromEntries(total.parts.map((p: { key: string; count: number }) => [p.key, p.count]));
      assert.deepEqual(Object.values(parts).sort(), [beforeCounted, nowCounted].sort());
      assert.equal(total.value, Math.round(((nowCounted - beforeCounted) / beforeCounted) * 1000) / 10);
      assert.equal(b.notAccepted.count, now.length - nowCounted);
      const weeklySum = b.weekly.reduce((s: number, w: { newItems: { count: number } }) => s + w.newItems.count, 0);
      assert.equal(weeklySum, nowCounted, 'the weekly trend adds up to the period');
      assert.match(r.body.section.text, /攻坚|降总量/);
      const doc = await leader.raw!(`/api/v1/campaigns/${made.body.id}/progress.docx`);
      assert.equal(doc.status, 200);
      assert.match(doc.headers.get('content-type') ?? '', /wordprocessingml/);
      const xml = unzipEntry(Buffer.from(await doc.arrayBuffer()), 'word/document.xml')!.toString('utf8');
      const plain = xml.replace(/<[^>]+>/g, '');
      assert.ok(plain.includes('信访积案化解攻坚行动攻坚行动进展'), 'the title names the campaign');
      assert.ok(plain.includes(r.body.section.text), 'the Word file carries the same paragraph as the board');
      for (const row of r.body.section.table as string[][])
        for (const cell of row) assert.ok(plain.includes(cell), cell);
      for (const u of ['zjj_jb', 'scj_jb']) {
        const unit = await loginAs(app, u);
        assert.equal((await unit.get(`/api/v1/campaigns/${made.body.id}/board`)).status, 403, u);
        assert.equal((await unit.raw!(`/api/v1/campaigns/${made.body.id}/progress.docx`)).status, 403, u);
        assert.equal((await unit.get('/api/v1/campaigns')).status, 403, u);
        assert.equal(
          (await unit.post('/api/v1/campaigns', { ...made.body, targets: { curbNew: { max: 1 } } })).status,
          403,
        );
      }
      const bad = await reviewer.post('/api/v1/campaigns', {
        name: 'x',
        from: '2025-06-01',
        to: '2025-05-01',
        targets: { curbNew: { max: 1 } },
      });
      assert.equal(bad.status, 422);
      assert.equal(
        (await reviewer.get('/api/v1/campaigns')).body.campaigns.length,
        1,
        'nothing written by the refusals',
      );
    });
  });
}
