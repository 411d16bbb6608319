import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import PizZip from 'pizzip';
import { DocTemplatesResponse } from '../../../contract/responses/doc-templates.ts';
import { defaultTemplate } from '../../documents/default-templates.ts';
import { docxParagraphs } from '../../documents/docx-text.ts';
import { createApp } from '../app.ts';
import { extraRouteModules } from '../modules.ts';
import { loginAs, type Client } from '../../../test/http-client.ts';
import { dialects, makeTestEnv, seedPeople, TEST_PASSWORD, type TestEnv } from '../../../test/test-db.ts';

const opts = { secureCookies: false, idleMinutes: 60, webDist: null, log: null, rateLimitPerMinute: 1000 };

/** The default template with one text replaced inside the body XML (what an edit in Word amounts to). */
async function edited(kind: 'opinion', from: string, to: string): Promise<Buffer> {
  const zip = new PizZip(await defaultTemplate(kind));
  const xml = zip.file('word/document.xml')!.asText();
  assert.ok(xml.includes(from), `the template contains ${from}`);
  zip.file('word/document.xml', xml.replaceAll(from, to));
  return zip.generate({ type: 'nodebuffer' });
}

for (const dialect of dialects()) {
  describe(`document templates over HTTP (${dialect})`, () => {
    let env: TestEnv;
    let app: ReturnType<typeof createApp>;
    let admin: Client;
    let cookie: string;
    let csrf: string;
    before(async () => {
      env = await makeTestEnv(dialect, '2026-12-01');
      await seedPeople(env.deps);
      app = createApp(env.deps, opts, extraRouteModules);
      admin = await loginAs(app, 'admin');
      const login = await app.request('/api/v1/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password: TEST_PASSWORD }),
      });
      cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
      csrf = ((await login.json()) as { csrf: string }).csrf;
    });
    after(async () => env.close());

    const upload = (kind: string, file: Buffer, fields: Record<string, string> = {}, path = '') => {
      const form = new FormData();
      form.set('file', new File([new Uint8Array(file)], 'my-template.docx'));
      for (const [k, v] of Object.entries(fields)) form.set(k, v);
      return app.request(`/api/v1/doc-templates/${kind}${path}`, {
        method: 'POST',
        headers: { cookie, 'x-csrf-token': csrf },
        body: form,
      });
    };

    it('lists every kind with its placeholders; only the administrator may', async () => {
      const r = await admin.get('/api/v1/doc-templates');
      assert.equal(r.status, 200);
      assert.equal(r.body.kinds.length, 17);
      assert.equal(r.body.kinds.find((k: any) => k.kind === 'review_receipt')?.label, '复查申请回执');
      assert.equal(r.body.kinds.find((k: any) => k.kind === 'rereview_receipt')?.label, '复核申请回执');
      const opinion = r.body.kinds.find((k: any) => k.kind === 'opinion');
      assert.equal(opinion.label, '处理意见书');
      assert.equal(opinion.activeVersion, null);
      assert.ok(
        opinion.placeholders.some((p: any) => p.name === '诉求' && p.fields.some((f: any) => f.name === '答复结果')),
      );
      // A list's fields are placeholders of the same declared shape (the admin screen's help reads them).
      const declared = DocTemplatesResponse.safeParse(r.body);
      assert.ok(declared.success, JSON.stringify(declared.error?.issues));
      for (const who of ['dengji', 'zjj_jb', 'lingdao']) {
        const c = await loginAs(app, who);
        assert.equal((await c.get('/api/v1/doc-templates')).status, 403, who);
        assert.equal((await c.raw!('/api/v1/doc-templates/opinion/file')).status, 403, who);
      }
    });

    it('downloads the default, refuses a template missing placeholders with the list, stores nothing', async () => {
      const dl = await admin.raw!('/api/v1/doc-templates/opinion/file');
      assert.equal(dl.status, 200);
      assert.match(decodeURIComponent(dl.headers.get('content-disposition') ?? ''), /处理意见书模板-默认\.docx/);
      const file = Buffer.from(await dl.arrayBuffer());
      assert.ok(docxParagraphs(file).includes('信访事项处理意见书'));
      const broken = await edited('opinion', '{复查机关}', '区政府');
      const res = await upload('opinion', broken);
      assert.equal(res.status, 422);
      const body = (await res.json()) as any;
      assert.equal(body.error.code, 'TEMPLATE_PLACEHOLDERS_MISSING');
      assert.deepEqual(body.error.details.missing, [{ name: '复查机关', label: '受理复查请求的机关' }]);
      assert.match(body.error.message, /缺少必需的占位符：\{复查机关\}/);
      const notDocx = await upload('opinion', Buffer.from('plain text'));
      assert.equal(notDocx.status, 415);
      assert.equal(((await notDocx.json()) as any).error.code, 'FILE_TYPE');
      const list = await admin.get('/api/v1/doc-templates');
      assert.equal(list.body.kinds.find((k: any) => k.kind === 'opinion').versions.length, 0, 'nothing stored');
    });

    it('an uploaded version is previewed, used, listed with who and when, and can be rolled back', async () => {
      const changed = await edited('opinion', '四、依据', '四、处理依据');
      const preview = await upload('opinion', changed, {}, '/preview');
      assert.equal(preview.status, 200);
      const p = (await preview.json()) as any;
      assert.ok(p.paragraphs.includes('四、处理依据'), 'the preview renders the uploaded file');
      assert.deepEqual(p.findings, []);
      assert.ok(p.paragraphs.some((t: string) => /自收到本意见书之日起30日内向.+请求复查/.test(t)));
      const res = await upload('opinion', changed, { note: '依据改为处理依据' });
      assert.equal(res.status, 201);
      const v = ((await res.json()) as any).version;
      assert.equal(v.version, 1);
      assert.equal(v.active, true);
      assert.equal(v.note, '依据改为处理依据');
      const list = await admin.get('/api/v1/doc-templates');
      const opinion = list.body.kinds.find((k: any) => k.kind === 'opinion');
      assert.equal(opinion.activeVersion, 1);
      assert.ok(opinion.versions[0].uploadedBy);
      const inUse = await admin.raw!('/api/v1/doc-templates/opinion/file');
      assert.ok(docxParagraphs(Buffer.from(await inUse.arrayBuffer())).includes('四、处理依据'));
      const docx = await app.request('/api/v1/doc-templates/opinion/preview?format=docx', {
        method: 'POST',
        headers: { cookie, 'x-csrf-token': csrf },
      });
      assert.equal(docx.status, 200);
      assert.ok(
        docxParagraphs(Buffer.from(await docx.arrayBuffer())).includes('四、处理依据'),
        'preview of the one in use',
      );
      const back = await admin.post('/api/v1/doc-templates/opinion/activate', { versionId: null });
      assert.equal(back.status, 200);
      const def = await admin.raw!('/api/v1/doc-templates/opinion/file');
      assert.ok(docxParagraphs(Buffer.from(await def.arrayBuffer())).includes('四、依据'));
      assert.equal((await admin.post('/api/v1/doc-templates/opinion/activate', { versionId: 'nope' })).status, 404);
      const audit = await (await loginAs(app, 'shenji')).get('/api/v1/audit?action=doc_template.upload');
      assert.equal(audit.body.events.length, 1);
    });
  });
}
