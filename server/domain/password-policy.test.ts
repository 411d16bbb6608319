import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkPassword, lockoutState } from './password-policy.ts';

test('a strong password passes', () => {
  assert.deepEqual(checkPassword('Tq7#mVb2-Lk', { username: 'zhangsan' }), []);
  assert.deepEqual(checkPassword('信访Kx8$gT2wz', { username: 'li' }), []);
  assert.deepEqual(checkPassword('rainy-hill-92-owl', {}), []); // lower + digit + symbol = 3 classes
});

test('too short', () => {
  const p = checkPassword('Ab1$xyz', { username: 'zhangsan' });
  assert.equal(p.length, 1);
  assert.match(p[0]!, /至少需要8位，当前只有7位/);
});

test('too few character classes names what to add', () => {
  const p = checkPassword('qmzwkvbrtn', { username: 'zhangsan' });
  assert.equal(p.length, 1);
  assert.match(p[0]!, /当前只有1类/);
  assert.match(p[0]!, /大写字母、数字、符号/);
  assert.equal(
    checkPassword('qmzwkvbr12', {}).some((x) => x.includes('至少三类')),
    true,
  );
  assert.equal(
    checkPassword('Qmzwkvbr12', {}).some((x) => x.includes('至少三类')),
    false,
  );
});

test('must not contain the user name (case-insensitive)', () => {
  const p = checkPassword('Xy#ZhangSan99', { username: 'zhangsan' });
  assert.deepEqual(p, ['密码不能包含用户名，请换一个']);
  assert.deepEqual(checkPassword('Xy#ZhangSan99', { username: 'wangwu' }), []);
});

test('common passwords and weak fragments are refused', () => {
  assert.ok(checkPassword('P@ssw0rd', {}).includes('密码过于常见，容易被猜中，请换一个'));
  assert.ok(checkPassword('Admin@123', {}).includes('密码过于常见，容易被猜中，请换一个'));
  assert.ok(checkPassword('1qaz@WSX', {}).includes('密码过于常见，容易被猜中，请换一个'));
  assert.ok(checkPassword('MyPassword#2025', {}).some((x) => x.includes('“password”')));
  assert.ok(checkPassword('Zz!123456789', {}).some((x) => x.includes('“123456”')));
});

test('several problems are reported together', () => {
  const p = checkPassword('admin', { username: 'admin' });
  assert.equal(p.length, 4); // length, classes, user name, common
});

const T0 = Date.parse('2025-03-01T09:00:00.000Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();
const fails = (...mins: number[]) => mins.map((m) => ({ at: at(m) }));

test('no failures: not locked, 5 attempts remaining', () => {
  assert.deepEqual(lockoutState([], at(0)), { locked: false, remaining: 5 });
});

test('4 failures: not locked, 1 remaining', () => {
  assert.deepEqual(lockoutState(fails(0, 1, 2, 3), at(4)), { locked: false, remaining: 1 });
});

test('5 failures within 15 minutes lock for 15 minutes after the 5th, then unlock', () => {
  const f = fails(0, 1, 2, 3, 4);
  assert.deepEqual(lockoutState(f, at(4)), { locked: true, until: at(19), remaining: 0 });
  assert.deepEqual(lockoutState(f, at(10)), { locked: true, until: at(19), remaining: 0 });
  assert.deepEqual(lockoutState(f, new Date(T0 + 19 * 60_000 - 1).toISOString()), {
    locked: true,
    until: at(19),
    remaining: 0,
  });
  assert.deepEqual(lockoutState(f, at(19)), { locked: false, remaining: 5 });
  assert.deepEqual(lockoutState(f, at(60)), { locked: false, remaining: 5 });
});

test('order of input does not matter', () => {
  assert.equal(lockoutState(fails(4, 0, 3, 1, 2), at(5)).locked, true);
});

test('failures spread over more than 15 minutes do not lock', () => {
  const f = fails(0, 5, 10, 16, 21);
  const s = lockoutState(f, at(22));
  assert.equal(s.locked, false);
  assert.equal(s.remaining, 2); // failures at 10, 16, 21 are within the last 15 minutes
});

test('failures while locked neither count nor extend the lock; counting restarts after unlock', () => {
  const f = fails(0, 1, 2, 3, 4, 10, 12, 18);
  assert.deepEqual(lockoutState(f, at(18)), { locked: true, until: at(19), remaining: 0 });
  assert.deepEqual(lockoutState(f, at(19)), { locked: false, remaining: 5 });
  const after = [...f, ...fails(20, 21, 22, 23)];
  assert.deepEqual(lockoutState(after, at(23)), { locked: false, remaining: 1 });
  assert.deepEqual(lockoutState([...after, { at: at(24) }], at(24)), { locked: true, until: at(39), remaining: 0 });
});

test('failures after now are ignored; custom policy; invalid times throw', () => {
  assert.deepEqual(lockoutState(fails(0, 1, 2, 3, 4), at(2)), { locked: false, remaining: 2 });
  assert.deepEqual(lockoutState(fails(0, 1, 2), at(2), { maxFailures: 3, lockMinutes: 30 }), {
    locked: true,
    until: at(32),
    remaining: 0,
  });
  assert.throws(() => lockoutState([{ at: 'yesterday' }], at(0)), TypeError);
  assert.throws(() => lockoutState([], 'now'), TypeError);
});
