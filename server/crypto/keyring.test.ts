import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  Keyring,
  KeyringError,
  createKeyringFile,
  loadOrCreateKeyring,
  rotateKeyring,
  rotateKeyringFile,
} from './keyring.ts';

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'xf-keyring-'));
}

test('loadOrCreateKeyring creates directory and a 0600 key file on first start, then reloads it', () => {
  const dir = tmp();
  try {
    const path = join(dir, 'nested', 'secrets', 'keys.json');
    const a = loadOrCreateKeyring(path);
    assert.equal(a.activeId, 'k1');
    assert.match(a.sm4Key('k1'), /^[0-9a-f]{32}$/);
    assert.match(a.indexKey, /^[0-9a-f]{64}$/);
    const raw = JSON.parse(readFileSync(path, 'utf8'));
    assert.equal(raw.version, 1);
    assert.equal(raw.active, 'k1');
    assert.equal(raw.keys.k1.sm4, a.sm4Key('k1'));
    if (process.platform !== 'win32') {
      assert.equal(statSync(path).mode & 0o777, 0o600);
      assert.equal(statSync(join(dir, 'nested', 'secrets')).mode & 0o777, 0o700);
    }
    const b = loadOrCreateKeyring(path);
    assert.equal(b.sm4Key('k1'), a.sm4Key('k1'));
    assert.equal(b.indexKey, a.indexKey);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('two fresh key files get different random keys', () => {
  const x = createKeyringFile();
  const y = createKeyringFile();
  assert.notEqual(x.keys.k1!.sm4, y.keys.k1!.sm4);
  assert.notEqual(x.keys.k1!.hmac, y.keys.k1!.hmac);
});

test('rotateKeyring adds a new active key, keeps old ones and keeps the index key', () => {
  const dir = tmp();
  try {
    const path = join(dir, 'keys.json');
    const a = loadOrCreateKeyring(path);
    const b = rotateKeyring(path);
    assert.equal(b.activeId, 'k2');
    assert.deepEqual(b.ids, ['k1', 'k2']);
    assert.equal(b.sm4Key('k1'), a.sm4Key('k1'));
    assert.notEqual(b.sm4Key('k2'), a.sm4Key('k1'));
    assert.equal(b.indexKey, a.indexKey);
    const c = loadOrCreateKeyring(path);
    assert.equal(c.activeId, 'k2');
    assert.equal(rotateKeyring(path).activeId, 'k3');
    if (process.platform !== 'win32') assert.equal(statSync(path).mode & 0o777, 0o600);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('rotating a missing file fails', () => {
  const dir = tmp();
  try {
    assert.throws(
      () => rotateKeyring(join(dir, 'none.json')),
      (e: unknown) => e instanceof KeyringError && e.code === 'KEYRING_IO',
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('loading tightens a world-readable key file to 0600', { skip: process.platform === 'win32' }, () => {
  const dir = tmp();
  try {
    const path = join(dir, 'keys.json');
    writeFileSync(path, JSON.stringify(createKeyringFile()));
    chmodSync(path, 0o644);
    loadOrCreateKeyring(path);
    assert.equal(statSync(path).mode & 0o777, 0o600);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('invalid key files are rejected with KEYRING_INVALID', () => {
  const good = createKeyringFile();
  const bad = (data: unknown) =>
    assert.throws(
      () => new Keyring(data),
      (e: unknown) => e instanceof KeyringError && e.code === 'KEYRING_INVALID',
    );
  bad({ ...good, version: 2 });
  bad({ ...good, active: 'k9' });
  bad({ ...good, keys: { k1: { ...good.keys.k1, sm4: 'abc' } } });
  const rotated = rotateKeyringFile(good);
  bad({ ...rotated, keys: { ...rotated.keys, k2: { ...rotated.keys.k2!, hmac: 'f'.repeat(64) } } });
  const dir = tmp();
  try {
    const path = join(dir, 'keys.json');
    writeFileSync(path, '{not json');
    assert.throws(
      () => loadOrCreateKeyring(path),
      (e: unknown) => e instanceof KeyringError && e.code === 'KEYRING_INVALID',
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('sm4Key of an unknown id throws KEYRING_UNKNOWN_KEY', () => {
  const k = new Keyring(createKeyringFile());
  assert.equal(k.has('k1'), true);
  assert.equal(k.has('k7'), false);
  assert.throws(
    () => k.sm4Key('k7'),
    (e: unknown) => e instanceof KeyringError && e.code === 'KEYRING_UNKNOWN_KEY',
  );
});
