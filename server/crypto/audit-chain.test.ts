import { test } from 'node:test';
import assert from 'node:assert/strict';
import smCrypto from 'sm-crypto';
import { hmacSm3Hex } from './sm.ts';
import {
  GENESIS_HASH,
  anchorMessage,
  canonicalJson,
  chainHash,
  headMessage,
  linkEvent,
  linkKeyedEvent,
  verifyChain,
  type AuditChainRow,
  type AuditEventInput,
  type ChainKeys,
} from './audit-chain.ts';

function event(seq: number): AuditEventInput {
  return {
    seq,
    at: new Date(Date.UTC(2025, 0, 1, 8, 0, seq)).toISOString(),
    actorId: seq % 3 === 0 ? null : `u${seq % 7}`,
    actorRole: seq % 3 === 0 ? null : 'handler',
    action: seq % 2 ? 'item.update' : 'item.view',
    itemId: `XF2025${String(seq).padStart(6, '0')}`,
    detail: { field: 'status', from: 'A', to: 'B', n: seq, 说明: '办理' },
    requestId: `req-${seq}`,
  };
}

function buildChain(n: number): AuditChainRow[] {
  const rows: AuditChainRow[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const row = linkEvent(prev, event(seq));
    rows.push(row);
    prev = row.hash;
  }
  return rows;
}

/** Simulates reading rows back from a JSON column (detail re-parsed). */
function roundTrip(rows: AuditChainRow[]): AuditChainRow[] {
  return rows.map((r) => JSON.parse(JSON.stringify(r)) as AuditChainRow);
}

test('canonicalJson sorts keys recursively and follows JSON.stringify otherwise', () => {
  assert.equal(
    canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: 'x' } }),
    '{"a":{"c":"x","d":[3,{"y":2,"z":1}]},"b":1}',
  );
  assert.equal(canonicalJson({ a: undefined, b: null, c: [undefined, NaN] }), '{"b":null,"c":[null,null]}');
  assert.equal(canonicalJson(new Date('2025-01-01T00:00:00Z')), '"2025-01-01T00:00:00.000Z"');
  assert.equal(canonicalJson('引号"\n'), JSON.stringify('引号"\n'));
  assert.equal(canonicalJson(undefined), 'null');
  const cyc: Record<string, unknown> = {};
  cyc.self = cyc;
  assert.throws(() => canonicalJson(cyc), TypeError);
  assert.throws(() => canonicalJson({ n: 1n }), TypeError);
});

test('chainHash is SM3 over prevHash + canonical JSON of the event fields', () => {
  const ev = event(1);
  const expected = smCrypto.sm3(
    GENESIS_HASH +
      '{"action":"item.update","actorId":"u1","actorRole":"handler","at":"2025-01-01T08:00:01.000Z",' +
      '"detail":{"field":"status","from":"A","n":1,"to":"B","说明":"办理"},"itemId":"XF2025000001","requestId":"req-1","seq":1}',
  );
  assert.equal(chainHash(GENESIS_HASH, ev), expected);
  // Key order of the input object does not matter; extra properties are ignored.
  const shuffled = {
    requestId: ev.requestId,
    detail: ev.detail,
    itemId: ev.itemId,
    action: ev.action,
    actorRole: ev.actorRole,
    actorId: ev.actorId,
    at: ev.at,
    seq: ev.seq,
    extra: 1,
  };
  assert.equal(chainHash(GENESIS_HASH, shuffled), expected);
  assert.notEqual(chainHash('1'.repeat(64), ev), expected);
  assert.equal(chainHash(GENESIS_HASH, { ...ev, detail: undefined }), chainHash(GENESIS_HASH, { ...ev, detail: null }));
  assert.throws(() => chainHash('xyz', ev), TypeError);
});

