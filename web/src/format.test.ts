import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { matchTaxonomy, taxonomyTree } from './api/reference.ts';
import { daysLeftText, fmtDate, fmtDateTime, fmtDateTimeSec, fmtNum, fmtPct, warningLabel } from './format.ts';

describe('web formatting', () => {
  it('shows dates as YYYY-MM-DD and timestamps in Beijing time', () => {
    assert.equal(fmtDate('2025-09-26'), '2025-09-26');
    assert.equal(fmtDate('2025-09-26T18:00:00Z'), '2025-09-26');
    assert.equal(fmtDate(null), '—');
    assert.equal(fmtDateTime('2025-09-26T18:30:00Z'), '2025-09-27 02:30');
    assert.equal(fmtDateTimeSec('2025-09-26T18:30:05.123Z'), '2025-09-27 02:30:05');
    assert.equal(fmtDateTimeSec(null), '—');
    assert.equal(fmtPct(0.873), '87%');
  });
  it('numbers get thousands separators; days left read naturally', () => {
    assert.equal(fmtNum(1234567), '1,234,567');
    assert.equal(daysLeftText(-3), '已超期 3 天');
    assert.equal(daysLeftText(0), '今天到期');
    assert.equal(daysLeftText(1200), '剩余 1,200 天');
    assert.equal(warningLabel('severe'), '严重警告');
    assert.equal(warningLabel(null), '无期限');
  });
});

describe('taxonomy picker', () => {
  const nodes = [
    { code: '08', name: '城乡建设', parent: null, level: 1, path: '城乡建设', pinyin: 'cxjs' },
    {
      code: '08.01',
      name: '住房保障与房地产',
      parent: '08',
      level: 2,
      path: '城乡建设/住房保障与房地产',
      pinyin: 'zfbzyfdc',
    },
    {
      code: '08.01.01',
      name: '逾期交房',
      parent: '08.01',
      level: 3,
      path: '城乡建设/住房保障与房地产/逾期交房',
      pinyin: 'yqjf',
    },
  ];
  it('builds the tree from parent codes', () => {
    const t = taxonomyTree(nodes);
    assert.equal(t.length, 1);
    assert.equal(t[0]!.children![0]!.children![0]!.title, '逾期交房');
  });
  it('matches Chinese name, path and pinyin initials, case-insensitively', () => {
    const leaf = taxonomyTree(nodes)[0]!.children![0]!.children![0]!;
    assert.ok(matchTaxonomy('逾期', leaf));
    assert.ok(matchTaxonomy('YQJF', leaf));
    assert.ok(matchTaxonomy('住房保障', leaf));
    assert.ok(!matchTaxonomy('gaj', leaf));
  });
});
