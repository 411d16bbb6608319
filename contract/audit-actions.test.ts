import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { auditActionLabel, auditDetailPairs, auditDetailText } from './audit-actions.ts';
import { STEPS } from './enums.ts';
import { SUPERVISION_STEPS } from './supervision.ts';

const SERVER = join(import.meta.dirname, '..', 'server');
const AUDIT_CALL = /appendAudit\(|recordAudit\(|auditAction\(|auditOf\(|wrongCredential\(|DIRECT_ACTION/;
const PREFIXES = [
  ...['auth', 'user', 'grant', 'unit', 'calendar', 'rules', 'taxonomy', 'item', 'items', 'report', 'online', 'sms'],
  ...['doc_template', 'text', 'backlog', 'major_period', 'campaign', 'keys', 'demo', 'audit', 'supervision'],
  ...['instruction', 'meeting', 'follow_up'],
];
const ACTION_LITERAL = new RegExp(`['\`]((?:${PREFIXES.join('|')})\\.[a-z_]+)['\`]`, 'g');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) return sources(p);
    return p.endsWith('.ts') && !p.endsWith('.test.ts') ? [p] : [];
  });
}

/** Every action literal in a server file that writes the audit log. */
function writtenActions(): Set<string> {
  const out = new Set<string>();
  for (const f of sources(SERVER)) {
    const text = readFileSync(f, 'utf8');
    if (!AUDIT_CALL.test(text)) continue;
    for (const m of text.matchAll(ACTION_LITERAL)) out.add(m[1]!);
  }
  return out;
}

const isChinese = (s: string) => /^[\u4e00-\u9fff（）、/]+/.test(s);

test('every action code the server writes has a Chinese name', () => {
  const actions = writtenActions();
  assert.ok(actions.size > 30, `found only ${actions.size} action codes in the server`);
  const missing = [...actions].filter((a) => !isChinese(auditActionLabel(a)));
  assert.deepEqual(missing, []);
});

test('item steps, 督办 steps and 积案 steps written from templates are named', () => {
  const templated = [
    ...STEPS.map((s) => `item.${s}`),
    ...SUPERVISION_STEPS.map((s) => `supervision.${s}`),
    ...['assign', 'plan', 'note', 'close', 'reopen', 'link'].map((k) => `backlog.${k}`),
    'item.link',
    'item.unlink',
  ];
  assert.deepEqual(
    templated.filter((a) => !isChinese(auditActionLabel(a))),
    [],
  );
  assert.equal(auditActionLabel('item.route'), '交转');
  assert.equal(auditActionLabel('supervision.press'), '再次督促');
  assert.equal(auditActionLabel('no.such_code'), 'no.such_code');
});

test('details read as Chinese field names with formatted values', () => {
  const pairs = auditDetailPairs({ from: 'registered', to: 'routed', refused: false, rows: 1200 });
  assert.deepEqual(
    pairs.map((p) => `${p.label}=${p.text}`),
    ['原状态=待交转', '新状态=待签收', '被拒绝=否', '条数=1,200'],
  );
  const nested = auditDetailText({ changes: [{ field: 'title', before: '甲', after: '乙' }] });
  assert.equal(nested, '｛更正内容：｛字段：标题，修改前：甲，修改后：乙｝｝');
  assert.deepEqual(auditDetailPairs(null), []);
  assert.equal(auditDetailText({ filters: {} }), '｛筛选条件：—｝', 'an empty object reads as nothing given');
});