test('an intact chain of 1000 events verifies, also after a JSON round-trip and from a generator', () => {
  const rows = buildChain(1000);
  assert.equal(rows[0]!.prevHash, GENESIS_HASH);
  const r = verifyChain(roundTrip(rows));
  assert.deepEqual(r, { ok: true, count: 1000, legacy: 1000, lastSeq: 1000, lastHash: rows[999]!.hash });
  function* stream() {
    for (const row of rows) yield row;
  }
  assert.equal(verifyChain(stream()).ok, true);
  assert.deepEqual(verifyChain([]), { ok: true, count: 0, legacy: 0, lastSeq: null, lastHash: GENESIS_HASH });
});

test('an altered row is detected as hash_mismatch at that row', () => {
  const rows = roundTrip(buildChain(50));
  rows[20] = { ...rows[20]!, detail: { ...(rows[20]!.detail as object), to: 'C' } };
  const r = verifyChain(rows);
  assert.equal(r.ok, false);
  if (!r.ok) {
    assert.equal(r.reason, 'hash_mismatch');
    assert.equal(r.brokenAt, 21);
    assert.equal(r.count, 20);
    assert.match(r.message, /第21条/);
  }
  const actor = roundTrip(buildChain(10));
  actor[4] = { ...actor[4]!, actorId: 'intruder' };
  const r2 = verifyChain(actor);
  assert.equal(!r2.ok && r2.reason, 'hash_mismatch');
});

test('an altered row whose hash was recomputed breaks the link of the next row', () => {
  const rows = buildChain(10);
  const changed = { ...rows[4]!, action: 'item.delete' };
  rows[4] = linkEvent(changed.prevHash, changed);
  const r = verifyChain(rows);
  assert.equal(r.ok, false);
  if (!r.ok) {
    assert.equal(r.reason, 'prev_mismatch');
    assert.equal(r.brokenAt, 6);
  }
});

test('a deleted row is detected (seq_gap), also when it is the first or a run of rows', () => {
  const rows = buildChain(30);
  const r = verifyChain(rows.filter((x) => x.seq !== 13));
  assert.equal(r.ok, false);
  if (!r.ok) {
    assert.equal(r.reason, 'seq_gap');
    assert.equal(r.brokenAt, 14);
    assert.equal(r.count, 12);
    assert.match(r.message, /缺少第13条/);
  }
  const first = verifyChain(rows.slice(1));
  assert.equal(!first.ok && first.reason, 'seq_gap');
  const run = verifyChain(rows.filter((x) => x.seq < 5 || x.seq > 8));
  assert.equal(!run.ok && run.message.includes('第5至8条'), true);
});

test('a deleted row with later rows renumbered is detected (prev_mismatch)', () => {
  const rows = buildChain(20).filter((x) => x.seq !== 7);
  const renumbered = rows.map((x) => (x.seq > 7 ? { ...x, seq: x.seq - 1 } : x));
  const r = verifyChain(renumbered);
  assert.equal(r.ok, false);
  if (!r.ok) {
    assert.equal(r.reason, 'prev_mismatch');
    assert.equal(r.brokenAt, 7);
  }
});

test('reordered rows are detected (seq_order), adjacent or far apart', () => {
  const rows = buildChain(30);
  const swapped = [...rows];
  [swapped[9], swapped[10]] = [swapped[10]!, swapped[9]!];
  const r = verifyChain(swapped);
  assert.equal(r.ok, false);
  if (!r.ok) {
    assert.equal(r.reason, 'seq_order');
    assert.equal(r.brokenAt, 11);
    assert.equal(r.count, 9);
  }
  const moved = [...rows.slice(0, 5), ...rows.slice(6, 20), rows[5]!, ...rows.slice(20)];
  const r2 = verifyChain(moved);
  // Row 6 moved far later: where it is missing the verifier sees a gap (it stops at the first break).
  assert.equal(!r2.ok && r2.reason, 'seq_gap');
  assert.equal(!r2.ok && r2.brokenAt, 7);
  const dup = [...rows.slice(0, 10), rows[9]!, ...rows.slice(10)];
  const r3 = verifyChain(dup);
  assert.equal(!r3.ok && r3.reason, 'seq_order');
});

