/**
 * Tamper-evident audit log. Pure (no I/O, no clock).
 *
 * Keyed rows (every row written since the keyed chain exists): hash = HMAC-SM3(K[keyId], "xinfang/audit/v2|" +
 * prevHash + canonicalJson(event incl. keyId)), with K held in the key file, outside the database. Somebody who
 * can rewrite the database but has no key file cannot recompute the links: altering, deleting, reordering or
 * re-creating rows is detected. The key id is part of every row, so rows signed before a key rotation still
 * verify with the old key (kept in the key file).
 *
 * Legacy rows (written before the chain was keyed): hash = SM3(prevHash + canonicalJson(event)). They may only
 * form a prefix of the chain; the first keyed row links to the last of them, so changing them afterwards breaks
 * that link. What happened to them before that moment cannot be proven: anyone could recompute plain SM3.
 *
 * A chain alone cannot reveal removal of the LAST rows. Two further controls (in the app layer): a keyed head
 * seal kept in the database and updated with every append (truncation below it is detected), and an anchor
 * exported for safekeeping outside the system (`audit checkpoint`), which also defeats a rollback of the whole
 * database to an earlier copy. Both are checked through `expectHead` here.
 */
import { sm3Hex } from './sm.ts';

/** The hashed content of one audit event. */
export interface AuditEventInput {
  seq: number;
  /** ISO time. */
  at: string;
  actorId: string | null;
  actorRole: string | null;
  action: string;
  itemId: string | null;
  /** Any JSON value; `undefined` is hashed as `null` (what a JSON column gives back). */
  detail: unknown;
  requestId: string | null;
  /** A request id the client sent (kept beside the server's own, never instead of it). Keyed rows only. */
  clientRequestId?: string | null;
  /** The key that signs the row; null/absent for a legacy (plain SM3) row. */
  keyId?: string | null;
}

/** Keyed MACs over text, by key id (the key material stays outside the domain). */
export interface ChainKeys {
  /** HMAC-SM3 hex of `message` under key `keyId`; null when that key is not available. */
  mac(keyId: string, message: string): string | null;
}

/** A stored audit row: the event plus its link and hash. */
export type AuditChainRow = AuditEventInput & { prevHash: string; hash: string };

/** prevHash of the first event (64 zeros). */
export const GENESIS_HASH = '0'.repeat(64);

/** Result of verifyChain. `count` = rows verified OK before the break (or in total). */
export type ChainBreak =
  | 'hash_mismatch'
  | 'prev_mismatch'
  | 'seq_gap'
  | 'seq_order'
  | 'unkeyed_row'
  | 'unknown_key'
  | 'truncated'
  | 'head_invalid'
  | 'anchor_invalid';

/** Result of verifyChain. `count` = rows verified OK before the break (or in total); `legacy` = plain SM3 rows. */
export type ChainVerification =
  | { ok: true; count: number; legacy: number; lastSeq: number | null; lastHash: string }
  | { ok: false; count: number; brokenAt: number; reason: ChainBreak; message: string };

const HASH_RE = /^[0-9a-f]{64}$/;

/**
 * Deterministic JSON: object keys sorted (by UTF-16 code units), no whitespace. Otherwise as
 * JSON.stringify: `toJSON` honoured (Dates → ISO strings), `undefined`/function properties omitted,
 * `undefined` in arrays and non-finite numbers become `null`. Throws TypeError on cycles and BigInt.
 */
export function canonicalJson(value: unknown): string {
  const out = encode(value, new Set());
  return out === undefined ? 'null' : out;
}

function encode(value: unknown, stack: Set<object>): string | undefined {
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    value = (value as { toJSON: () => unknown }).toJSON();
  }
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? JSON.stringify(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      throw new TypeError('canonicalJson: BigInt is not JSON');
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
  }
  if (value === null) return 'null';
  const obj = value as object;
  if (stack.has(obj)) throw new TypeError('canonicalJson: cyclic structure');
  stack.add(obj);
  try {
    if (Array.isArray(obj)) {
      return `[${obj.map((v) => encode(v, stack) ?? 'null').join(',')}]`;
    }
    const parts: string[] = [];
    for (const key of Object.keys(obj).sort()) {
      const enc = encode((obj as Record<string, unknown>)[key], stack);
      if (enc !== undefined) parts.push(`${JSON.stringify(key)}:${enc}`);
    }
    return `{${parts.join(',')}}`;
  } finally {
    stack.delete(obj);
  }
}

