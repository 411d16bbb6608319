import { test } from 'node:test';
import assert from 'node:assert/strict';
import { charNgrams, charShingles, contentOnly, normalizeText, tokenize } from './segment.ts';

test('tokenize keeps domain words whole and drops stopwords/punctuation', () => {
  const toks = tokenize('尊敬的领导：信访人反映拖欠工资问题，已打12345热线，物业费也乱涨。');
  assert.ok(toks.includes('信访人'), toks.join('/'));
  assert.ok(toks.includes('拖欠工资'), toks.join('/'));
  assert.ok(toks.includes('12345热线'), toks.join('/'));
  assert.ok(toks.includes('物业费'), toks.join('/'));
  assert.ok(!toks.includes('的'));
  assert.ok(!toks.includes('尊敬'));
  assert.ok(!toks.some((t) => /[，。：]/.test(t)));
});

test('tokenize can keep stopwords and filter by length', () => {
  const all = tokenize('我们的安置房漏水', { stopwords: false });
  assert.ok(all.includes('我们'));
  assert.ok(all.includes('安置房'));
  assert.deepEqual(tokenize('我们的安置房漏水', { minLength: 3 }), ['安置房']);
});

test('normalizeText folds full-width characters and case, drops URLs', () => {
  assert.equal(normalizeText('ＡＢＣ１２３　见 https://x.y/z 谢谢'), 'abc123 见 谢谢');
});

test('char n-grams do not cross punctuation; shingles ignore it', () => {
  assert.deepEqual(charNgrams('物业费，停车', 2), ['物业', '业费', '停车']);
  assert.equal(contentOnly('物业费，停车。'), '物业费|停车');
  assert.deepEqual([...charShingles('物业费，停车', 4)], ['物业费停', '业费停车']);
  assert.deepEqual([...charShingles('短', 4)], ['短']);
});
