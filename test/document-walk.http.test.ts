import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { maskName, maskPhone } from '../server/domain/masking.ts';
import { docxText } from '../server/documents/docx-text.ts';
import { listAuditEvents } from '../server/store/audit-list.store.ts';
import { setSetting } from '../server/store/settings.store.ts';
import { loginAs, makeTestApp, type Client } from './http-client.ts';
import { onlineForm, submitAndRegister, syntheticValidId } from './online-fixture.ts';
import { dialects, makeTestEnv, seedPeople, type TestEnv } from './test-db.ts';

const NAME = '孙文书';
const ID = syntheticValidId(5);
const PHONE = '13900000601';
const ADDRESS = '某区幸福路 12 号 4 单元 301 室';
/** Every trace of the identity a reader without the right to it must not find. */
const SECRETS = [NAME, ID, PHONE, ADDRESS, '幸福路 12 号'];

/**
 * The sibling of the browser walk (test/e2e/online-portal.e2e.test.ts), over HTTP on both databases: the same
 * documents at their steps of an online item's life — 转送函, then (after the unit's objection) 交办单, 延期办理告知书,
 * 督办单, 复查申请回执, 复查意见书, 复核申请回执, 复核意见书 — and on two more online items the 不予受理 and 不再受理
 * notices, each read by every kind of reader: the identity in full for the bureau and the lead unit, masked for the
 * leader (who may not unmask), masked numbers on the petitioner's copy by query code, which offers none of the unit
 * documents; one 发文字号 for every copy, and every staff generation audited.
 */
