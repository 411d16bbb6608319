import { randomUUID } from 'node:crypto';
import type { RegisterItemInput, StepInputDto } from '../contract/dto.ts';
import type { Role } from '../contract/enums.ts';
import { applyStep } from '../server/app/apply-step.ts';
import { loadClockwork } from '../server/app/context.ts';
import { deriveItem } from '../server/app/derive.ts';
import { addAttachment } from '../server/app/attachments.ts';
import { registerItem } from '../server/app/register-item.ts';
import { hashPassword } from '../server/crypto/password-hash.ts';
import type { Actor } from '../server/domain/item.policy.ts';
import { createApp } from '../server/http/app.ts';
import { extraRouteModules } from '../server/http/modules.ts';
import { loadItem, updateItem } from '../server/store/item.store.ts';
import { insertUnit } from '../server/store/reference.store.ts';
import { insertUser } from '../server/store/user.store.ts';
import { loginAs, type Client } from './http-client.ts';
import { makeTestEnv, seedPeople, TEST_PASSWORD, type Dialect, type TestEnv } from './test-db.ts';

/** The accuser: an invalid-checksum ID number and a 1xx-0000-xxxx phone, as every test person. */
export const ACCUSER = {
  name: '王举报',
  idNumber: '110101199003071230',
  phone: '13900002222',
  address: '平安区幸福路8号3栋',
};
/** Ways the accuser's identity may appear in text; none may reach a viewer without the right to see it. */
export const ACCUSER_TRACES = [
  '王举报',
  '13900002222',
  '139-0000-2222',
  '110101 19900307',
  '1990030712',
  '幸福路8号3栋',
];

/**
 * One district with four units standing differently to an accusation against 区住建局 (the accused unit):
 * 区市场监管局 leads it, 区民政局 assists, 城关街道 has nothing to do with it. The accuser also has ordinary
 * items led by the accused unit, linked to the accusation in both directions (same person), and a second
 * person has two linked items led by different units.
 */
export interface VisibilityWorld {
  env: TestEnv;
  app: ReturnType<typeof createApp>;
  units: { accused: string; lead: string; assist: string; unrelated: string; outside: string };
  /** Logged-in clients by who they are. */
  as: Record<Who, Client>;
  actors: Record<'registrar' | 'reviewer' | 'lead' | 'assist' | 'accused' | 'leader', Actor>;
  ids: {
    /** The accuser's ordinary item, registered before the accusation, led by the accused unit. */
    ordEarly: string;
    /** The accusation: lead 区市场监管局, assist 区民政局; earlier link → ordEarly. */
    acc: string;
    /** The accuser's later ordinary item, led by the accused unit; earlier link → acc. */
    ordLate: string;
    /** A second accusation routed to the accused unit as assisting unit with the bureau's redaction. */
    accRedacted: string;
    /** Another person's item led by the unrelated unit, and their later item led by 区市场监管局. */
    qEarly: string;
    qLate: string;
  };
  numbers: Record<string, string>;
  attachmentId: string;
}

export type Who =
  | 'registrar'
  | 'reviewer'
  | 'leader'
  | 'lead'
  | 'assist'
  | 'accused'
  | 'accusedHead'
  | 'unrelated'
  | 'admin'
  | 'securityAdmin'
  | 'auditor';

/** The sign-in name of each viewer of the world. */
export const VISIBILITY_LOGINS: Readonly<Record<Who, string>> = {
  registrar: 'dengji',
  reviewer: 'shenhe',
  leader: 'lingdao',
  lead: 'scj_jb',
  assist: 'mz_jb',
  accused: 'zjj_jb',
  accusedHead: 'zjj_fz',
  unrelated: 'jd_jb',
  admin: 'admin',
  securityAdmin: 'anquan',
  auditor: 'shenji',
};

const base = {
  channel: '来信' as const,
  level: '区' as const,
  headCount: 1,
  representatives: [],
  purpose: '求决' as const,
  flags: [],
  handlingClass: '申诉求决类' as const,
};

