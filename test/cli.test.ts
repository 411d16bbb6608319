import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../bin/xinfang', import.meta.url));

describe('bin/xinfang (run from another working directory)', () => {
  let dir: string;
  let db: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'xinfang-cli-'));
    db = join(dir, 'cli.db');
    const m = spawnSync(BIN, ['migrate', '--db', db], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
    assert.equal(m.status, 0, m.stderr);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  function cli(args: string[], env: Record<string, string> = {}) {
    const r = spawnSync(BIN, [...args, '--db', db], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, ...env },
      timeout: 60_000,
    });
    return { code: r.status, out: r.stdout, err: r.stderr, json: () => JSON.parse(r.stdout) };
  }

  it('calendar is-workday: 2025-09-28 (Sunday) is a make-up working day', () => {
    const r = cli(['calendar', 'is-workday', '2025-09-28']);
    assert.equal(r.code, 0, r.err);
    const j = r.json();
    assert.equal(j.date, '2025-09-28');
    assert.equal(j.workday, true);
    assert.equal(j.kind, 'makeup');
  });

  it('report daily: the documented JSON, a 零报告 on an empty day, docx to a file; report keeps needing --from', () => {
    const r = cli(['report', 'daily', '--date', '2025-03-05']);
    assert.equal(r.code, 0, r.err);
    const j = r.json();
    assert.deepEqual(Object.keys(j), [
      'date',
      'total',
      'byLevel',
      'byChannel',
      'collective',
      'items',
      'zeroReport',
      'text',
    ]);
    assert.equal(j.date, '2025-03-05');
    assert.equal(j.total, 0);
    assert.equal(j.zeroReport, true);
    assert.match(j.text, /零报告/);
    const file = join(dir, 'daily.docx');
    const d = cli(['report', 'daily', '--date', '2025-03-05', '--format', 'docx', '--out', file]);
    assert.equal(d.code, 0, d.err);
    assert.equal(readFileSync(file).subarray(0, 2).toString('latin1'), 'PK');
    const bad = cli(['report', 'daily', '--date', '2025-02-30']);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /日报日期「2025-02-30」无效/);
    const noFrom = cli(['report', '--to', '2025-06-30']);
    assert.equal(noFrom.code, 2);
    assert.match(noFrom.err, /缺少必填选项 --from/);
  });

  it('calendar due: working days and roll-forward, as in DOMAIN.md', () => {
    assert.equal(
      cli(['calendar', 'due', '--from', '2024-09-27', '--days', '5', '--unit', 'working']).json().due,
      '2024-10-10',
    );
    assert.equal(
      cli(['calendar', 'due', '--from', '2024-09-01', '--days', '30', '--unit', 'calendar', '--roll-forward']).json()
        .due,
      '2024-10-08',
    );
    assert.equal(
      cli(['calendar', 'due', '--from', '2024-09-01', '--days', '30', '--unit', 'calendar']).json().due,
      '2024-10-01',
    );
  });

  it('calendar notice enters a whole year in one step; a partial notice is refused and changes nothing', () => {
    const span = (from: string, n: number) =>
      Array.from({ length: n }, (_, i) =>
        new Date(Date.parse(`${from}T00:00:00Z`) + i * 86_400_000).toISOString().slice(0, 10),
      );
    const h = (name: string, from: string, n: number) => {
      const days = span(from, n);
      return { name, from, to: days.at(-1), days };
    };
    const holidays = [
      h('元旦', '2027-01-01', 3),
      h('春节', '2027-02-06', 8),
      h('清明节', '2027-04-05', 1),
      h('劳动节', '2027-05-01', 5),
      h('端午节', '2027-06-09', 3),
      h('中秋节', '2027-09-15', 3),
      h('国庆节', '2027-10-01', 7),
    ];
    const file = (name: string, hs: typeof holidays) => {
      const p = join(dir, name);
      writeFileSync(
        p,
        JSON.stringify({ years: { '2027': { notice: '测试用通知', holidays: hs, makeUpWorkdays: [] } } }),
      );
      return p;
    };
    const bad = cli(['calendar', 'notice', file('bad.json', holidays.slice(0, 6)), '--year', '2027']);
    assert.notEqual(bad.code, 0);
    assert.match(bad.err, /国庆/);
    assert.deepEqual(cli(['calendar', 'list', '--year', '2027']).json(), []);
    const ok = cli(['calendar', 'notice', file('ok.json', holidays), '--year', '2027']);
    assert.equal(ok.code, 0, ok.err);
    assert.equal(ok.json().added, 30);
    assert.equal(cli(['calendar', 'list', '--year', '2027']).json().length, 30);
  });

  it('errors go to stderr in Chinese with a non-zero exit and nothing on stdout', () => {
    const r = cli(['calendar', 'is-workday', '2025-02-30']);
    assert.notEqual(r.code, 0);
    assert.equal(r.out, '');
    assert.match(r.err, /日期/);
    const u = cli(['item', 'register', '--file', join(dir, 'missing.json'), '--as', 'nobody']);
    assert.notEqual(u.code, 0);
    assert.equal(u.out, '');
  });

  it('walks an item through register → route → receipt → accept by CLI, with the deadline on the calendar', () => {
    assert.equal(
      cli([
        'user',
        'add',
        '--username',
        'reg1',
        '--name',
        '登记员甲',
        '--role',
        'registrar',
        '--password',
        'Reg@2025pass',
      ]).code,
      0,
    );
    assert.equal(
      cli([
        'user',
        'add',
        '--username',
        'rev1',
        '--name',
        '审核员甲',
        '--role',
        'reviewer',
        '--password',
        'Rev@2025pass',
      ]).code,
      0,
    );
    const unit = cli(['unit', 'add', '--name', '区城管局']);
    assert.equal(unit.code, 0, unit.err);
    assert.equal(
      cli([
        'user',
        'add',
        '--username',
        'cg1',
        '--name',
        '经办人甲',
        '--role',
        'unit_handler',
        '--unit',
        '区城管局',
        '--password',
        'Cg@2025pass',
      ]).code,
      0,
    );
    const weak = cli(['user', 'add', '--username', 'weak', '--name', '弱', '--role', 'leader', '--password', '123']);
    assert.notEqual(weak.code, 0);
    assert.match(weak.err, /PASSWORD_POLICY/);
    const file = join(dir, 'item.json');
    writeFileSync(
      file,
      JSON.stringify({
        channel: '来信',
        receivedOn: '2024-09-26',
        registeredOn: '2024-09-26',
        headCount: 1,
        petitioners: [{ name: '赵某' }],
        title: '道路破损',
        content: '建设路路面破损严重',
        demands: ['修复路面'],
      }),
    );
    const reg = cli(['item', 'register', '--file', file, '--as', 'reg1']);
    assert.equal(reg.code, 0, reg.err);
    const item = reg.json();
    assert.match(item.number, /^区信〔2024〕\d{5}号$/);
    const show = cli(['item', 'show', item.id]).json();
    const route = show.deadlines.find((d: { rule: string }) => d.rule === 'route');
    assert.equal(route.due, '2024-10-11', '15 日 from 2024-09-26 is 10-11, a make-up Saturday');
    const bad = cli(['item', 'step', item.id, '--as', 'rev1', '--json', '{"step":"accept"}']);
    assert.notEqual(bad.code, 0);
    assert.match(bad.err, /STEP_NOT_ALLOWED/);
    const unitId = unit.json().id;
    const steps: [string, object][] = [
      ['rev1', { step: 'route', on: '2024-09-29', kind: '交办', unitId }],
      ['cg1', { step: 'confirm_receipt', on: '2024-09-30' }],
      ['cg1', { step: 'accept', on: '2024-09-30' }],
    ];
    for (const [as, input] of steps) {
      const r = cli(['item', 'step', item.id, '--as', as, '--json', JSON.stringify(input)]);
      assert.equal(r.code, 0, r.err);
    }
    const after = cli(['item', 'show', item.id]).json();
    assert.equal(after.status, 'handling');
    const handle = after.deadlines.find((d: { rule: string }) => d.rule === 'handle');
    assert.equal(handle.due, '2024-11-29');
    assert.equal(handle.explanation, '60 日，自 2024-09-30 受理之日起算，截至 2024-11-29');
    const tl = cli(['item', 'timeline', item.id]).json();
    assert.deepEqual(
      tl.map((e: { step: string }) => e.step),
      ['register', 'route', 'confirm_receipt', 'accept'],
    );
    // Long past its 60 日 on today's clock: the bureau's 督办建议 list it; a unit may not read them.
    const sv = cli(['supervision', 'suggestions', '--as', 'rev1']);
    assert.equal(sv.code, 0, sv.err);
    const suggested = sv.json().suggestions.find((s: { itemId: string }) => s.itemId === item.id);
    assert.equal(suggested.unitName, '区城管局');
    assert.deepEqual(
      suggested.reasons.map((r: { code: string }) => r.code),
      ['overdue'],
    );
    assert.match(suggested.reasons[0].text, /截至 2024-11-29/);
    const byUnit = cli(['supervision', 'suggestions', '--as', 'cg1']);
    assert.notEqual(byUnit.code, 0);
    assert.match(byUnit.err, /督办建议仅供信访部门和领导查看/);
    const audit = cli(['audit', 'verify']);
    assert.equal(audit.code, 0, audit.err);
    assert.equal(audit.json().ok, true);
  });

  it('text reindex ends and reports its counts (an item whose row is gone is taken off without keys)', async () => {
    const { openDb } = await import('../server/store/db.ts');
    const { enqueueTextIndex } = await import('../server/store/text.store.ts');
    const opened = openDb(db);
    const [one] = await opened.db.selectFrom('items').select('id').limit(1).execute();
    await enqueueTextIndex(opened.db, [one!.id, 'no-such-item'], '2025-01-01T00:00:00.000Z');
    await opened.close();
    const r = cli(['text', 'reindex']);
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(r.json(), { indexed: 1, withoutKeys: 1, left: 0 });
    assert.deepEqual(cli(['text', 'reindex']).json(), { indexed: 0, withoutKeys: 0, left: 0 });
  });
});

