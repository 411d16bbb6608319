import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ANSWERS, calendar, newItem, routedAndAccepted, walk } from '../../test/domain-items.ts';
import { DEFAULT_RULES } from './deadline.ts';
import { deadlinesOf } from './item-deadlines.ts';
import type { Item } from './item.ts';
import {
  checkSuggestionRules,
  DEFAULT_SUGGESTION_RULES,
  sameMatterCountOf,
  suggestionFactsOf,
  suggestionFor,
  suggestions,
} from './supervision-suggest.ts';

const facts = (item: Item, today: string, underSupervision = false) =>
  suggestionFactsOf(item, deadlinesOf(item, calendar, DEFAULT_RULES, today), underSupervision);

const accepted = () => walk(newItem(), routedAndAccepted('zjj', '2025-09-29', '2025-10-09')); // handling due 12-08
const served = (item: Item) =>
  walk(item, [
    { step: 'reply', on: '2025-11-10', facts: '查明', basis: '依据', answers: ANSWERS },
    { step: 'serve', on: '2025-11-12' },
  ]);

describe('督办 suggestions, each with its reason', () => {
  it('nothing to suggest while the item runs normally', () => {
    assert.equal(suggestionFor(facts(accepted(), '2025-11-01')), null);
  });

  it('about to be overdue at 严重警告, then overdue, with the days and the due date', () => {
    const item = accepted();
    const severe = suggestionFor(facts(item, '2025-12-08'));
    assert.deepEqual(
      severe?.reasons.map((r) => [r.code, r.text]),
      [['about_to_be_overdue', '办理期限已达严重警告，今日届满（截至 2025-12-08）']],
    );
    const overdue = suggestionFor(facts(item, '2025-12-11'));
    assert.deepEqual(
      overdue?.reasons.map((r) => [r.code, r.text]),
      [['overdue', '办理期限已超期 3 天（截至 2025-12-08）']],
    );
    assert.equal(overdue?.unitId, 'zjj');
  });

  it('the bureau’s own overdue route duty is not a reason to supervise a unit', () => {
    const registered = newItem({ receivedOn: '2025-09-26' });
    assert.equal(suggestionFor(facts(registered, '2025-10-20')), null);
  });

  it('repeat petitions of the same matter from the third registration', () => {
    assert.equal(sameMatterCountOf({ earlierItemIds: ['a', 'b', 'a'] }), 3);
    const twice = accepted();
    twice.earlierItemIds = ['e1'];
    assert.equal(suggestionFor(facts(twice, '2025-11-01')), null);
    const thrice = accepted();
    thrice.earlierItemIds = ['e1', 'e2'];
    assert.equal(
      suggestionFor(facts(thrice, '2025-11-01'))?.reasons[0]?.text,
      '同一事项已信访 3 次（达到 3 次即建议督办）',
    );
  });

  it('不满意 ratings, and items sent back twice', () => {
    const rated = walk(served(accepted()), [
      { step: 'rate', on: '2025-11-15', satisfaction: '不满意', source: 'portal' },
    ]);
    assert.deepEqual(
      suggestionFor(facts(rated, '2025-11-20'))?.reasons.map((r) => r.code),
      ['dissatisfied'],
    );
    const basic = walk(served(accepted()), [
      { step: 'rate', on: '2025-11-15', satisfaction: '基本满意', source: 'portal' },
    ]);
    assert.equal(suggestionFor(facts(basic, '2025-11-20')), null);

    let item = served(accepted());
    item = walk(item, [
      { step: 'conclude', on: '2025-11-13' },
      { step: 'send_back', on: '2025-11-14', reason: '答复未逐项回应诉求' },
    ]);
    assert.equal(suggestionFor(facts(item, '2025-11-15')), null, 'once is not yet a reason');
    item = walk(item, [
      { step: 'reply', on: '2025-11-20', facts: '查明', basis: '依据', answers: ANSWERS },
      { step: 'serve', on: '2025-11-21' },
      { step: 'conclude', on: '2025-11-21' },
      { step: 'send_back', on: '2025-11-24', reason: '仍未落实' },
    ]);
    assert.deepEqual(
      suggestionFor(facts(item, '2025-11-25'))?.reasons.map((r) => r.text),
      ['已退回重办 2 次（达到 2 次即建议督办）'],
    );
  });

  it('an item already under an open 督办 is not suggested again', () => {
    assert.equal(suggestionFor(facts(accepted(), '2025-12-11', true)), null);
  });

  it('thresholds come from the rules: raised, lowered or switched off', () => {
    const item = accepted();
    item.earlierItemIds = ['e1'];
    const rules = { ...DEFAULT_SUGGESTION_RULES, repeatAtLeast: 2, overdue: false };
    const s = suggestionFor(facts(item, '2025-12-11'), rules);
    assert.deepEqual(
      s?.reasons.map((r) => r.code),
      ['repeat_petitions'],
    );
    assert.equal(suggestionFor(facts(item, '2025-12-11'), { ...rules, repeatAtLeast: 0 }), null);
    assert.throws(() => checkSuggestionRules({ ...rules, sentBackAtLeast: -1 }), /非负整数/);
  });

  it('the list puts the most pressing first', () => {
    const overdue = accepted();
    const repeat = accepted();
    repeat.earlierItemIds = ['a', 'b'];
    const both = accepted();
    both.earlierItemIds = ['a', 'b'];
    const list = suggestions([facts(repeat, '2025-11-01'), facts(overdue, '2025-12-11'), facts(both, '2025-12-11')]);
    assert.deepEqual(
      list.map((s) => s.itemId),
      [both.id, overdue.id, repeat.id],
    );
  });
});
