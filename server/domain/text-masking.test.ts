import assert from 'node:assert/strict';
import { test } from 'node:test';
import { identityMentions, maskIdentityInText, maskTextFields, type IdentityDictionary } from './text-masking.ts';

const dict: IdentityDictionary = {
  names: ['王举报', '买买提·艾力', 'Li Wei', '赵'],
  idNumbers: ['110101199003071230', '11010519491231002x'],
  phones: ['13900002222', '010-62345678'],
  addresses: ['平安区幸福路8号3栋'],
};
const m = (t: string) => maskIdentityInText(t, dict);

test('a name is masked wherever it occurs, also inside a longer run of characters and when repeated', () => {
  assert.equal(m('王举报反映，王举报再次反映'), '王**反映，王**再次反映');
  assert.equal(m('据王举报人称'), '据王**人称', 'inside a word: masked (over-masking is the safe failure)');
  assert.equal(m('王 举 报来访'), '王**来访', 'spaces typed inside the name');
  assert.equal(m('王　举报'), '王**', 'an ideographic space inside the name');
});

test('a minority name matches with any middle-dot variant or none; a Latin name only as a whole word', () => {
  assert.equal(m('买买提·艾力来访'), '买**·**来访');
  assert.equal(m('买买提•艾力、买买提艾力'), '买**·**、买**·**');
  assert.equal(m('li wei said; LI WEI again'), 'L* *** said; L* *** again');
  assert.equal(m('Oliweixin stays'), 'Oliweixin stays', 'not inside another Latin word');
});

test('a one-character name is not masked (it identifies no one and would garble the text)', () => {
  assert.equal(m('赵家村的路'), '赵家村的路');
});

test('ID numbers match with spaces, hyphens, full-width digits and a lower-case x', () => {
  for (const t of [
    '110101199003071230',
    '110101 19900307 1230',
    '110101-19900307-1230',
    '１１０１０１１９９００３０７１２３０',
    '1101 0119 9003 0712 30',
  ])
    assert.equal(m(`证件号${t}。`), '证件号110***********1230。', t);
  assert.equal(m('号码11010519491231002x'), '号码110***********002X');
  assert.equal(m('号码11010519491231002Ｘ'), '号码110***********002X');
});

test('phones match with separators, a country code and full-width digits; the shape of any mobile too', () => {
  for (const t of ['13900002222', '139-0000-2222', '139 0000 2222', '+86 139 0000 2222', '８６１３９００００２２２２'])
    assert.equal(m(`电话${t}。`), '电话139****2222。', t);
  assert.match(m('座机010-62345678转'), /^座机.*\*{4}5678转$/);
  assert.equal(
    m('其子电话13712345678'),
    '其子电话137****5678',
    'a number not in the dictionary but shaped like a mobile',
  );
  assert.equal(m('订单号139000022221'), '订单号139000022221', 'a longer run of digits is not a phone');
});

test('the address is masked whole, and its detail part when written alone', () => {
  assert.equal(m('住平安区幸福路8号3栋。'), '住平安区***。');
  assert.equal(m('住在幸福路８号３栋楼下'), '住在***楼下');
});

test('anything shaped like an ID number is masked, even when it is not the petitioner’s', () => {
  assert.equal(m('其妻身份证320102198506123451'), '其妻身份证320***********3451');
});

test('text without identities is returned unchanged, empty text too', () => {
  const t = '举报李科长收受好处，2025-09-10 已核实。编号 2025001。';
  assert.equal(m(t), t);
  assert.equal(m(''), '');
});

test('identityMentions says which of the item’s own identities the texts name', () => {
  assert.deepEqual(identityMentions(['本人王举报，电话139-0000-2222'], dict), ['name', 'phone']);
  assert.deepEqual(identityMentions(['其子电话13712345678'], dict), [], 'another person’s number is not a mention');
  assert.deepEqual(identityMentions(['', '住平安区幸福路8号3栋'], dict), ['address']);
});

test('maskTextFields masks free text under text keys and leaves ids, dates and codes alone', () => {
  const unitId = '13912345-6789-4000-8000-000000000000';
  const facts = {
    route: { kind: '转送', on: '2025-09-10', unitId, assistUnitIds: [unitId], note: '请联系王举报13900002222' },
    objections: [{ unitId, on: '2025-09-11', reason: '王举报所反映\n不属于本单位' }],
    opinion: { facts: '经查王举报…', answers: [{ demandIndex: 0, outcome: '支持', explanation: '已告知王举报' }] },
  };
  const out = maskTextFields(facts, dict);
  assert.equal(out.route.unitId, unitId);
  assert.deepEqual(out.route.assistUnitIds, [unitId]);
  assert.equal(out.route.on, '2025-09-10');
  assert.equal(out.route.note, '请联系王**139****2222');
  assert.equal(out.objections[0]!.reason, '王**所反映\n不属于本单位');
  assert.equal(out.opinion.answers[0]!.explanation, '已告知王**');
  assert.equal(facts.route.note, '请联系王举报13900002222', 'the input is not changed');
});
