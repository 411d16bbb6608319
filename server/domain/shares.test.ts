import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { rateOf, sharesOf } from './shares.ts';

const sum = (xs: number[]) => Math.round(xs.reduce((a, b) => a + b, 0) * 10) / 10;

describe('sharesOf (largest remainder, one decimal)', () => {
  it('three equal parts sum to 100.0: the first gets the extra tenth', () => {
    assert.deepEqual(sharesOf([1, 1, 1]), [33.4, 33.3, 33.3]);
  });
  it('exact splits stay exact', () => {
    assert.deepEqual(sharesOf([1, 3]), [25, 75]);
    assert.deepEqual(sharesOf([5, 0, 0, 0]), [100, 0, 0, 0]);
  });
  it('all zero gives all 0.0', () => {
    assert.deepEqual(sharesOf([0, 0, 0]), [0, 0, 0]);
  });
  it('the largest remainders get the leftover tenths', () => {
    // 2/7 = 28.571, 2/7, 3/7 = 42.857 → floors 285, 285, 428 (998); remainders .714 .714 .571 → +1 to the first two
    assert.deepEqual(sharesOf([2, 2, 3]), [28.6, 28.6, 42.8]);
  });
  it('many random splits always sum to exactly 100.0', () => {
    let seed = 7;
    const rnd = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed;
    };
    for (let k = 0; k < 500; k++) {
      const parts = Array.from({ length: 2 + (rnd() % 6) }, () => rnd() % 1000);
      if (parts.every((p) => p === 0)) continue;
      const s = sharesOf(parts);
      assert.equal(sum(s), 100, JSON.stringify(parts));
      s.forEach((x, i) => assert.ok(Math.abs(x - (parts[i]! * 100) / parts.reduce((a, b) => a + b, 0)) < 0.11));
    }
  });
  it('rateOf rounds to one decimal and is null on a zero denominator', () => {
    assert.equal(rateOf(2, 3), 66.7);
    assert.equal(rateOf(0, 0), null);
  });
});
