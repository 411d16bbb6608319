import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { auditActionLabel } from '../../../contract/audit-actions.ts';
import { loginAs } from '../../../test/http-client.ts';
import { dialects } from '../../../test/test-db.ts';
import {
  buildVisibilityWorld,
  VISIBILITY_LOGINS,
  type VisibilityWorld,
  type Who,
} from '../../../test/visibility-fixture.ts';

const DEFAULTS = { overdue: true, severe: true, repeatAtLeast: 3, dissatisfied: true, sentBackAtLeast: 2 };

for (const dialect of dialects()) {
  describe(`督办建议阈值 over HTTP: the administrator sets them, the suggestions follow (${dialect})`, () => {
    let w: VisibilityWorld;
    let as: Record<Who, Awaited<ReturnType<typeof loginAs>>>;
    before(async () => {
      w = await buildVisibilityWorld(dialect);
      w.env.setToday('2025-10-20'); // every routed item's 受理告知 is overdue
      // Sessions do not outlive the jump of the clock: sign in again on the new day.
      as = {} as typeof as;
      for (const [who, name] of Object.entries(VISIBILITY_LOGINS)) as[who as Who] = await loginAs(w.app, name);
    });
    after(async () => w.env.close());

    const PATH = '/api/v1/supervisions/suggestion-rules';
    const suggested = async () => {
      const r = await as.reviewer.get('/api/v1/supervisions/suggestions');
      assert.equal(r.status, 200, JSON.stringify(r.body));
      return r.body.suggestions as { itemId: string; reasons: { code: string; text: string }[] }[];
    };
    const audits = async () =>
      (
        await w.env.deps.db
          .selectFrom('audit_log')
          .select(['actor_id', 'detail'])
          .where('action', '=', 'supervision.suggestion_rules')
          .orderBy('seq')
          .execute()
      ).map((r) => ({ actor: r.actor_id, detail: typeof r.detail === 'string' ? JSON.parse(r.detail) : r.detail }));

    it('only the administrator reads and sets them; nobody else, not even the bureau', async () => {
      const r = await as.admin.get(PATH);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.deepEqual(r.body, { rules: DEFAULTS, defaults: DEFAULTS });
      for (const who of ['reviewer', 'registrar', 'leader', 'lead', 'securityAdmin', 'auditor'] as const) {
        const g = await as[who].get(PATH);
        assert.deepEqual([g.status, g.body.error.code], [403, 'FORBIDDEN'], who);
        const p = await as[who].put(PATH, { ...DEFAULTS, repeatAtLeast: 2 });
        assert.deepEqual([p.status, p.body.error.code], [403, 'FORBIDDEN'], who);
      }
      assert.deepEqual((await as.admin.get(PATH)).body.rules, DEFAULTS);
      assert.equal((await audits()).length, 0);
      assert.equal((await w.app.request(PATH)).status, 401);
    });

    it('bad values are refused with a stable code, a Chinese message, and nothing saved', async () => {
      const cases: [Record<string, unknown>, number, string, RegExp][] = [
        [{ ...DEFAULTS, repeatAtLeast: 1 }, 422, 'SUGGESTION_RULES_INVALID', /重复信访次数阈值须为 0.*或 2–20/],
        [{ ...DEFAULTS, repeatAtLeast: 21 }, 422, 'SUGGESTION_RULES_INVALID', /重复信访次数阈值.*现为 21/],
        [{ ...DEFAULTS, sentBackAtLeast: -1 }, 422, 'SUGGESTION_RULES_INVALID', /退回重办次数阈值须为非负整数/],
        [{ ...DEFAULTS, sentBackAtLeast: 1.5 }, 422, 'SUGGESTION_RULES_INVALID', /退回重办次数阈值须为非负整数/],
        [{ ...DEFAULTS, overdue: 'yes' }, 400, 'VALIDATION', /超期事项：/],
        [{ ...DEFAULTS, severe: undefined }, 400, 'VALIDATION', /严重警告事项：必填/],
      ];
      for (const [body, status, code, message] of cases) {
        const r = await as.admin.put(PATH, body);
        assert.deepEqual([r.status, r.body.error.code], [status, code], JSON.stringify(body));
        assert.match(r.body.error.message, message);
      }
      // Two problems at once are both named.
      const both = await as.admin.put(PATH, { ...DEFAULTS, repeatAtLeast: 1, sentBackAtLeast: 99 });
      assert.match(both.body.error.message, /重复信访次数阈值.*；退回重办次数阈值/);
      assert.deepEqual((await as.admin.get(PATH)).body.rules, DEFAULTS);
      assert.equal((await audits()).length, 0);
    });

    it('a changed threshold changes which items are suggested; each change is audited', async () => {
      const all = Object.values(w.ids);
      assert.deepEqual(new Set((await suggested()).map((s) => s.itemId)), new Set(all), 'defaults: all overdue');
      // Overdue and 严重警告 off, repeats from the second registration: only the four items linked to an earlier one.
      const repeats = [w.ids.acc, w.ids.ordLate, w.ids.accRedacted, w.ids.qLate];
      const two = { ...DEFAULTS, overdue: false, severe: false, repeatAtLeast: 2 };
      const saved = await as.admin.put(PATH, two);
      assert.equal(saved.status, 200, JSON.stringify(saved.body));
      assert.deepEqual(saved.body, { rules: two, defaults: DEFAULTS });
      assert.deepEqual((await as.admin.get(PATH)).body.rules, two);
      const s2 = await suggested();
      assert.deepEqual(new Set(s2.map((s) => s.itemId)), new Set(repeats));
      for (const s of s2) {
        assert.deepEqual(
          s.reasons.map((r) => r.code),
          ['repeat_petitions'],
        );
        assert.match(s.reasons[0]!.text, /已信访 2 次（达到 2 次即建议督办）/);
      }
      // Raised back to 3: no item has three registrations, and nothing else is on.
      assert.equal((await as.admin.put(PATH, { ...two, repeatAtLeast: 3 })).status, 200);
      assert.deepEqual(await suggested(), []);
      // Saving the rules as they are writes nothing more.
      assert.equal((await as.admin.put(PATH, { ...two, repeatAtLeast: 3 })).status, 200);
      // Back to the defaults: every overdue item again.
      assert.equal((await as.admin.put(PATH, DEFAULTS)).status, 200);
      assert.deepEqual(new Set((await suggested()).map((s) => s.itemId)), new Set(all));

      const rows = await audits();
      assert.equal(rows.length, 3);
      const admin = await w.env.deps.db
        .selectFrom('users')
        .select('id')
        .where('username', '=', VISIBILITY_LOGINS.admin)
        .executeTakeFirstOrThrow();
      for (const r of rows) assert.equal(r.actor, admin.id);
      assert.deepEqual(rows[0]!.detail, { before: DEFAULTS, after: two });
      assert.deepEqual(rows[1]!.detail, { before: two, after: { ...two, repeatAtLeast: 3 } });
      assert.deepEqual(rows[2]!.detail, { before: { ...two, repeatAtLeast: 3 }, after: DEFAULTS });
      assert.equal(auditActionLabel('supervision.suggestion_rules'), '修改督办建议阈值');
    });
  });
}