test('rows swapped in content but keeping their seq numbers are detected (prev_mismatch)', () => {
  const rows = buildChain(10);
  const a = rows[3]!;
  const b = rows[4]!;
  const tampered = [...rows];
  tampered[3] = { ...b, seq: a.seq };
  tampered[4] = { ...a, seq: b.seq };
  const r = verifyChain(tampered);
  assert.equal(r.ok, false);
  if (!r.ok) {
    assert.equal(r.reason, 'prev_mismatch');
    assert.equal(r.brokenAt, 4);
  }
});

test('truncation and a rewritten tail are detected against an externally kept head', () => {
  const rows = buildChain(20);
  const head = { seq: 20, hash: rows[19]!.hash };
  assert.equal(verifyChain(rows, { expectHead: head }).ok, true);
  const cut = verifyChain(rows.slice(0, 17), { expectHead: head });
  assert.equal(cut.ok, false);
  if (!cut.ok) {
    assert.equal(cut.reason, 'truncated');
    assert.equal(cut.brokenAt, 18);
  }
  // Rewrite from row 15 on with recomputed hashes: the chain itself is consistent, the head is not.
  const rewritten = rows.slice(0, 14);
  let prev = rows[13]!.hash;
  for (let seq = 15; seq <= 20; seq++) {
    const row = linkEvent(prev, { ...event(seq), action: 'forged' });
    rewritten.push(row);
    prev = row.hash;
  }
  assert.equal(verifyChain(rewritten).ok, true);
  const r = verifyChain(rewritten, { expectHead: head });
  assert.equal(r.ok, false);
  if (!r.ok) assert.equal(r.reason, 'hash_mismatch');
});

test('verifying from a checkpoint works on a tail of the chain', () => {
  const rows = buildChain(40);
  const start = { seq: 21, prevHash: rows[19]!.hash };
  assert.deepEqual(verifyChain(rows.slice(20), { start }), {
    ok: true,
    count: 20,
    legacy: 20,
    lastSeq: 40,
    lastHash: rows[39]!.hash,
  });
  const r = verifyChain(rows.slice(21), { start });
  assert.equal(!r.ok && r.reason, 'seq_gap');
});

test('verifyChain stops at the break and closes the iterator', () => {
  const rows = buildChain(10);
  rows[2] = { ...rows[2]!, hash: 'f'.repeat(64) };
  let pulled = 0;
  let closed = false;
  const iterable: Iterable<AuditChainRow> = {
    [Symbol.iterator]() {
      return {
        next: () => (pulled < rows.length ? { done: false, value: rows[pulled++]! } : { done: true, value: undefined }),
        return: () => {
          closed = true;
          return { done: true, value: undefined };
        },
      };
    },
  };
  const r = verifyChain(iterable);
  assert.equal(!r.ok && r.brokenAt, 3);
  assert.equal(pulled, 3);
  assert.equal(closed, true);
});

// ---------------------------------------------------------------------------------------------------
// The keyed chain (HMAC-SM3 under a key held outside the database)

const keysOf = (...ids: string[]): ChainKeys => ({
  mac: (id, message) => (ids.includes(id) ? hmacSm3Hex(id.repeat(16).slice(0, 64), message) : null),
});

function buildKeyed(n: number, keyOf: (seq: number) => string, keys: ChainKeys, from: AuditChainRow[] = []) {
  const rows = [...from];
  let prev = rows.at(-1)?.hash ?? GENESIS_HASH;
  for (let seq = rows.length + 1; seq <= n; seq++) {
    const row = linkKeyedEvent(prev, { ...event(seq), clientRequestId: seq % 4 ? null : `c-${seq}` }, keyOf(seq), keys);
    rows.push(row);
    prev = row.hash;
  }
  return rows;
}

