import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import type { Role } from '../contract/enums.ts';
import { applyStep } from '../server/app/apply-step.ts';
import { accessFactsOfItem, viewerOf } from '../server/app/visibility.ts';
import type { Actor } from '../server/domain/item.policy.ts';
import {
  canOpenItem,
  canSeeLink,
  identityAccessOf,
  readScopeOf,
  standingOf,
  type ItemAccessFacts,
} from '../server/domain/visibility.policy.ts';
import { identityVisible, linkTargets, visibleItems } from '../server/store/item-scope.ts';
import { loadItem } from '../server/store/item.store.ts';
import { dialects } from './test-db.ts';
import {
  buildVisibilityWorld,
  forceAssistUnits,
  registerAccusation,
  type VisibilityWorld,
} from './visibility-fixture.ts';

/**
 * The visibility rule exists twice: as pure functions over loaded items and as SQL for lists. For every kind
 * of viewer and every kind of item (ordinary, accusation, redacted, accused unit attached without redaction,
 * not yet routed) and every link, the two must give the same answer.
 */
for (const dialect of dialects()) {
  describe(`the SQL scope agrees with the policy (${dialect})`, () => {
    let w: VisibilityWorld;
    let viewers: Actor[];
    before(async () => {
      w = await buildVisibilityWorld(dialect);
      const deps = w.env.deps;
      const _reg = { actor: w.actors.registrar, requestId: null };
      const rev = { actor: w.actors.reviewer, requestId: null };
      const accusation = (title: string) =>
        registerAccusation(w, title, { repeat: { isRepeat: true, earlierItemIds: [w.ids.ordLate, w.ids.qLate] } });
      const route = (id: string, input: Record<string, unknown>) =>
        applyStep(deps, rev, id, 1, { step: 'route', kind: '转送', assistUnitIds: [], note: '', ...input } as never);
      await route(await accusation('由被检举单位主办（已隐去身份）'), {
        unitId: w.units.accused,
        redactIdentity: true,
      });
      const legacy = await accusation('较早的数据：被检举单位协办，未隐去身份');
      await route(legacy, { unitId: w.units.lead });
      await forceAssistUnits(w, legacy, [w.units.accused]);
      await accusation('尚未交转');
      const actor = (role: Role, unitId: string | null): Actor => ({
        userId: `${role}-${unitId}`,
        username: role,
        displayName: role,
        role,
        unitId,
      });
      viewers = [
        ...Object.values(w.actors),
        actor('unit_head', w.units.accused),
        actor('unit_handler', w.units.unrelated),
        actor('unit_handler', null),
        actor('admin', null),
        actor('security_admin', null),
        actor('auditor', null),
      ];
    });
    after(async () => w.env.close());

    it('opens, identity and links: the same answer in SQL and in the policy for every viewer', async () => {
      const deps = w.env.deps;
      const ids = (await deps.db.selectFrom('items').select('id').execute()).map((r) => r.id);
      const facts = new Map<string, ItemAccessFacts>();
      for (const id of ids) facts.set(id, accessFactsOfItem(deps, (await loadItem(deps.db, id, deps.codec))!));
      const links = await deps.db.selectFrom('item_links').select(['item_id', 'earlier_id']).execute();
      assert.ok(links.length >= 6);
      let compared = 0;
      for (const actor of viewers) {
        const viewer = viewerOf(deps, actor);
        const scope = readScopeOf(viewer);
        const rows = await deps.db
          .selectFrom('items as i')
          .select(['i.id', sql<number>`case when ${identityVisible(scope)} then 1 else 0 end`.as('idv')])
          .where(visibleItems(scope))
          .execute();
        const sqlOpen = new Map(rows.map((r) => [r.id, Number(r.idv) === 1]));
        for (const id of ids) {
          const f = facts.get(id)!;
          const who = `${actor.role}/${actor.unitId} on ${id}`;
          assert.equal(sqlOpen.has(id), canOpenItem(viewer, f), `open: ${who}`);
          if (sqlOpen.has(id))
            assert.equal(sqlOpen.get(id), identityAccessOf(viewer, f) === 'full', `identity: ${who}`);
          compared++;
        }
        for (const l of links) {
          for (const [from, to] of [
            [l.item_id, l.earlier_id],
            [l.earlier_id, l.item_id],
          ] as const) {
            const f = facts.get(from)!;
            if (!canOpenItem(viewer, f)) continue;
            const hit = await deps.db
              .selectFrom('items as i')
              .select('i.id')
              .where('i.id', '=', to)
              .where(linkTargets(scope, identityAccessOf(viewer, f) === 'full'))
              .executeTakeFirst();
            // The use case drops every link of an item whose viewer is its accused unit before asking SQL.
            const shownBySql = Boolean(hit) && standingOf(viewer, f) !== 'accused';
            assert.equal(shownBySql, canSeeLink(viewer, f, facts.get(to)!), `link ${from}→${to} for ${actor.role}`);
            compared++;
          }
        }
      }
      assert.ok(compared > viewers.length * ids.length);
    });
  });
}
