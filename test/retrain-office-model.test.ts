import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { forgetStoredOfficeModel, officeClassifier } from '../server/app/class-suggest.ts';
import { registerItem } from '../server/app/register-item.ts';
import { retrainOfficeModel, type RetrainStage } from '../server/app/retrain-office-model.ts';
import { startRetrain } from '../server/app/text-model-admin.ts';
import { predict } from '../server/text/classifier.ts';
import { retrainOfficeModelJob } from '../server/jobs/retrain-office-model.job.ts';
import { loginAs, makeTestApp } from './http-client.ts';
import { dialects, makeTestEnv, seedPeople, type TestEnv } from './test-db.ts';

/** Classes the shipped base model never learned (政法, 民政, 纪检监察): the office's own items teach them. */
const TOPICS: [string, string[]][] = [
  ['01.02', ['小区附近有人聚众赌博', '夜间经常有人打架斗殴', '治安混乱', '请求公安加强巡逻']],
  ['13.01', ['家庭困难申请低保被拒', '老人重病没有收入', '请求给予社会救助', '低保审核不公开']],
  ['03.01', ['举报村干部贪污扶贫款', '违规把补贴发给亲属', '请求纪委调查处理', '干部收受礼金']],
];

const day = (i: number) => new Date(Date.parse('2025-04-01T00:00:00Z') + i * 86_400_000).toISOString().slice(0, 10);

for (const dialect of dialects()) {
  describe(`retraining the office model from its confirmed items (${dialect})`, () => {
    let env: TestEnv;
    let people: Awaited<ReturnType<typeof seedPeople>>;
    const register = async (from: number, n: number) => {
      for (let i = from; i < from + n; i++) {
        const [code, parts] = TOPICS[i % 3]!;
        const text = [0, 1, 2, 3].map((k) => parts[(i + k) % 4]).join('，');
        await registerItem(
          env.deps,
          { actor: people.users.registrar, requestId: null },
          {
            channel: '网上投诉',
            level: '区',
            receivedOn: day(i),
            registeredOn: day(i),
            headCount: 1,
            petitioners: [{ name: `样本${i}`, idUnverified: false }],
            representatives: [],
            title: `${parts[i % 4]}（${i}）`,
            content: `${text}。第${i}号反映。`,
            demands: ['依法处理'],
            classCode: code,
            purpose: '求决',
            handlingClass: '申诉求决类',
            flags: [],
          },
        );
      }
    };
    const count = async (table: 'model_evaluations' | 'office_models') =>
      Number(
        (
          await env.deps.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    before(async () => {
      forgetStoredOfficeModel();
      env = await makeTestEnv(dialect, '2025-09-26');
      people = await seedPeople(env.deps);
    });
    after(async () => {
      forgetStoredOfficeModel();
      await env.close();
    });

    it('refuses with too few confirmed items and stores nothing', async () => {
      await register(0, 60);
      await assert.rejects(retrainOfficeModel(env.deps, env.deps.clock()), (e: Error & { code?: string }) => {
        assert.equal(e.code, 'VALIDATION');
        assert.match(e.message, /只有 60 件/);
        return true;
      });
      assert.equal(await count('model_evaluations'), 0);
    });

    it('switches to a better candidate, keeps the evaluation, keeps the model in force when not better', async () => {
      await register(60, 90);
      const stages: RetrainStage[] = [];
      let finished = false;
      const run = retrainOfficeModel(
        env.deps,
        env.deps.clock(),
        (s, done, total) => {
          assert.ok(done <= total, `${s}: ${done}/${total}`);
          if (stages.at(-1) !== s) stages.push(s);
        },
        { trigger: 'cli' },
      ).finally(() => {
        finished = true;
      });
      // Training runs on a worker thread: this thread keeps serving reads while the candidate is trained.
      const turn = () => new Promise((r) => setImmediate(r));
      while (stages.at(-1) !== '训练候选模型' && !finished) await turn();
      for (let i = 0; i < 5; i++) {
        await count('model_evaluations');
        await turn();
      }
      assert.equal(finished, false, 'reads were answered while the model was being trained');
      const first = await run;
      assert.deepEqual(stages, ['读取事项', '训练候选模型', '比较', '训练新模型', '保存']);
      assert.equal(first.samples, 150);
      assert.equal(first.trainItems + first.testItems, 150);
      assert.equal(first.testItems, 30);
      assert.equal(first.cut, day(120), 'the newest fifth tests both models');
      assert.equal(first.currentName, '内置基础模型');
      assert.ok(first.candidateF1 > first.currentF1 + 0.005, JSON.stringify(first));
      assert.equal(first.switched, true);
      assert.match(first.reason, /切换/);
      assert.equal(await count('office_models'), 1);
      // The model in force now knows the office's classes the base model never saw.
      const inForce = officeClassifier();
      assert.ok(inForce);
      assert.equal(
        predict(inForce, { title: null, text: '邻居家低保被取消了，老人没有收入，请求社会救助' }, 1).label.split(
          '/',
        )[0],
        '民政',
      );

      const second = await retrainOfficeModelJob.run(env.deps, env.deps.clock());
      assert.equal(second.switched, false);
      assert.match(second.currentName, /^本单位模型/);
      assert.match(second.reason, /保留当前模型/);
      assert.equal(await count('office_models'), 1, 'a candidate that is not better is not stored');
      assert.equal(await count('model_evaluations'), 2, 'every evaluation is kept');
      const audit = await env.deps.db
        .selectFrom('audit_log')
        .select('detail')
        .where('action', '=', 'text.retrain')
        .execute();
      assert.deepEqual(
        audit.map((a) => JSON.parse(a.detail as string).switched),
        [true, false],
      );
      assert.equal(retrainOfficeModelJob.schedule, '0 3 * * 0');
    });

    it('the administrator lists the evaluations and starts one; nobody else may', async () => {
      const app = makeTestApp(env);
      const admin = await loginAs(app, 'admin');
      const registrar = await loginAs(app, 'dengji');
      assert.equal((await registrar.get('/api/v1/admin/text-model')).status, 403);
      assert.equal((await registrar.post('/api/v1/admin/text-model/retrain', {})).status, 403);
      const list = await admin.get('/api/v1/admin/text-model');
      assert.equal(list.status, 200);
      assert.equal(list.body.evaluations.length, 2);
      assert.deepEqual(list.body.evaluations.map((e: { switched: boolean }) => e.switched).sort(), [false, true]);
      assert.ok(list.body.inForce?.since);
      // While a retraining runs (its flag is set before its first await), a second one is refused, at once.
      const running = retrainOfficeModel(env.deps, env.deps.clock(), undefined, { trigger: 'cli' });
      await assert.rejects(
        retrainOfficeModel(env.deps, env.deps.clock()),
        (e: Error & { code?: string }) => e.code === 'CONFLICT',
      );
      const adminCtx = { actor: people.users.admin, requestId: null };
      assert.throws(
        () => startRetrain(env.deps, adminCtx),
        (e: Error & { code?: string }) => e.code === 'CONFLICT',
      );
      await running;
      const start = await admin.post('/api/v1/admin/text-model/retrain', {});
      assert.equal(start.status, 200, JSON.stringify(start.body));
      let status = (await admin.get('/api/v1/admin/text-model')).body;
      while (status.retrain.running) {
        await new Promise((r) => setImmediate(r));
        status = (await admin.get('/api/v1/admin/text-model')).body;
      }
      assert.equal(status.evaluations.length, 4);
      assert.equal(status.retrain.last.evaluationId, status.evaluations[0].id);
      assert.equal(status.evaluations[0].trigger, 'admin');
    });
  });
}