for (const dialect of dialects()) {
  describe(`every document at its step of an online item's life (${dialect})`, () => {
    let env: TestEnv;
    let app: ReturnType<typeof makeTestApp>;
    let p: Awaited<ReturnType<typeof seedPeople>>;
    let reg: Client, rev: Client, zjj: Client, zjjHead: Client, scj: Client, leader: Client;
    let id = '';
    let number = '';
    let code = '';
    let version = 0;
    /** A second online item of the same petitioner, which the unit declines. */
    let b = { id: '', number: '', code: '', v: 0 };

    /** Submits the public form as the petitioner and has the registrar register it (受理登记); today is `on`. */
    async function online(on: string, title: string, content: string) {
      env.setToday(on);
      const form = onlineForm({ name: NAME, idNumber: ID, phone: PHONE, address: ADDRESS, title, content });
      const made = await submitAndRegister(app, reg, form);
      const item = (await reg.get(`/api/v1/items/${made.id}`)).body;
      return { ...made, v: (item.item ?? item).version as number };
    }

    async function step(c: Client, today: string, input: Record<string, unknown>, itemId = id, v = version) {
      env.setToday(today);
      const r = await c.post(`/api/v1/items/${itemId}/steps`, { version: v, input: { on: today, ...input } });
      assert.equal(r.status, 200, `${String(input.step)}: ${JSON.stringify(r.body)}`);
      // A unit that objects loses sight of the item: the step answers without it, the bureau reads it back.
      const view = r.body.item ? null : (await rev.get(`/api/v1/items/${itemId}`)).body;
      const item = r.body.item ?? view.item ?? view;
      if (itemId === id) version = item.version;
      return item as any;
    }

    async function doc(c: Client | null, path: string): Promise<string> {
      const r = c ? await c.raw!(path) : await app.request(path);
      assert.equal(r.status, 200, `${path}: ${r.status}`);
      return docxText(new Uint8Array(await r.arrayBuffer()));
    }

    /** What every copy must say: the item number, a 发文字号, the 成文日期 last, no ISO date. */
    function common(text: string, what: string, itemNumber: string, date: string): string {
      assert.ok(text.includes(itemNumber), `${what}: the item number`);
      assert.match(text, /[\u4e00-\u9fa5]+〔\d{4}〕\d+号/, `${what}: a 发文字号`);
      assert.match(text, new RegExp(`${date}\\s*$`), `${what}: 成文日期 ${date}`);
      assert.doesNotMatch(text, /\d{4}-\d{2}-\d{2}/, `${what}: no ISO date`);
      return /[\u4e00-\u9fa5]+〔\d{4}〕\d+号/.exec(text)![0];
    }

    function masked(text: string, what: string): void {
      for (const s of SECRETS) assert.ok(!text.includes(s), `${what} reveals ${s}`);
      assert.ok(text.includes(maskName(NAME)), `${what}: the name masked`);
    }

    function publicCopy(text: string, what: string): void {
      for (const s of [ID, PHONE, ADDRESS]) assert.ok(!text.includes(s), `${what} (public) reveals ${s}`);
      assert.ok(text.includes(NAME), `${what} (public): addressed by name`);
    }

    /** Reads a document as the full reader, the leader and (if addressed to the petitioner) by query code. */
    async function readAll(
      kind: string,
      full: Client,
      date: string,
      petitioner: boolean,
      itemId = id,
      n = number,
      c = code,
    ) {
      const path = `/api/v1/items/${itemId}/documents/${kind}`;
      const f = await doc(full, path);
      const docNo = common(f, kind, n, date);
      assert.ok(f.includes(NAME), `${kind}: the full reader reads the name`);
      const m = await doc(leader, path);
      assert.equal(common(m, `${kind} (leader)`, n, date), docNo, `${kind}: one 发文字号`);
      masked(m, `${kind} (leader)`);
      const pub = await app.request(`/api/v1/public/items/${c}/documents/${kind}`);
      if (!petitioner) {
        assert.equal(pub.status, 404, `${kind} is not offered to the petitioner`);
        return { full: f, masked: m, public: null };
      }
      assert.equal(pub.status, 200, kind);
      const t = docxText(new Uint8Array(await pub.arrayBuffer()));
      assert.equal(common(t, `${kind} (public)`, n, date), docNo);
      publicCopy(t, kind);
      return { full: f, masked: m, public: t };
    }

    before(async () => {
      env = await makeTestEnv(dialect, '2025-09-26');
      p = await seedPeople(env.deps);
      // The clock jumps across months: sessions outlive it. All requests come from one address.
      app = makeTestApp(env, { idleMinutes: 60 * 24 * 3650 });
      await setSetting(env.deps.db, 'online_limits', { perClientPerMinute: 1000, perClientPerDay: 1000 });
      reg = await loginAs(app, 'dengji');
      rev = await loginAs(app, 'shenhe');
      zjj = await loginAs(app, 'zjj_jb');
      zjjHead = await loginAs(app, 'zjj_fz');
      scj = await loginAs(app, 'scj_jb');
      leader = await loginAs(app, 'lingdao');
      const a = await online(
        '2025-09-26',
        '小区电梯长期停运',
        `小区3号楼电梯停运两个月，物业不予维修。联系电话${PHONE}。`,
      );
      ({ id, number, code } = a);
      version = a.v;
      b = await online('2025-09-26', '小区停车位纠纷', '物业公司出售地下车位产生纠纷。');
    });
    after(async () => env.close());

    it('转送函 at the 转送 (2025-09-29): to the unit with the identity it may read, the notice due date', async () => {
      await step(rev, '2025-09-29', {
        step: 'route',
        kind: '转送',
        unitId: p.units.scj,
        assistUnitIds: [],
        note: '请依法处理',
      });
      const d = await readAll('transfer_letter', scj, '2025年9月29日', false);
      assert.ok(d.full.includes('区市场监管局：'), 'addressed to the unit');
      assert.ok(d.full.includes(`联系电话：${PHONE}`) && d.full.includes(ADDRESS), 'the unit reads the identity');
      assert.ok(d.full.includes('2025年9月29日，现将该信访事项转送你单位依法处理'), d.full);
      assert.ok(d.full.includes('15日内（2025年10月14日前）决定是否受理'), d.full);
      assert.ok(d.masked.includes(maskPhone(PHONE)), 'the leader reads the phone masked, in the fields and the text');
      assert.equal((await zjj.raw!(`/api/v1/items/${id}/documents/transfer_letter`)).status, 404, 'another unit');
      const routed = await step(
        rev,
        '2025-09-29',
        { step: 'route', kind: '转送', unitId: p.units.zjj, note: '' },
        b.id,
        b.v,
      );
      b.v = routed.version;
    });

    it('交办单 at the re-route after the unit objects (2025-10-09)', async () => {
      await step(scj, '2025-09-30', { step: 'object', reason: '电梯维修监管不属于本单位职责' });
      await step(rev, '2025-10-09', {
        step: 'route',
        kind: '交办',
        unitId: p.units.zjj,
        assistUnitIds: [],
        note: '请核查电梯停运原因并督促维修',
      });
      const page = await rev.get(`/api/v1/items/${id}`);
      const kinds = page.body.documents.map((x: any) => x.kind);
      assert.ok(kinds.includes('assignment') && !kinds.includes('transfer_letter'), kinds.join(','));
      const d = await readAll('assignment', zjj, '2025年10月9日', false);
      assert.ok(d.full.includes('区住建局：'), d.full);
      assert.ok(d.full.includes('2025年10月9日，现将该信访事项交由你单位办理'), d.full);
      assert.ok(d.full.includes('15日内（2025年10月24日前）'), d.full);
      assert.ok(d.full.includes('请核查电梯停运原因并督促维修。'), d.full);
      await step(zjj, '2025-10-09', { step: 'confirm_receipt' });
      await step(zjj, '2025-10-09', { step: 'accept' });
    });

    it('不予受理告知书 by the unit on the second item (2025-10-10)', async () => {
      await step(
        zjj,
        '2025-10-10',
        { step: 'decline', kind: '不予受理', reason: '该纠纷已由区人民法院立案受理' },
        b.id,
        b.v,
      );
      const nb = await readAll('decline_notice', zjj, '2025年10月10日', true, b.id, b.number, b.code);
      for (const t of [nb.full, nb.masked, nb.public!]) {
        assert.ok(t.startsWith('区住建局'), 'issued by the unit that decided');
        assert.ok(
          t.includes('您于2025年9月26日提出的信访事项（小区停车位纠纷），经审查，该纠纷已由区人民法院立案受理。'),
          t,
        );
        assert.ok(t.includes('本机关决定不予受理'), t);
      }
      // A unit document is never offered by the petitioner's code.
      assert.equal((await app.request(`/api/v1/public/items/${b.code}/documents/transfer_letter`)).status, 404);
    });

    it('延期办理告知书 at the approved extension (2025-11-21): both end dates', async () => {
      await step(zjj, '2025-11-20', { step: 'request_extension', days: 30, reason: '需委托检测机构鉴定电梯' });
      await step(zjjHead, '2025-11-21', {
        step: 'decide_extension',
        approve: true,
        note: '同意',
        notifiedOn: '2025-11-21',
        noticeReason: '需委托特种设备检测机构对电梯进行安全鉴定',
      });
      const d = await readAll('extension_notice', zjj, '2025年11月21日', true);
      for (const t of [d.full, d.masked, d.public!]) {
        assert.ok(t.includes('本机关已于2025年10月9日受理，原应于2025年12月8日前办结'), t);
        assert.ok(t.includes('需委托特种设备检测机构对电梯进行安全鉴定'), t);
        assert.ok(t.includes('办理期限延长30日，本机关将于2026年1月7日前办结'), t);
      }
      assert.ok(d.full.startsWith('区住建局'), 'issued by the unit handling it');
    });

    it('督办单 of a 督办 (2025-11-25): its number, the report date and the handling due date', async () => {
      env.setToday('2025-11-25');
      const sup = await rev.post('/api/v1/supervisions', {
        kind: '文书督办',
        itemIds: [id],
        reason: '电梯停运时间较长，群众反映强烈',
        requirements: '请加快鉴定进度，尽快恢复电梯运行',
        unitId: p.units.zjj,
        addresseeUserId: p.users.zjjHandler.userId,
        issuedOn: '2025-11-25',
        dueOn: '2025-12-05',
      });
      assert.equal(sup.status, 201, JSON.stringify(sup.body));
      const path = `/api/v1/supervisions/${sup.body.id}/items/${id}/document`;
      for (const c of [rev, zjj]) {
        const t = await doc(c, path);
        assert.equal(common(t, '督办单', number, '2025年11月25日'), sup.body.number, 'the 督办 number');
        assert.ok(t.includes(NAME) && t.includes('区住建局：'), t);
        assert.ok(t.includes('请你单位于2025年12月5日前将办理情况书面报送本机关'), t);
        assert.ok(t.includes('该事项应当于2026年1月7日前办结'), 'the due date after the extension');
      }
      const m = await doc(leader, path);
      common(m, '督办单 (leader)', number, '2025年11月25日');
      masked(m, '督办单 (leader)');
      assert.equal((await scj.raw!(path)).status, 404, 'the unit that objected no longer opens it');
      assert.equal((await app.request(`/api/v1/public/items/${code}/documents/supervision_order`)).status, 404);
    });

    it('复查意见书 at the 复查 decision (2026-01-20) on the request asked by code', async () => {
      await step(zjj, '2025-12-20', {
        step: 'reply',
        facts: '经鉴定，电梯主机故障，已更换。',
        basis: '《特种设备安全法》',
        answers: [
          { demandIndex: 0, outcome: '支持', explanation: '电梯已于2025年12月18日恢复运行' },
          { demandIndex: 1, outcome: '解释说明', explanation: '维修资金使用情况已在小区公示栏公开' },
        ],
      });
      await step(zjj, '2025-12-22', { step: 'serve' });
      env.setToday('2025-12-29');
      const asked = await app.request(`/api/v1/public/items/${code}/review`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ applicant: NAME, grounds: '维修资金公示不完整。' }),
      });
      assert.equal(asked.status, 200);
      const view = (await rev.get(`/api/v1/items/${id}`)).body;
      version = (view.item ?? view).version;
      const receipt = await readAll('review_receipt', rev, '2025年12月29日', true);
      for (const t of [receipt.full, receipt.masked, receipt.public!])
        assert.ok(t.includes('于2025年12月29日通过网上信访提出的复查申请') && t.includes('即2026年1月28日前'), t);
      await step(rev, '2026-01-20', {
        step: 'decide_review',
        outcome: '维持',
        opinion: '原处理意见认定事实清楚，处理适当',
      });
      const d = await readAll('review_opinion', rev, '2026年1月20日', true);
      for (const t of [d.full, d.masked, d.public!]) {
        assert.ok(t.startsWith('区人民政府'), 'issued by the 复查 organ');
        assert.ok(t.includes('区住建局于2025年12月20日作出处理意见'), t);
        assert.ok(t.includes('于2025年12月29日提出复查请求'), t);
        assert.ok(t.includes('原处理意见认定事实清楚，处理适当。') && t.includes('决定维持原处理意见'), t);
        assert.ok(t.includes('30日内向市人民政府请求复核'), t);
      }
    });

    it('复核意见书 at the 复核 decision received from outside (2026-02-27)', async () => {
      await step(reg, '2026-01-21', { step: 'serve_decision' });
      await step(reg, '2026-02-02', {
        step: 'request_rereview',
        applicant: NAME,
        grounds: '不服复查意见',
        via: '来访',
      });
      const receipt = await readAll('rereview_receipt', reg, '2026年2月2日', true);
      for (const t of [receipt.full, receipt.masked, receipt.public!]) {
        assert.ok(t.includes('区人民政府于2026年1月20日作出复查意见'), t);
        assert.ok(t.includes('于2026年2月2日以来访方式提出的复核申请') && t.includes('由市人民政府依法办理'), t);
        assert.ok(t.includes('即2026年3月4日前'), t);
      }
      const file = await rev.upload!(
        `/api/v1/items/${id}/attachments`,
        '复核意见书.pdf',
        new TextEncoder().encode('%PDF-1.4\n%复核\n'),
        'application/pdf',
      );
      assert.equal(file.status, 201, JSON.stringify(file.body));
      await step(rev, '2026-02-27', {
        step: 'decide_rereview',
        outcome: '维持',
        opinion: '复查意见认定事实清楚，予以维持',
        source: 'outside',
        organ: { name: '市人民政府' },
        document: { number: '市复核〔2026〕5号', attachmentId: file.body.id },
      });
      const d = await readAll('rereview_opinion', rev, '2026年2月27日', true);
      for (const t of [d.full, d.masked, d.public!]) {
        assert.ok(t.startsWith('市人民政府'), 'issued by the 复核 organ');
        assert.ok(t.includes('区人民政府于2026年1月20日作出复查意见'), t);
        assert.ok(t.includes('于2026年2月2日提出复核请求'), t);
        assert.ok(t.includes('复核结论：维持。') && t.includes('不再受理'), t);
      }
      // Every generation by staff was audited, masked exactly for the leader.
      const audit = await listAuditEvents(env.deps.db, {
        itemId: id,
        actionPrefix: 'item.document',
        page: 1,
        pageSize: 200,
      });
      const staff = audit.rows.filter((e) => e.actorRole !== 'petitioner');
      assert.ok(staff.length >= 12, String(staff.length));
      for (const e of staff)
        assert.equal((e.detail as { masked: boolean }).masked, e.actorRole === 'leader', `${e.actorRole}`);
    });

    it('不再受理告知书 by the bureau on a third item, after the first was closed by 复核 (2026-03-02)', async () => {
      const c = await online('2026-03-02', '电梯停运再次反映', '仍就电梯停运问题提出同样的请求。');
      await step(
        rev,
        '2026-03-02',
        { step: 'route', kind: '不再受理', note: '该事项已于2026年2月27日经复核终结' },
        c.id,
        c.v,
      );
      const nc = await readAll('no_reaccept_notice', rev, '2026年3月2日', true, c.id, c.number, c.code);
      for (const t of [nc.full, nc.masked, nc.public!]) {
        assert.ok(t.startsWith('区信访局'), 'issued by the bureau that decided');
        assert.ok(t.includes('您于2026年3月2日提出的信访事项（电梯停运再次反映）'), t);
        assert.ok(t.includes('该事项已于2026年2月27日经复核终结。') && t.includes('本机关决定不再受理'), t);
      }
    });
  });
}