export const ACC_CONTENT =
  '本人王举报（身份证号 110101 19900307 1230，电话 139-0000-2222），住平安区幸福路8号3栋。举报区住建局李科长收受开发商好处，王举报愿意配合调查。';

export async function buildVisibilityWorld(dialect: Dialect): Promise<VisibilityWorld> {
  const env = await makeTestEnv(dialect, '2025-09-26');
  const p = await seedPeople(env.deps);
  const now = env.deps.clock().toISOString();
  const unit = async (name: string) => {
    const id = randomUUID();
    await insertUnit(env.deps.db, { id, name, parentId: null, insideDistrict: true, kind: '部门', sort: 0 }, now);
    return id;
  };
  const assist = await unit('区民政局');
  const unrelated = await unit('城关街道');
  const hash = await hashPassword(TEST_PASSWORD);
  const user = async (username: string, role: Role, unitId: string | null): Promise<Actor> => {
    const id = randomUUID();
    await insertUser(env.deps.db, { id, username, displayName: username, role, unitId, passwordHash: hash }, now);
    return { userId: id, username, displayName: username, role, unitId };
  };
  const assistActor = await user('mz_jb', 'unit_handler', assist);
  await user('jd_jb', 'unit_handler', unrelated);
  await user('anquan', 'security_admin', null);
  const units = { accused: p.units.zjj, lead: p.units.scj, assist, unrelated, outside: p.units.outside };
  const reg = { actor: p.users.registrar, requestId: null };
  const rev = { actor: p.users.reviewer, requestId: null };
  const register = async (input: Partial<RegisterItemInput> & Pick<RegisterItemInput, 'title' | 'content'>) =>
    (
      await registerItem(env.deps, reg, {
        ...base,
        receivedOn: input.registeredOn ?? '2025-09-10',
        demands: ['依法处理'],
        petitioners: [],
        ...input,
      } as RegisterItemInput)
    ).item.id;
  const route = (id: string, input: Partial<Extract<StepInputDto, { step: 'route' }>>) =>
    applyStep(env.deps, rev, id, 1, {
      step: 'route',
      on: '2025-09-20',
      kind: '转送',
      unitId: null,
      assistUnitIds: [],
      note: '',
      ...input,
    } as StepInputDto);
  const accuser = { ...ACCUSER, idUnverified: true };
  const ordEarly = await register({
    registeredOn: '2025-09-08',
    petitioners: [accuser],
    title: '物业费收取不合理',
    content: '小区物业公司擅自提高物业费，业主多次反映无果。',
  });
  await route(ordEarly, { unitId: units.accused });
  const accusation = (registeredOn: string) => ({
    registeredOn,
    petitioners: [accuser],
    title: '举报区住建局李科长收受好处',
    content: ACC_CONTENT,
    demands: ['查处李科长，王举报要求答复'],
    handlingClass: '检举控告类' as const,
    purpose: '揭发控告' as const,
    accused: { name: '李科长', unitId: units.accused, outsideDistrict: false, note: '住建局工程科' },
    repeat: { isRepeat: true, earlierItemIds: [ordEarly] },
  });
  const acc = await register(accusation('2025-09-12'));
  await route(acc, { unitId: units.lead, assistUnitIds: [assist], note: '请核查王举报反映的问题，电话13900002222' });
  const { id: attachmentId } = await addAttachment(
    env.deps,
    reg,
    { dir: `${env.dir}/files` },
    acc,
    '王举报举报信.pdf',
    new TextEncoder().encode('%PDF-1.4 举报信'),
  );
  const ordLate = await register({
    registeredOn: '2025-09-15',
    petitioners: [accuser],
    title: '王举报反映楼道照明损坏',
    content: '楼道照明长期损坏，物业不予维修。',
    repeat: { isRepeat: true, earlierItemIds: [acc] },
  });
  await route(ordLate, { unitId: units.accused });
  const accRedacted = await register(accusation('2025-09-16'));
  await route(accRedacted, { unitId: units.lead, assistUnitIds: [units.accused], redactIdentity: true });
  const person = { name: '赵第三', phone: '13700003333', idUnverified: false };
  const qEarly = await register({
    registeredOn: '2025-09-09',
    petitioners: [person],
    title: '街道垃圾清运不及时',
    content: '垃圾站满溢无人清运。',
  });
  await route(qEarly, { unitId: units.unrelated });
  const qLate = await register({
    registeredOn: '2025-09-17',
    petitioners: [person],
    title: '菜市场缺斤短两',
    content: '菜市场商户缺斤短两。',
    repeat: { isRepeat: true, earlierItemIds: [qEarly] },
  });
  await route(qLate, { unitId: units.lead });

  const app = createApp(
    env.deps,
    {
      secureCookies: false,
      idleMinutes: 600,
      webDist: null,
      log: null,
      rateLimitPerMinute: 1_000_000,
      filesDir: `${env.dir}/files`,
    },
    extraRouteModules,
  );
  const as = {} as Record<Who, Client>;
  for (const [who, name] of Object.entries(VISIBILITY_LOGINS)) as[who as Who] = await loginAs(app, name);
  const ids = { ordEarly, acc, ordLate, accRedacted, qEarly, qLate };
  const rows = await env.deps.db.selectFrom('items').select(['id', 'number']).execute();
  return {
    env,
    app,
    units,
    as,
    actors: {
      registrar: p.users.registrar,
      reviewer: p.users.reviewer,
      lead: p.users.scjHandler,
      assist: assistActor,
      accused: p.users.zjjHandler,
      leader: p.users.leader,
    },
    ids,
    numbers: Object.fromEntries(rows.map((r) => [r.id, r.number])),
    attachmentId,
  };
}