/** The exact fields that are hashed (extra properties such as prevHash/hash are ignored). */
function hashedFields(ev: AuditEventInput): AuditEventInput {
  return {
    seq: ev.seq,
    at: ev.at,
    actorId: ev.actorId ?? null,
    actorRole: ev.actorRole ?? null,
    action: ev.action,
    itemId: ev.itemId ?? null,
    detail: ev.detail === undefined ? null : ev.detail,
    requestId: ev.requestId ?? null,
  };
}

/** SM3 hex of `prevHash + canonicalJson(event)` (a legacy row); `prevHash` must be 64 lowercase hex chars. */
export function chainHash(prevHash: string, ev: AuditEventInput): string {
  if (!HASH_RE.test(prevHash)) throw new TypeError('chainHash: prevHash must be 64 lowercase hex characters');
  return sm3Hex(prevHash + canonicalJson(hashedFields(ev)));
}

/** Builds a legacy (plain SM3) row for `ev` following `prevHash` (GENESIS_HASH for the first event). */
export function linkEvent(prevHash: string, ev: AuditEventInput): AuditChainRow {
  return { ...hashedFields(ev), prevHash, hash: chainHash(prevHash, ev) };
}

const KEYED_LABEL = 'xinfang/audit/v2|';

/** The text a keyed row's MAC covers: label, previous hash and the canonical event including its key id. */
export function keyedMessage(prevHash: string, ev: AuditEventInput, keyId: string): string {
  if (!HASH_RE.test(prevHash)) throw new TypeError('keyedMessage: prevHash must be 64 lowercase hex characters');
  return (
    KEYED_LABEL + prevHash + canonicalJson({ ...hashedFields(ev), clientRequestId: ev.clientRequestId ?? null, keyId })
  );
}

/** Builds a keyed row for `ev` under key `keyId`; throws when the key is not available. */
export function linkKeyedEvent(prevHash: string, ev: AuditEventInput, keyId: string, keys: ChainKeys): AuditChainRow {
  const hash = keys.mac(keyId, keyedMessage(prevHash, ev, keyId));
  if (hash === null) throw new Error(`audit key ${keyId} is not available`);
  return { ...hashedFields(ev), clientRequestId: ev.clientRequestId ?? null, keyId, prevHash, hash };
}

/** The text the database's head seal covers (distinct label: a row hash is never a valid seal). */
export function headMessage(seq: number, hash: string): string {
  return `xinfang/audit-head/v1|${seq}|${hash}`;
}

/** The text an exported anchor's MAC covers. */
export function anchorMessage(a: { seq: number; hash: string; at: string; exportedAt: string }): string {
  return `xinfang/audit-anchor/v1|${a.seq}|${a.hash}|${a.at}|${a.exportedAt}`;
}

/** Options of verifyChain. */
export interface VerifyChainOptions {
  /**
   * Where the rows start: defaults to `{ seq: 1, prevHash: GENESIS_HASH }`; use a checkpoint to verify a tail.
   * `keyed`: a keyed row came before `seq` (legacy rows may then no longer appear).
   */
  start?: { seq: number; prevHash: string; keyed?: boolean };
  /** Keys for keyed rows; without them a keyed row fails as `unknown_key`. */
  keys?: ChainKeys;
  /** An externally recorded head: the chain must reach `seq` and have `hash` there (detects truncation). */
  expectHead?: { seq: number; hash: string };
}

/**
 * Verifies rows in seq order, consuming the iterable once (works on a streaming DB iterator;
 * memory is O(1)). Checks per row, in this order:
 * - `seq_order`: seq not greater than the previous one (rows reordered or duplicated);
 * - `seq_gap`: seq skips numbers (rows deleted) — unless the following row goes back, which is
 *   reported as `seq_order` (one row of look-ahead);
 * - `prev_mismatch`: prevHash is not the previous row's hash (row deleted/replaced and renumbered);
 * - `hash_mismatch`: the stored hash does not match the row's content (row altered).
 * `brokenAt` is the seq of the row where verification failed.
 */
