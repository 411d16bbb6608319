import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { Document, Packer, Paragraph, TextRun } from 'docx';
import { DOC_KINDS, DOC_KIND_LABELS, type DocKind } from '../../contract/documents.ts';
import { AppError } from '../domain/errors.ts';
import { cnDate, lintDocumentText } from './cn-text.ts';
import { defaultTemplate } from './default-templates.ts';
import { sampleModel } from './doc-fixture.ts';
import { docxParagraphs, docxText } from './docx-text.ts';
import { requiredPlaceholders } from './placeholders.ts';
import { renderDocument, renderTemplate, validateTemplate } from './template-engine.ts';

const render = async (kind: DocKind, view: 'full' | 'public' | 'masked' = 'full') =>
  renderDocument(await defaultTemplate(kind), sampleModel(kind, view));

function refused(fn: () => unknown, code: string): AppError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof AppError, String(e));
    assert.equal(e.code, code, e.message);
    return e;
  }
  assert.fail(`expected ${code}`);
}

/** A one-paragraph .docx whose text is split into the given runs (as Word splits an edited line). */
async function docxOfRuns(...paragraphs: string[][]): Promise<Buffer> {
  const doc = new Document({
    sections: [
      {
        children: paragraphs.map(
          (runs) => new Paragraph({ children: runs.map((t, i) => new TextRun({ text: t, bold: i % 2 === 1 })) }),
        ),
      },
    ],
  });
  return Packer.toBuffer(doc);
}

describe('every shipped template renders realistic data into a clean 公文', () => {
  for (const kind of DOC_KINDS) {
    it(`${DOC_KIND_LABELS[kind]} (${kind})`, async () => {
      const tpl = await defaultTemplate(kind);
      const check = validateTemplate(tpl, kind);
      assert.deepEqual(check.findings, [], 'the template text itself is clean');
      const r = await render(kind);
      assert.deepEqual(r.missing, [], 'every placeholder had a value');
      assert.deepEqual(r.findings, [], `lint of the rendered text:\n${r.paragraphs.join('\n')}`);
      const text = r.paragraphs.join('\n');
      const model = sampleModel(kind);
      // 版头, 发文字号, 落款, 成文日期 the Chinese way.
      assert.equal(r.paragraphs[0], model.header.organ);
      assert.equal(r.paragraphs[1], model.header.docNumber);
      assert.match(model.header.docNumber, /^[\u4e00-\u9fa5]+〔\d{4}〕\d+号$/);
      assert.equal(r.paragraphs.at(-1), cnDate(model.header.date));
      assert.equal(r.paragraphs.at(-2), model.header.organ);
      assert.doesNotMatch(text, /\d{4}-\d{2}-\d{2}/);
      assert.ok(text.includes(`${model.header.addressee}：`) || text.includes(`主送：${model.header.addressee}`));
      // The document is a real .docx another reader opens: the XML body holds the same text.
      assert.ok(docxText(r.content).includes(model.header.docNumber));
    });
  }
});