/** Every string in a response body that would identify the item `id` (its id and its number). */
export function tracesOf(w: VisibilityWorld, id: string): string[] {
  return [id, w.numbers[id]!];
}

/** The text of a .docx body (word/document.xml without tags). */
export async function docxText(res: Response): Promise<string> {
  const { unzipEntry } = await import('./unzip.ts');
  const xml = unzipEntry(Buffer.from(await res.arrayBuffer()), 'word/document.xml')!.toString('utf8');
  return xml.replace(/<[^>]+>/g, '');
}

/** Registers another accusation by the accuser against the accused unit (not routed); returns its id. */
export async function registerAccusation(
  w: VisibilityWorld,
  title: string,
  extra: Partial<RegisterItemInput> = {},
): Promise<string> {
  const r = await registerItem(
    w.env.deps,
    { actor: w.actors.registrar, requestId: null },
    {
      ...base,
      receivedOn: '2025-09-18',
      petitioners: [{ ...ACCUSER, idUnverified: true }],
      title,
      content: ACC_CONTENT,
      demands: ['查处'],
      purpose: '揭发控告',
      handlingClass: '检举控告类',
      accused: { name: '李科长', unitId: w.units.accused, outsideDistrict: false, note: '' },
      ...extra,
    },
  );
  return r.item.id;
}

/**
 * Older data: adds units as assisting units of an item directly in the store, as nothing checked the accused
 * unit before the rule (a route through the use case would now be refused).
 */
export async function forceAssistUnits(w: VisibilityWorld, id: string, unitIds: string[]): Promise<void> {
  const deps = w.env.deps;
  const item = (await loadItem(deps.db, id, deps.codec))!;
  const { extra } = await deriveItem(deps.db, item, await loadClockwork(deps.db, deps.clock()));
  await updateItem(
    deps.db,
    { ...item, assistUnitIds: unitIds },
    item.version,
    deps.codec,
    extra,
    '2025-09-26T02:00:00Z',
  );
}