export function verifyChain(rows: Iterable<AuditChainRow>, opts: VerifyChainOptions = {}): ChainVerification {
  const start = opts.start ?? { seq: 1, prevHash: GENESIS_HASH };
  const it = rows[Symbol.iterator]();
  let expectedSeq = start.seq;
  let prevHash = start.prevHash;
  let keyed = start.keyed ?? false;
  let lastSeq: number | null = null;
  let count = 0;
  let legacy = 0;
  const fail = (reason: ChainBreak, brokenAt: number, message: string): ChainVerification => {
    it.return?.();
    return { ok: false, count, brokenAt, reason, message };
  };
  for (let r = it.next(); !r.done; r = it.next()) {
    const row = r.value;
    if (lastSeq !== null && row.seq <= lastSeq) {
      return fail('seq_order', row.seq, `审计日志顺序异常：第${lastSeq}条之后出现第${row.seq}条，记录被调换或重复`);
    }
    if (row.seq < expectedSeq) {
      return fail('seq_order', row.seq, `审计日志顺序异常：应从第${expectedSeq}条开始，却出现第${row.seq}条`);
    }
    if (row.seq > expectedSeq) {
      const next = it.next();
      if (!next.done && next.value.seq < row.seq) {
        return fail('seq_order', row.seq, `审计日志顺序异常：第${row.seq}条之后出现第${next.value.seq}条，记录被调换`);
      }
      const missing = row.seq - 1 === expectedSeq ? `第${expectedSeq}条` : `第${expectedSeq}至${row.seq - 1}条`;
      return fail('seq_gap', row.seq, `审计日志不连续：缺少${missing}，记录可能被删除`);
    }
    if (row.prevHash !== prevHash) {
      return fail(
        'prev_mismatch',
        row.seq,
        `审计日志链接断开：第${row.seq}条记录的前序哈希与上一条不符，记录可能被删除、替换或调换`,
      );
    }
    let hash: string | null;
    if (row.keyId) {
      try {
        hash = opts.keys ? opts.keys.mac(row.keyId, keyedMessage(row.prevHash, row, row.keyId)) : null;
      } catch {
        hash = '';
      }
      if (hash === null) {
        return fail(
          'unknown_key',
          row.seq,
          `审计日志第${row.seq}条由密钥 ${row.keyId} 签名，但密钥文件中没有该密钥，无法校验；请使用原密钥文件`,
        );
      }
      keyed = true;
    } else {
      if (keyed) {
        return fail(
          'unkeyed_row',
          row.seq,
          `审计日志第${row.seq}条没有密钥签名，却出现在已签名的记录之后，记录已被改写或伪造`,
        );
      }
      try {
        hash = chainHash(row.prevHash, row);
      } catch {
        hash = '';
      }
      legacy++;
    }
    if (hash !== row.hash) {
      return fail('hash_mismatch', row.seq, `审计日志第${row.seq}条记录的内容与其哈希不符，记录已被修改`);
    }
    if (opts.expectHead && row.seq === opts.expectHead.seq && row.hash !== opts.expectHead.hash) {
      return fail(
        'hash_mismatch',
        row.seq,
        `审计日志第${row.seq}条记录与另行留存的链头哈希不符，此处及之前的记录已被改写`,
      );
    }
    prevHash = row.hash;
    lastSeq = row.seq;
    expectedSeq = row.seq + 1;
    count++;
  }
  const head = opts.expectHead;
  if (head) {
    if (lastSeq === null || lastSeq < head.seq) {
      const from = lastSeq === null ? start.seq : lastSeq + 1;
      return {
        ok: false,
        count,
        brokenAt: from,
        reason: 'truncated',
        message: `审计日志不完整：应记录到第${head.seq}条，但在第${from}条处中断，末尾记录已被删除`,
      };
    }
  }
  return { ok: true, count, legacy, lastSeq, lastHash: prevHash };
}