describe('what each document says', () => {
  it('处理意见书: each demand with its answer, facts, basis, and the right to 复查 within 30 日 and where', async () => {
    const t = (await render('opinion')).paragraphs.join('\n');
    assert.match(t, /^信访事项处理意见书$/m);
    assert.match(t, /^张某某：$/m);
    assert.match(t, /您于2025年9月26日提出的信访事项（反映幸福小区物业公司违规收取停车费），本机关于2025年10月9日受理/);
    assert.match(t, /^1．责令物业公司停止违规收费$/m);
    assert.match(t, /^2．退还已多收的停车费$/m);
    assert.match(t, /关于第1项诉求：支持。已责令物业公司停止违规收费。/);
    assert.match(t, /关于第2项诉求：解释说明。多收费用由物业公司与业主协商退还，街道办事处督促落实。/);
    assert.match(t, /《物业管理条例》第四十条。/);
    assert.match(t, /自收到本意见书之日起30日内向平安区人民政府请求复查。平安区人民政府地址：平安区人民路2号。/);
    assert.doesNotMatch(t, /联系电话：。/, 'an organ phone that is not set prints nothing');
  });

  it('受理告知书 states the period and its end date as of the document date, without arithmetic', async () => {
    const t = (await render('accept_notice')).paragraphs.join('\n');
    assert.match(t, /本机关已于2025年10月9日依法受理/);
    assert.match(t, /自受理之日起60日内，即2025年12月8日前办结/);
    assert.doesNotMatch(t, /简易办理/);
  });

  it('延期办理告知书 gives the reason told to the petitioner and both end dates', async () => {
    const t = (await render('extension_notice')).paragraphs.join('\n');
    assert.match(t, /原应于2025年12月8日前办结/);
    assert.match(
      t,
      /因需会同区城市管理局现场核查停车位权属，经本机关负责人批准，办理期限延长30日，本机关将于2026年1月7日前办结/,
    );
  });

  it('复查意见书 and 复核意见书 carry the opinion in full, the outcome and what comes next', async () => {
    const review = (await render('review_opinion')).paragraphs.join('\n');
    assert.match(review, /平安区住房和城乡建设局于2026年1月4日作出处理意见/);
    assert.match(review, /原处理意见认定事实清楚，适用依据正确，程序合法。/);
    assert.match(review, /本机关决定维持原处理意见/);
    assert.doesNotMatch(review, /变更原处理意见|重新办理/);
    assert.match(review, /30日内向安宁市人民政府请求复核/);
    const rereview = (await render('rereview_opinion')).paragraphs.join('\n');
    assert.match(rereview, /于2026年4月7日至2026年4月9日举行了听证/);
    assert.match(rereview, /复核结论：维持。/);
    assert.match(rereview, /不再受理/);
  });

  it('复查申请回执 names the contested opinion, the way and day of the request, the organ and its due date', async () => {
    const t = (await render('review_receipt')).paragraphs.join('\n');
    assert.match(t, /^信访事项复查申请回执$/m);
    assert.match(t, /平安区住房和城乡建设局于2026年1月4日作出处理意见/);
    assert.match(t, /于2026年2月3日以来信方式提出的复查申请已收到并登记/);
    assert.match(t, /^申请理由：物业公司至今未退还多收的停车费，处理意见未落实。$/m);
    assert.match(t, /由平安区人民政府依法办理。平安区人民政府将自收到复查请求之日起30日内，即2026年3月5日前/);
    const bare = sampleModel('review_receipt');
    const noGrounds = renderDocument(await defaultTemplate('review_receipt'), {
      ...bare,
      grounds: '',
      via: null,
    } as never);
    const t2 = noGrounds.paragraphs.join('\n');
    assert.doesNotMatch(t2, /申请理由/);
    assert.match(t2, /于2026年2月3日提出的复查申请/);
    assert.deepEqual(noGrounds.findings, []);
    const masked = (await render('review_receipt', 'masked')).paragraphs.join('\n');
    assert.ok(!masked.includes('张某某') && masked.includes('复查申请人：张**。'), masked);
  });

  it('复核申请回执 names the 复查 organ and opinion, and the 复核 period as received (a later hearing aside)', async () => {
    const t = (await render('rereview_receipt')).paragraphs.join('\n');
    assert.match(t, /^信访事项复核申请回执$/m);
    assert.match(
      t,
      /平安区人民政府于2026年3月2日作出复查意见。您对复查意见不服，于2026年3月20日通过网上信访提出的复核申请/,
    );
    assert.match(t, /^复核申请人：张某某。$/m);
    // 2026-04-19 is a Sunday; the hearing of 2026-04-07 to 04-09 came after the receipt and is not in it.
    assert.match(t, /由安宁市人民政府依法办理。安宁市人民政府将自收到复核请求之日起30日内，即2026年4月20日前/);
  });

  it('登记回执 gives the query code once; a reprint says where to follow without it', async () => {
    const r = await render('registration_receipt');
    const t = r.paragraphs.join('\n');
    assert.match(t, /您的查询码为K7Q2-M9XD/);
    assert.match(t, /15日内，即2025年10月11日前/);
    const model = sampleModel('registration_receipt');
    const reprint = renderDocument(await defaultTemplate('registration_receipt'), {
      ...model,
      queryCode: null,
    } as never);
    assert.doesNotMatch(reprint.paragraphs.join('\n'), /K7Q2|您的查询码为/);
    assert.match(reprint.paragraphs.join('\n'), /登记时已告知查询码/);
  });

  it('交办单 names lead and assisting units and the deadlines the unit must keep', async () => {
    const t = (await render('assignment')).paragraphs.join('\n');
    assert.match(t, /^平安区住房和城乡建设局：$/m);
    assert.match(t, /平安区城市管理局为协办单位/);
    assert.match(t, /信访人：张某某　　联系电话：13900001234/);
    assert.match(t, /请自收到之日起15日内（\d{4}年\d{1,2}月\d{1,2}日前）决定是否受理/);
    const transfer = (await render('transfer_letter')).paragraphs.join('\n');
    assert.match(transfer, /^信访事项转送函$/m);
    assert.match(transfer, /转送你单位依法处理/);
  });

  it('the remaining notices and the meeting documents say their decision', async () => {
    assert.match((await render('decline_notice')).paragraphs.join('\n'), /本机关决定不予受理。对依法应当通过诉讼/);
    assert.match((await render('no_reaccept_notice')).paragraphs.join('\n'), /本机关决定不再受理。/);
    assert.match((await render('legal_channel_notice')).paragraphs.join('\n'), /向平安区人民法院提出/);
    assert.match(
      (await render('supervision_order')).paragraphs.join('\n'),
      /请你单位于2025年12月31日前将办理情况书面报送本机关/,
    );
    const notice = (await render('meeting_notice')).paragraphs.join('\n');
    assert.match(notice, /^关于召开平安区信访工作联席会议的通知$/m);
    assert.match(notice, /定于2025年12月8日上午9时30分在区政府三楼第一会议室召开/);
    const minutes = (await render('meeting_minutes')).paragraphs.join('\n');
    assert.match(minutes, /^（一）地面停车位收费问题由区住房和城乡建设局牵头依法处理。$/m);
    assert.match(minutes, /^1．平安区住房和城乡建设局：督促物业公司退还多收费用，于2025年12月31日前完成。$/m);
  });
});

