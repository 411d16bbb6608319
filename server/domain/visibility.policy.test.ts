import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Role } from '../../contract/enums.ts';
import type { Actor } from './item.policy.ts';
import { emptyFacts } from './item.ts';
import {
  canOpenItem,
  canSeeLink,
  identityAccessOf,
  identityRedactedOf,
  readScopeOf,
  routeRefusal,
  standingOf,
  type ItemAccessFacts,
  type Viewer,
} from './visibility.policy.ts';

const key = (u: string) => `key:${u}`;
const viewer = (role: Role, unitId: string | null = null): Viewer => ({
  actor: { userId: 'u', username: 'u', displayName: 'u', role, unitId } satisfies Actor,
  unitKey: unitId ? key(unitId) : null,
});
const item = (over: Partial<ItemAccessFacts> = {}): ItemAccessFacts => ({
  leadUnitId: 'L',
  assistUnitIds: ['S'],
  accusedUnitKey: null,
  identityRedacted: false,
  ...over,
});

test('who opens an ordinary item and what of the identity they see', () => {
  const it = item();
  const cases: [Viewer, boolean, string][] = [
    [viewer('registrar'), true, 'full'],
    [viewer('reviewer'), true, 'full'],
    [viewer('leader'), true, 'masked'],
    [viewer('unit_handler', 'L'), true, 'full'],
    [viewer('unit_head', 'L'), true, 'full'],
    [viewer('unit_handler', 'S'), true, 'masked'],
    [viewer('unit_handler', 'X'), false, 'hidden'],
    [viewer('unit_handler', null), false, 'hidden'],
    [viewer('admin'), false, 'hidden'],
    [viewer('security_admin'), false, 'hidden'],
    [viewer('auditor'), false, 'hidden'],
  ];
  for (const [v, open, identity] of cases) {
    const who = `${v.actor.role}/${v.actor.unitId}`;
    assert.equal(canOpenItem(v, it), open, who);
    assert.equal(identityAccessOf(v, it), identity, who);
  }
});

test('the accused unit opens an accusation only when routed with the redaction choice, and sees no identity', () => {
  const accused = viewer('unit_handler', 'A');
  for (const at of [{ leadUnitId: 'A' }, { assistUnitIds: ['A'] }]) {
    assert.equal(canOpenItem(accused, item({ ...at, accusedUnitKey: key('A') })), false, JSON.stringify(at));
    const redacted = item({ ...at, accusedUnitKey: key('A'), identityRedacted: true });
    assert.equal(canOpenItem(accused, redacted), true);
    assert.equal(standingOf(accused, redacted), 'accused');
    assert.equal(identityAccessOf(accused, redacted), 'hidden');
  }
  assert.equal(
    canOpenItem(accused, item({ accusedUnitKey: key('A'), identityRedacted: true })),
    false,
    'not routed there',
  );
  // Other units keep their standing on the accusation.
  const acc = item({ accusedUnitKey: key('A') });
  assert.equal(identityAccessOf(viewer('unit_handler', 'L'), acc), 'full');
  assert.equal(identityAccessOf(viewer('unit_handler', 'S'), acc), 'masked');
});

test('a leader sees the identity only with case access (包案 / 批示)', () => {
  const it = item();
  assert.equal(identityAccessOf(viewer('leader'), it, { holdsCase: true, asksInstruction: false }), 'full');
  assert.equal(identityAccessOf(viewer('leader'), it, { holdsCase: false, asksInstruction: true }), 'full');
  assert.equal(identityAccessOf(viewer('unit_handler', 'S'), it, { holdsCase: true, asksInstruction: true }), 'masked');
});

test('a link shows only between two items the viewer opens, neither accusing them, one identity side', () => {
  const mine = item({ leadUnitId: 'L', assistUnitIds: [] });
  const assisted = item({ leadUnitId: 'M', assistUnitIds: ['L'] });
  const foreign = item({ leadUnitId: 'M', assistUnitIds: [] });
  const accusingMe = item({ leadUnitId: 'M', assistUnitIds: ['L'], accusedUnitKey: key('L'), identityRedacted: true });
  const lead = viewer('unit_handler', 'L');
  assert.equal(canSeeLink(lead, mine, item({ leadUnitId: 'L', assistUnitIds: [] })), true);
  assert.equal(canSeeLink(lead, mine, foreign), false, 'cannot open the other item');
  assert.equal(canSeeLink(lead, mine, assisted), false, 'full identity on one, masked on the other');
  assert.equal(canSeeLink(lead, mine, accusingMe), false);
  assert.equal(canSeeLink(lead, accusingMe, mine), false);
  assert.equal(canSeeLink(viewer('leader'), mine, foreign), true, 'masked on both');
  assert.equal(canSeeLink(viewer('reviewer'), accusingMe, mine), true);
});

test('the SQL scope of each viewer', () => {
  assert.deepEqual(readScopeOf(viewer('registrar')), { kind: 'district', identity: 'full' });
  assert.deepEqual(readScopeOf(viewer('leader')), { kind: 'district', identity: 'masked' });
  assert.deepEqual(readScopeOf(viewer('unit_head', 'L')), { kind: 'unit', unitId: 'L', unitKey: key('L') });
  for (const r of ['admin', 'security_admin', 'auditor'] as const)
    assert.deepEqual(readScopeOf(viewer(r)), { kind: 'none' });
  assert.deepEqual(readScopeOf(viewer('unit_handler', null)), { kind: 'none' });
});

test('routing to the accused unit, as lead or assisting unit, needs the redaction choice', () => {
  const acc = { accused: { name: '某', unitId: 'A', note: '' } };
  assert.match(routeRefusal(acc, { unitId: 'A' })!, /转交被检举控告人所在单位/);
  assert.match(routeRefusal(acc, { unitId: 'L', assistUnitIds: ['A'] })!, /协办/);
  assert.equal(routeRefusal(acc, { unitId: 'A', redactIdentity: true }), null);
  assert.equal(routeRefusal(acc, { unitId: 'L', assistUnitIds: ['S'] }), null);
  assert.equal(
    routeRefusal({ accused: { name: '某', unitId: null, outsideDistrict: true, note: '' } }, { unitId: 'A' }),
    null,
  );
  assert.equal(routeRefusal({ accused: null }, { unitId: 'A' }), null);
});

test('the redaction choice is read from the route; older routes to the accused unit were always redacted', () => {
  const facts = emptyFacts();
  const base = { accused: { name: '某', unitId: 'A', note: '' }, leadUnitId: 'A' };
  assert.equal(identityRedactedOf({ ...base, facts }), false, 'not routed');
  const route = { kind: '转送' as const, on: '2025-09-01', unitId: 'A', assistUnitIds: [], note: '' };
  assert.equal(identityRedactedOf({ ...base, facts: { ...facts, route } }), true);
  assert.equal(identityRedactedOf({ ...base, facts: { ...facts, route: { ...route, redactIdentity: false } } }), false);
  assert.equal(identityRedactedOf({ ...base, leadUnitId: 'L', facts: { ...facts, route } }), false);
});
