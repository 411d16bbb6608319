import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { actor, newItem, routedAndAccepted, walk } from '../../test/domain-items.ts';
import { applySupervisionStep, escalateSupervision, issueSupervision } from './supervision.ts';
import { SUPERVISION_DOC_FIELDS, supervisionDocument } from './supervision-doc.ts';

const item = walk(newItem(), routedAndAccepted('zjj', '2025-09-29', '2025-10-09'));
const organ = { name: '某某区信访局', contactPerson: '李科长', contactPhone: '010-00001234' };
let s = issueSupervision(
  {
    kind: '挂牌督办',
    itemIds: [item.id],
    reason: '王小明反映的电梯问题已超期未办结',
    requirements: '三日内制定维修方案',
    unitId: 'zjj',
    addresseeUserId: 'jb',
    issuedOn: '2025-12-09',
    dueOn: '2025-12-16',
  },
  actor('rev', 'reviewer'),
  { id: 's1', number: '督办〔2025〕3号' },
  '2025-12-09',
);
s = escalateSupervision(s, '2025-12-17')!.supervision;
s = applySupervisionStep(
  s,
  { step: 'reply', on: '2025-12-18', done: '已与王小明沟通，维修方案已确定', expectedFinishOn: '2025-12-31' },
  actor('jb', 'unit_handler', 'zjj'),
  '2025-12-18',
).supervision;
const input = {
  supervision: s,
  items: [{ item, duty: { name: '办理期限', due: '2025-12-08', level: 'overdue' as const } }],
  organ,
  unitName: '区住建局',
  addresseeName: '张经办',
};

describe('the 督办单 document model', () => {
  it('prints the order, its items with their deadlines, the replies and the escalations', () => {
    const doc = supervisionDocument({ ...input, identity: 'full' });
    assert.equal(doc.title, '挂牌督办通知书');
    assert.equal(doc.number, '督办〔2025〕3号');
    assert.equal(doc.addresseeUnit, '区住建局');
    assert.equal(doc.replyDueOn, '2025-12-16');
    assert.deepEqual(doc.items[0], {
      number: item.number,
      registeredOn: '2025-09-26',
      title: '王小明反映小区电梯长期停运',
      petitioners: '王小明',
      statusLabel: '办理中',
      deadlineName: '办理期限',
      dueOn: '2025-12-08',
      warningLabel: '超期',
    });
    assert.deepEqual(doc.escalations, [{ levelLabel: '单位负责人', on: '2025-12-17' }]);
    assert.deepEqual(doc.copyTo, ['单位负责人']);
    assert.equal(doc.replies[0]?.expectedFinishOn, '2025-12-31');
    for (const f of SUPERVISION_DOC_FIELDS) assert.ok(doc[f] !== undefined && doc[f] !== '', f);
  });

  it('masked for a reader who may not unmask; no petitioner at all for a hidden one', () => {
    const masked = supervisionDocument({ ...input, identity: 'masked' });
    const text = JSON.stringify(masked);
    assert.doesNotMatch(text, /王小明|13800001234|110101199001011230/);
    assert.equal(masked.items[0]?.petitioners, '王**');
    assert.match(masked.reason, /王\*\*反映/);
    const hidden = supervisionDocument({ ...input, identity: 'hidden' });
    assert.equal(hidden.items[0]?.petitioners, '');
    assert.doesNotMatch(JSON.stringify(hidden), /王小明/);
  });
});
