import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { seedDemo } from '../server/demo/seed-demo.ts';
import { createApp } from '../server/http/app.ts';
import { extraRouteModules } from '../server/http/modules.ts';
import { loginAs, type Client } from './http-client.ts';
import { dialects, makeTestEnv, type TestEnv } from './test-db.ts';

/** Every number of the situation report opens the list of exactly the items behind it. */
for (const dialect of dialects()) {
  describe(`report drill-down to the item list (${dialect})`, () => {
    let env: TestEnv;
    let leader: Client;
    let app: ReturnType<typeof createApp>;
    const period = 'registeredFrom=2024-12-01&registeredTo=2025-11-20&inReport=1';
    before(async () => {
      env = await makeTestEnv(dialect, '2025-11-20');
      await seedDemo(env.deps, { today: '2025-11-20', items: 220 });
      app = createApp(
        env.deps,
        { secureCookies: false, idleMinutes: 600, webDist: null, log: null, rateLimitPerMinute: 100000 },
        extraRouteModules,
      );
      leader = await loginAs(app, 'lingdao', 'Xf@2025demo');
    });
    after(async () => env.close());

    it('each split, each origin part and each top unit count equals the drilled-down list', async () => {
      const r = await leader.get('/api/v1/reports/situation?from=2024-12-01&to=2025-11-20&top=4');
      assert.equal(r.status, 200, JSON.stringify(r.body));
      const total = async (extra: string) =>
        (await leader.get(`/api/v1/items?${period}&${extra}&pageSize=1`)).body.total as number;
      assert.equal(await total('x=1'), r.body.total);
      assert.ok(r.body.total > 50);
      for (const [split, param] of [
        ['byChannel', 'channelGroup'],
        ['byDomain', 'domain'],
        ['byLevel', 'level'],
      ] as const) {
        for (const e of r.body[split] as { key: string; count: number }[]) {
          assert.equal(await total(`${param}=${encodeURIComponent(e.key)}`), e.count, `${split} ${e.key}`);
        }
      }
      assert.equal(await total('origin=first'), r.body.firstTime.count);
      assert.equal(await total('origin=repeat'), r.body.repeat.count);
      assert.equal(await total('origin=outside'), r.body.outsideDistrict.count);
      for (const u of r.body.topUnits as { unit: string; count: number }[])
        assert.equal(await total(`unitName=${encodeURIComponent(u.unit)}`), u.count, u.unit);
    });

    it('满意率 by source: each part opens its rated and satisfied items, and the parts add up to 满意率', async () => {
      const r = await leader.get('/api/v1/reports/situation?from=2024-12-01&to=2025-11-20');
      const total = async (extra: string) =>
        (await leader.get(`/api/v1/items?${period}&${extra}&pageSize=1`)).body.total as number;
      const parts = r.body.satisfactionBySource as { source: string; rated: number; satisfied: number }[];
      const whole = r.body.indicators.满意率 as { numerator: number; denominator: number };
      assert.ok(whole.denominator > 0, 'the demo has rated items');
      assert.equal(
        parts.reduce((a, p) => a + p.rated, 0),
        whole.denominator,
      );
      assert.equal(
        parts.reduce((a, p) => a + p.satisfied, 0),
        whole.numerator,
      );
      assert.ok(parts.filter((p) => p.rated > 0).length >= 2, 'ratings of several 回访 methods');
      // The 通报 text says the same: the whole, then the petitioner's own ratings and the 回访 apart.
      const rate = (ps: typeof parts) => {
        const rated = ps.reduce((a, p) => a + p.rated, 0);
        return { rated, pct: ((ps.reduce((a, p) => a + p.satisfied, 0) / rated) * 100).toFixed(1) };
      };
      const all = rate(parts);
      assert.ok(r.body.text.includes(`从评价情况看，已评价${all.rated}件，满意率${all.pct}%`), r.body.text);
      const visits = rate(parts.filter((p) => p.source.endsWith('回访')));
      assert.ok(r.body.text.includes(`回访中信访人表示${visits.rated}件、满意率${visits.pct}%`), r.body.text);
      for (const p of parts) {
        const src = `ratingSource=${encodeURIComponent(p.source)}`;
        assert.equal(await total(src), p.rated, p.source);
        assert.equal(await total(`${src}&satisfied=1`), p.satisfied, `${p.source} satisfied`);
      }
      // A unit drilling in sees only the rated items it may open.
      const unit = await loginAs(app, 'zjj_jb', 'Xf@2025demo');
      const top = [...parts].sort((a, b) => b.rated - a.rated)[0]!;
      const mine = await unit.get(`/api/v1/items?${period}&ratingSource=${encodeURIComponent(top.source)}&pageSize=50`);
      assert.equal(mine.status, 200);
      assert.ok(mine.body.total < top.rated, 'a unit sees fewer than the whole district');
      for (const row of mine.body.items as { id: string }[])
        assert.equal((await unit.get(`/api/v1/items/${row.id}`)).status, 200);
      const bad = await leader.get(`/api/v1/items?ratingSource=${encodeURIComponent('随便')}`);
      assert.equal(bad.status, 400);
    });
  });
}