describe("bin/xinfang text train --from-db learns the office's own confirmed classes", () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'xinfang-cli-train-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('trains on confirmed items and the model classifies new text', async () => {
    const { openApp } = await import('../server/compose.ts');
    const { registerItem } = await import('../server/app/register-item.ts');
    const { SYSTEM_ACTOR } = await import('../server/domain/item.policy.ts');
    const db = join(dir, 'train.db');
    const app = await openApp(db, join(dir, 'keys.json'), () => new Date('2025-09-26T02:00:00Z'));
    const ctx = { actor: { ...SYSTEM_ACTOR, role: 'registrar' as const }, requestId: null };
    const topics: [string, string, string][] = [
      ['08.03', '物业', '小区物业公司乱收停车费，物业服务差，电梯经常故障无人维修'],
      ['07.02', '工资', '公司拖欠农民工工资三个月，老板失联，工人讨薪无门'],
      ['11.01', '噪声', '工地夜间施工噪音扰民，居民无法休息，要求停止夜间施工'],
    ];
    for (let i = 0; i < 30; i++) {
      const [code, word, text] = topics[i % 3]!;
      await registerItem(app.deps, ctx, {
        channel: '网上投诉',
        level: '区',
        receivedOn: '2025-09-20',
        headCount: 1,
        petitioners: [{ name: `样本${i}`, idUnverified: false }],
        representatives: [],
        title: `${word}问题${i}`,
        content: `${text}（第${i}件）`,
        demands: ['处理'],
        classCode: code,
        purpose: '求决',
        handlingClass: '申诉求决类',
        flags: [],
      });
    }
    await app.close();
    const model = join(dir, 'office.json.gz');
    const train = spawnSync(BIN, ['text', 'train', '--from-db', '--db', db, '--out', model], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 120_000,
    });
    assert.equal(train.status, 0, train.stderr);
    // The comparison with the current (here the shipped) model on a time split is printed and kept beside the model.
    const evaluation = JSON.parse(train.stdout.trim());
    assert.deepEqual(JSON.parse(readFileSync(`${model}.eval.json`, 'utf8')), evaluation);
    assert.equal(evaluation.trainItems + evaluation.testItems, 30);
    assert.equal(evaluation.switch, false);
    assert.match(evaluation.reason, /至少 30 件/);
    // Stored where the weekly retraining keeps its own, so the administrator's model screen lists it; the model
    // in force did not change (the candidate was not better).
    const { textModelStatus } = await import('../server/app/text-model-admin.ts');
    const reopened = await openApp(db, join(dir, 'keys.json'), () => new Date('2025-09-26T02:00:00Z'));
    const status = await textModelStatus(reopened.deps, { actor: { ...SYSTEM_ACTOR, role: 'admin' }, requestId: null });
    await reopened.close();
    assert.equal(status.evaluations.length, 1);
    const [kept] = status.evaluations;
    assert.equal(kept!.id, evaluation.evaluationId);
    assert.deepEqual(
      [kept!.trigger, kept!.samples, kept!.testItems, kept!.switched, kept!.reason],
      ['cli', 30, evaluation.testItems, false, evaluation.reason],
    );
    assert.equal(kept!.candidateF1, evaluation.candidate.macroF1);
    assert.equal(kept!.currentF1, evaluation.current.macroF1);
    assert.equal(status.inForce, null, 'not better: the model in force stays');
    const cls = spawnSync(BIN, ['text', 'classify', '--model', model], {
      cwd: dir,
      encoding: 'utf8',
      input: [
        { id: 'a', text: '建筑工地晚上施工太吵了，噪音严重影响睡眠' },
        { id: 'b', text: '单位一直不发工资，拖欠了半年' },
      ]
        .map((r) => `${JSON.stringify(r)}\n`)
        .join(''),
      timeout: 60_000,
    });
    assert.equal(cls.status, 0, cls.stderr);
    const out = cls.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.deepEqual(
      out.map((o) => o.id),
      ['a', 'b'],
    );
    // The office's own tree, down to the second level it confirmed.
    assert.match(out[0].label, /^环境保护\//);
    assert.match(out[1].label, /^劳动和社会保障\//);
    assert.ok(['confident', 'uncertain', 'out_of_scope'].includes(out[0].status));
  });
});

