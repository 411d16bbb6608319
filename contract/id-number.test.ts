import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEMO_PHONE,
  checkIdNumber,
  checkPhone,
  idCheckChar,
  makeInvalidDemoIdNumber,
  upgradeIdNumber15,
} from './id-number.ts';

/** Independent check-digit computation straight from GB 11643-1999 (ISO 7064 MOD 11-2). */
function refCheck(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const weight = 2 ** (17 - i) % 11; // W_i = 2^(i-1) mod 11, position counted from the right
    sum += Number(first17[i]) * weight;
  }
  const r = (12 - (sum % 11)) % 11;
  return r === 10 ? 'X' : String(r);
}

const TODAY = { today: '2025-06-01' };

test('reference check digits: the published example ends in X', () => {
  assert.equal(refCheck('11010519491231002'), 'X');
  assert.equal(idCheckChar('11010519491231002'), 'X');
});

test('check char agrees with the independent MOD 11-2 computation', () => {
  for (let n = 0; n < 2000; n++) {
    const first17 = `1101011990030${String(n).padStart(4, '0')}`;
    assert.equal(idCheckChar(first17), refCheck(first17), first17);
  }
});

test('valid 18-digit numbers are accepted with birth date and gender', () => {
  const base = '11010519491231002';
  const r = checkIdNumber(base + refCheck(base), TODAY);
  assert.deepEqual(r, { ok: true, normalized: '11010519491231002X', birthDate: '1949-12-31', gender: 'F' });

  const male = '44030420000229001';
  const r2 = checkIdNumber(male + refCheck(male), TODAY);
  assert.equal(r2.ok, true);
  if (r2.ok) {
    assert.equal(r2.birthDate, '2000-02-29');
    assert.equal(r2.gender, 'M');
  }
});

test('lower-case x, spaces and full-width digits are normalised', () => {
  const r = checkIdNumber(' 110105 19491231 002x ', TODAY);
  assert.equal(r.ok, true);
  if (r.ok) assert.equal(r.normalized, '11010519491231002X');
  assert.equal(checkIdNumber('１１０１０５１９４９１２３１００２Ｘ', TODAY).ok, true);
});

test('wrong check digit → ID_CHECKSUM', () => {
  const r = checkIdNumber('110105194912310021', TODAY);
  assert.equal(r.ok, false);
  if (!r.ok) {
    assert.equal(r.code, 'ID_CHECKSUM');
    assert.match(r.message, /校验位/);
  }
});

test('bad birth dates → ID_BIRTHDATE', () => {
  for (const first17 of [
    '11010519490231002',
    '11010519491301002',
    '11010518991231002',
    '11010520300101002',
    '11010519490000002',
  ]) {
    const r = checkIdNumber(first17 + refCheck(first17), TODAY);
    assert.equal(r.ok, false, first17);
    if (!r.ok) {
      assert.equal(r.code, 'ID_BIRTHDATE', first17);
      assert.match(r.message, /出生日期/);
    }
  }
  // 1900-02-29 does not exist (1900 is not a leap year).
  const f = '11010519000229002';
  const r = checkIdNumber(f + refCheck(f), TODAY);
  assert.equal(!r.ok && r.code, 'ID_BIRTHDATE');
  // Born "today" is fine, tomorrow is not.
  const t = '11010520250601002';
  assert.equal(checkIdNumber(t + refCheck(t), TODAY).ok, true);
  assert.equal(checkIdNumber(t + refCheck(t), { today: '2025-05-31' }).ok, false);
});

test('format problems → ID_FORMAT with a message saying what to fix', () => {
  const cases: [string, RegExp][] = [
    ['', /请填写/],
    ['1101051949123100', /16位/],
    ['1101051949123100X2', /前17位/],
    ['11010519491231002Y', /最后一位/],
    ['99010519491231002X', /地区代码/],
  ];
  for (const [input, re] of cases) {
    const r = checkIdNumber(input, TODAY);
    assert.equal(r.ok, false, input);
    if (!r.ok) {
      assert.equal(r.code, 'ID_FORMAT', input);
      assert.match(r.message, re, input);
    }
  }
});