test('a keyed chain verifies with the key file, and only with it', () => {
  const keys = keysOf('k1');
  const rows = roundTrip(buildKeyed(50, () => 'k1', keys));
  assert.deepEqual(verifyChain(rows, { keys }), {
    ok: true,
    count: 50,
    legacy: 0,
    lastSeq: 50,
    lastHash: rows[49]!.hash,
  });
  const noKey = verifyChain(rows);
  assert.equal(!noKey.ok && noKey.reason, 'unknown_key');
  assert.equal(!noKey.ok && noKey.brokenAt, 1);
});

test('rewriting keyed rows without the key fails: plain SM3 links, another key, or a changed client id', () => {
  const keys = keysOf('k1');
  const rows = buildKeyed(30, () => 'k1', keys);
  // The database owner deletes row 20 and recomputes every later link with what he has: SM3, or a key of his own.
  const forgedSm3 = rows.slice(0, 19);
  let prev = rows[18]!.hash;
  for (let seq = 20; seq <= 29; seq++) {
    const row = { ...linkEvent(prev, event(seq)), keyId: 'k1' };
    forgedSm3.push(row);
    prev = row.hash;
  }
  const a = verifyChain(forgedSm3, { keys });
  assert.equal(!a.ok && a.reason, 'hash_mismatch');
  assert.equal(!a.ok && a.brokenAt, 20);
  const own = keysOf('k1');
  const mine: ChainKeys = { mac: (_id, m) => hmacSm3Hex('ab'.repeat(32), m) };
  const forgedKey = buildKeyed(29, () => 'k1', mine, rows.slice(0, 19));
  const b = verifyChain(forgedKey, { keys: own });
  assert.equal(!b.ok && b.brokenAt, 20);
  // Dropping the key id to pass the row off as a legacy one is refused too.
  const c = verifyChain([...rows.slice(0, 10), { ...linkEvent(rows[9]!.hash, event(11)) }], { keys });
  assert.equal(!c.ok && c.reason, 'unkeyed_row');
  const d = rows.map((r) => (r.seq === 8 ? { ...r, clientRequestId: 'spoofed' } : r));
  assert.equal(verifyChain(d, { keys }).ok, false);
});

test('legacy SM3 rows are accepted as a prefix only, and counted', () => {
  const keys = keysOf('k1');
  const legacy = buildChain(12);
  const rows = buildKeyed(20, () => 'k1', keys, legacy);
  const r = verifyChain(rows, { keys });
  assert.equal(r.ok && r.legacy, 12);
  assert.equal(r.ok && r.count, 20);
  // Changing a legacy row afterwards breaks the link into the first keyed row, whatever is recomputed.
  const changed = [...legacy.slice(0, 5)];
  let prev = legacy[4]!.hash;
  for (let seq = 6; seq <= 12; seq++) {
    const row = linkEvent(prev, { ...event(seq), action: 'forged' });
    changed.push(row);
    prev = row.hash;
  }
  const broken = verifyChain([...changed, ...rows.slice(12)], { keys });
  assert.equal(!broken.ok && broken.reason, 'prev_mismatch');
  assert.equal(!broken.ok && broken.brokenAt, 13);
});

test('rows signed before a key rotation verify with the old key kept in the key file', () => {
  const keys = keysOf('k1', 'k2');
  const rows = buildKeyed(40, (seq) => (seq <= 25 ? 'k1' : 'k2'), keys);
  assert.equal(verifyChain(rows, { keys }).ok, true);
  const lost = verifyChain(rows, { keys: keysOf('k2') });
  assert.equal(!lost.ok && lost.reason, 'unknown_key');
  assert.equal(!lost.ok && lost.brokenAt, 1);
});

test('the head seal and the anchor use their own labels: a row hash is never a valid seal', () => {
  assert.notEqual(
    headMessage(5, 'a'.repeat(64)),
    anchorMessage({ seq: 5, hash: 'a'.repeat(64), at: 'x', exportedAt: 'y' }),
  );
  assert.match(headMessage(5, 'a'.repeat(64)), /^xinfang\/audit-head\/v1\|5\|a{64}$/);
});