describe('identity as the reader may see it', () => {
  it('the public copy keeps the name, masks ID number, phone and address; the masked copy hides the name', async () => {
    const pub = (await render('assignment', 'public')).paragraphs.join('\n');
    assert.ok(pub.includes('张某某'));
    assert.ok(!pub.includes('13900001234') && !pub.includes('幸福路8号3栋201室'), pub);
    const masked = (await render('opinion', 'masked')).paragraphs.join('\n');
    assert.ok(!masked.includes('张某某'), masked);
    assert.match(masked, /张\*\*/);
  });

  it('a route that withholds the identity prints the 交办单 masked whatever view was asked', async () => {
    const { buildRouteDoc } = await import('./item-doc-builders.ts');
    const { sampleContext, sampleItem } = await import('./doc-fixture.ts');
    const item = sampleItem();
    item.facts.route = { ...item.facts.route!, redactIdentity: true };
    const model = buildRouteDoc(sampleContext(item, 'full', '2025-09-29'));
    const t = renderDocument(await defaultTemplate('assignment'), model).paragraphs.join('\n');
    assert.ok(!t.includes('张某某') && !t.includes('13900001234'), t);
    assert.match(t, /隐去信访人身份/);
  });
});

describe('the template engine and upload validation', () => {
  it('joins a placeholder Word split across runs, and repeats a list paragraph per entry', async () => {
    const tpl = await docxOfRuns(['编号：{发', '文字', '号}'], ['{#诉求}'], ['第{序', '号}项：{内容}'], ['{/诉求}']);
    const r = renderTemplate(tpl, {
      发文字号: '平信访〔2026〕1号',
      诉求: [
        { 序号: '1', 内容: '甲' },
        { 序号: '2', 内容: '乙' },
      ],
    });
    assert.deepEqual(r.paragraphs, ['编号：平信访〔2026〕1号', '第1项：甲', '第2项：乙']);
  });

  it('a conditional section shows or hides, inverted sections do the opposite', async () => {
    const tpl = await docxOfRuns(['{#简易办理}简易{/简易办理}{^简易办理}普通{/简易办理}']);
    assert.deepEqual(renderTemplate(tpl, { 简易办理: true }).paragraphs, ['简易']);
    assert.deepEqual(renderTemplate(tpl, { 简易办理: false }).paragraphs, ['普通']);
  });

  it('a template missing required placeholders is refused with the list of what is missing', async () => {
    const tpl = await docxOfRuns(['{发文机关}'], ['{发文', '字号}'], ['{主送}：'], ['{成文日期}']);
    const e = refused(() => validateTemplate(tpl, 'opinion'), 'TEMPLATE_PLACEHOLDERS_MISSING');
    const missing = (e.details as { missing: { name: string }[] }).missing.map((m) => m.name);
    const expected = requiredPlaceholders('opinion').filter(
      (n) => !['发文机关', '发文字号', '主送', '成文日期'].includes(n),
    );
    assert.deepEqual(missing, expected);
    assert.ok(missing.includes('诉求') && missing.includes('复查机关'));
    assert.match(e.message, /「处理意见书」模板缺少必需的占位符：.*\{复查机关\}（受理复查请求的机关）/);
  });

  it('unknown placeholders, broken or full-width braces and non-Word files are refused with stable codes', async () => {
    const base = ['{发文机关}{发文字号}{主送}{成文日期}'];
    const [typo, unclosed, fullWidth] = await Promise.all(
      [['{发文字好}'], ['{发文机关'], ['｛主送｝']].map((extra) => docxOfRuns(base, extra)),
    );
    let e = refused(() => validateTemplate(typo!, 'meeting_notice'), 'TEMPLATE_INVALID');
    assert.match(e.message, /\{发文字好\}/);
    e = refused(() => validateTemplate(unclosed!, 'meeting_notice'), 'TEMPLATE_INVALID');
    assert.match(e.message, /缺少右花括号/);
    e = refused(() => validateTemplate(fullWidth!, 'meeting_notice'), 'TEMPLATE_INVALID');
    assert.match(e.message, /半角花括号/);
    refused(() => validateTemplate(Buffer.from('%PDF-1.4 not a docx'), 'opinion'), 'FILE_TYPE');
    refused(
      () => validateTemplate(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), 'opinion'),
      'FILE_TYPE',
    );
  });

  it('the committed template files say exactly what the code builds', async () => {
    for (const kind of DOC_KINDS) {
      const file = readFileSync(new URL(`./templates/${kind}.docx`, import.meta.url));
      assert.deepEqual(docxParagraphs(file), docxParagraphs(await defaultTemplate(kind)), kind);
    }
  });
});

describe('the formal-text lint', () => {
  it('finds ISO dates, calculation text, doubled punctuation and unfilled placeholders', () => {
    const rules = (t: string) => lintDocumentText(t).map((f) => f.rule);
    assert.deepEqual(rules('于2026-12-01办结'), ['iso_date']);
    assert.deepEqual(rules('期限为60日 + 30日 = 90日'), ['calculation']);
    assert.deepEqual(rules('特此告知。。'), ['doubled_punctuation']);
    assert.deepEqual(rules('依据（）办理'), ['doubled_punctuation']);
    assert.deepEqual(rules('致{主送}'), ['placeholder_left']);
    assert.deepEqual(rules('于2026年12月1日前办结，特此告知。'), []);
  });
});