test('15-digit legacy numbers are rejected with the converted 18-digit suggestion', () => {
  const r = checkIdNumber('110105491231002', TODAY);
  assert.equal(r.ok, false);
  if (!r.ok) {
    assert.equal(r.code, 'ID_FORMAT');
    assert.equal(r.suggestion, '11010519491231002X');
    assert.match(r.message, /18位/);
  }
  assert.equal(upgradeIdNumber15('110105491231002'), '11010519491231002X');
  assert.equal(upgradeIdNumber15('123'), null);
});

test('makeInvalidDemoIdNumber is deterministic, well-formed, and always fails only the checksum', () => {
  assert.equal(makeInvalidDemoIdNumber(42), makeInvalidDemoIdNumber(42));
  assert.notEqual(makeInvalidDemoIdNumber(1), makeInvalidDemoIdNumber(2));
  const seen = new Set<string>();
  for (let seed = 0; seed < 3000; seed++) {
    const id = makeInvalidDemoIdNumber(seed);
    seen.add(id);
    assert.match(id, /^\d{17}[\dX]$/);
    const r = checkIdNumber(id, TODAY);
    assert.equal(r.ok, false, id);
    if (!r.ok) assert.equal(r.code, 'ID_CHECKSUM', id);
    assert.notEqual(id[17], refCheck(id.slice(0, 17)));
  }
  assert.ok(seen.size > 2990);
});

test('checkPhone accepts mobiles and landlines with area code', () => {
  assert.deepEqual(checkPhone('13800005678'), { ok: true, kind: 'mobile', normalized: '13800005678' });
  assert.deepEqual(checkPhone('+86 138-0000-5678'), { ok: true, kind: 'mobile', normalized: '13800005678' });
  assert.deepEqual(checkPhone('19912345678'), { ok: true, kind: 'mobile', normalized: '19912345678' });
  assert.deepEqual(checkPhone('010-62345678'), { ok: true, kind: 'landline', normalized: '010-62345678' });
  assert.deepEqual(checkPhone('(0755) 2345678'), { ok: true, kind: 'landline', normalized: '0755-2345678' });
  assert.deepEqual(checkPhone('02162345678'), { ok: true, kind: 'landline', normalized: '021-62345678' });
  assert.deepEqual(checkPhone('010-62345678-801'), { ok: true, kind: 'landline', normalized: '010-62345678-801' });
  assert.deepEqual(checkPhone('010-62345678转801'), { ok: true, kind: 'landline', normalized: '010-62345678-801' });
});

test('checkPhone rejects malformed numbers with Chinese hints', () => {
  const bad: [string, RegExp][] = [
    ['', /请填写/],
    ['12800005678', /第二位/],
    ['1380000567', /格式不正确/],
    ['138000056789', /格式不正确/],
    ['12345678', /区号/],
    ['010-0234567', /区号010之后/],
    ['0755-123456', /区号0755之后/],
    ['010-12345678', /区号010之后/], // local numbers do not start with 0 or 1
    ['abc', /格式不正确/],
  ];
  for (const [input, re] of bad) {
    const r = checkPhone(input);
    assert.equal(r.ok, false, input);
    if (!r.ok) {
      assert.equal(r.code, 'PHONE_FORMAT');
      assert.match(r.message, re, input);
    }
  }
});

test('DEMO_PHONE makes deterministic 1xx0000xxxx mobiles that pass checkPhone', () => {
  assert.equal(DEMO_PHONE.make(7), DEMO_PHONE.make(7));
  for (let seed = 0; seed < 500; seed++) {
    const p = DEMO_PHONE.make(seed);
    assert.match(p, /^1\d{2}0000\d{4}$/);
    assert.equal(DEMO_PHONE.is(p), true);
    assert.equal(checkPhone(p).ok, true, p);
  }
  assert.equal(new Set(Array.from({ length: 500 }, (_, i) => DEMO_PHONE.make(i))).size, 500);
  assert.equal(DEMO_PHONE.is('13812345678'), false);
});
