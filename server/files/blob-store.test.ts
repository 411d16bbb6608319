import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { dirBlobStore } from './blob-store.ts';

describe('directory blob store', () => {
  const dir = mkdtempSync(join(tmpdir(), 'xinfang-blobs-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('puts, gets, replaces and deletes under nested keys, files private to the service account', async () => {
    const blobs = dirBlobStore(join(dir, 'files'));
    assert.equal(await blobs.get('ab/abc1'), null);
    assert.equal(await blobs.has('ab/abc1'), false);
    await blobs.put('ab/abc1', Buffer.from('第一版'));
    assert.equal(await blobs.has('ab/abc1'), true);
    assert.equal((await blobs.get('ab/abc1'))!.toString(), '第一版');
    await blobs.put('ab/abc1', Buffer.from('第二版'));
    assert.equal((await blobs.get('ab/abc1'))!.toString(), '第二版');
    assert.deepEqual(readdirSync(join(dir, 'files', 'ab')), ['abc1'], 'no temp file left beside it');
    if (process.platform !== 'win32') assert.equal(statSync(join(dir, 'files', 'ab', 'abc1')).mode & 0o077, 0);
    await blobs.delete('ab/abc1');
    await blobs.delete('ab/abc1');
    assert.equal(await blobs.get('ab/abc1'), null);
  });

  it('refuses keys that could leave its folder', async () => {
    const blobs = dirBlobStore(join(dir, 'files'));
    for (const key of ['../x', '/etc/passwd', 'a/../../b', 'a//b', '', 'a/b.txt'])
      await assert.rejects(blobs.put(key, Buffer.from('x')), /invalid blob key/, key);
  });
});