describe('bin/xinfang speaks Chinese, knows its version and refuses a database that does not exist', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'xinfang-cli-tool-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  function run(args: string[], env: Record<string, string> = {}) {
    const r = spawnSync(BIN, args, { cwd: dir, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 120_000 });
    return { code: r.status, out: r.stdout, err: r.stderr };
  }
  /** commander's English must never reach the user. */
  const ENGLISH = new RegExp(
    [
      'error:|unknown (option|command)|missing required|not specified|too many',
      'Did you mean|Allowed choices|Usage:|Options:|Commands:|display help',
    ].join('|'),
    'i',
  );

  it('--version and -V print the package version', () => {
    const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    for (const flag of ['--version', '-V']) {
      const r = run([flag]);
      assert.equal(r.code, 0, r.err);
      assert.equal(r.out.trim(), version);
    }
  });

  it('help is in Chinese, with Chinese headings, choices and defaults', () => {
    const top = run(['--help']);
    assert.equal(top.code, 0, top.err);
    assert.match(top.out, /^用法：xinfang \[选项\] \[命令\]/);
    assert.match(top.out, /\n选项：\n/);
    assert.match(top.out, /\n命令：\n/);
    assert.match(top.out, /-V, --version\s+显示版本号/);
    assert.match(top.out, /-h, --help\s+显示帮助/);
    assert.match(top.out, /help \[命令\]\s+显示某个命令的帮助/);
    assert.doesNotMatch(top.out, ENGLISH);
    const due = run(['calendar', 'due', '--help']);
    assert.equal(due.code, 0, due.err);
    assert.match(due.out, /--unit <unit>\s+日历日或工作日（可选：calendar、working；默认：calendar）/);
    assert.match(due.out, /--from <date>\s+起算日 YYYY-MM-DD，该日不计入（必填）/);
    assert.doesNotMatch(due.out, ENGLISH);
  });

  it("commander's own errors are Chinese, name the help to read and exit 2 with nothing on stdout", () => {
    const cases: [string[], RegExp][] = [
      [['calendr'], /^错误：未知命令 calendr（是否要输入 calendar？）\n用「xinfang --help」查看用法。/],
      [
        ['calendar', 'due', '--fro', '2024-01-01', '--days', '5'],
        /^错误：未知选项 --fro（是否要输入 --from？）\n用「xinfang calendar due --help」查看用法。/,
      ],
      [['calendar', 'due', '--from', '2024-01-01'], /^错误：缺少必填选项 --days <n>/],
      [['calendar', 'is-workday'], /^错误：缺少参数 <date>/],
      [
        ['calendar', 'is-workday', '2025-01-01', '2025-01-02'],
        /^错误：参数过多：xinfang calendar is-workday 需要 1 个参数，收到 2 个/,
      ],
      [['calendar', 'due', '--from', '2024-01-01', '--days', 'x'], /^错误：选项 --days <n> 的值「x」无效：应为整数/],
      [
        ['calendar', 'due', '--from', '2024-01-01', '--days', '5', '--unit', 'week'],
        /^错误：选项 --unit <unit> 的值「week」无效：应为 calendar、working 之一/,
      ],
      [['calendar', 'due', '--from'], /^错误：选项 --from <date> 缺少取值/],
    ];
    for (const [args, expected] of cases) {
      const r = run(args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.err}`);
      assert.equal(r.out, '', args.join(' '));
      assert.match(r.err, expected, args.join(' '));
      assert.doesNotMatch(r.err, ENGLISH, args.join(' '));
    }
    // A command group without its command shows its help as an error.
    const group = run(['calendar']);
    assert.equal(group.code, 2);
    assert.match(group.err, /^用法：xinfang calendar \[选项\] \[命令\]/);
  });

  it('a missing --db (or XINFANG_DB) is an error for every command that reads one, and creates nothing', () => {
    const missing = join(dir, 'typo.db');
    const keys = join(dir, 'keys.json');
    const commands: string[][] = [
      ['report', '--from', '2025-01-01', '--to', '2025-06-30'],
      ['report', 'daily', '--date', '2025-03-05'],
      ['calendar', 'is-workday', '2025-09-28'],
      ['calendar', 'due', '--from', '2024-09-27', '--days', '5'],
      ['calendar', 'list'],
      ['item', 'show', 'x'],
      ['item', 'timeline', 'x'],
      ['unit', 'list'],
      ['unit', 'add', '--name', '区城管局'],
      ['user', 'add', '--username', 'a1', '--name', '甲', '--role', 'leader', '--password', 'Abc@12345xyz'],
      ['audit', 'verify'],
      ['backup', '--out', join(dir, 'b.db')],
      ['keys', 'rotate'],
      ['import', 'items', join(dir, 'none.csv')],
      ['text', 'train', '--from-db', '--out', join(dir, 'm.json.gz')],
      ['text', 'reindex'],
    ];
    for (const args of commands) {
      const r = run([...args, '--db', missing]);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.err}`);
      assert.equal(r.out, '', args.join(' '));
      assert.match(
        r.err,
        /数据库文件不存在：.*typo\.db。请检查路径；要新建数据库，请先运行 xinfang migrate/,
        args.join(' '),
      );
    }
    const env = run(['unit', 'list'], { XINFANG_DB: missing });
    assert.equal(env.code, 2);
    assert.match(env.err, /环境变量 XINFANG_DB 指定的数据库文件不存在/);
    assert.equal(existsSync(missing), false, 'no database was created');
    assert.equal(existsSync(keys), false, 'no key file was created');
  });

  it('migrate, seed and serve create a database that does not exist yet', async () => {
    const fresh = join(dir, 'fresh', 'new.db');
    const m = run(['migrate', '--db', fresh]);
    assert.equal(m.code, 0, m.err);
    assert.deepEqual(JSON.parse(m.out), { ok: true });
    assert.equal(existsSync(fresh), true);
    assert.equal(existsSync(join(dir, 'fresh', 'keys.json')), true);
    const units = run(['unit', 'list', '--db', fresh]);
    assert.equal(units.code, 0, units.err);
    assert.deepEqual(JSON.parse(units.out), []);

    const seeded = join(dir, 'seeded', 'demo.db');
    const s = run(['seed', '--demo', '--items', '5', '--db', seeded]);
    assert.equal(s.code, 0, s.err);
    assert.ok(JSON.parse(s.out).logins.some((l: { username: string }) => l.username === 'dengji'));
    const audit = run(['audit', 'verify', '--db', seeded]);
    assert.equal(audit.code, 0, audit.err);
    assert.equal(JSON.parse(audit.out).ok, true);

    const served = join(dir, 'served', 'srv.db');
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, () => {
        const p = (probe.address() as AddressInfo).port;
        probe.close(() => resolve(p));
      });
    });
    const child = spawn(BIN, ['serve', '--db', served], {
      cwd: dir,
      env: { ...process.env, PORT: String(port), XINFANG_DEMO: '0', XINFANG_BACKUP_KEEP: '0', LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const started = await new Promise<string>((resolve, reject) => {
        let text = '';
        child.stdout.on('data', (d) => {
          text += d;
          if (text.includes('已启动')) resolve(text);
        });
        child.once('exit', (code) => reject(new Error(`serve exited with ${code}`)));
      });
      assert.match(started, /xinfang 信访事项办理平台已启动/);
      assert.equal(existsSync(served), true);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
  });
});
