/** The demo district's units and accounts, and the actor each plan step runs as. */
import type { AppDeps } from '../app/context.ts';
import { hashPassword } from '../crypto/password-hash.ts';
import type { Actor } from '../domain/item.policy.ts';
import { checkPassword } from '../domain/password-policy.ts';
import { insertUnit, listUnits } from '../store/reference.store.ts';
import { insertUser, userByName } from '../store/user.store.ts';
import { NAMED_ACCOUNTS } from './data/accounts.data.ts';
import { UNIT_SPECS } from './data/district.data.ts';
import type { UserSpec, Who } from './demo.model.ts';
import type { Rng } from './rng.ts';
import { fakeName } from './world.ts';

export interface DemoLogin {
  username: string;
  password: string;
  role: string;
  unit: string | null;
}

/** The named accounts, then a handler `<abbr>_jb` and a head `<abbr>_fz` for every other unit. */
export function userSpecs(r: Rng): UserSpec[] {
  const taken = new Set(NAMED_ACCOUNTS.map((u) => u.username));
  const extra: UserSpec[] = [];
  for (const u of UNIT_SPECS) {
    if (u.name === '区信访局') continue;
    for (const [suffix, role] of [
      ['jb', 'unit_handler'],
      ['fz', 'unit_head'],
    ] as const) {
      const username = `${u.abbr}_${suffix}`;
      if (taken.has(username)) continue;
      extra.push({ username, displayName: fakeName(r), role, unit: u.name, named: false });
    }
  }
  // A second reviewer records the 复核 decisions: a 复核 is never decided by the account that decided the 复查.
  if (!taken.has('fuhe'))
    extra.push({ username: 'fuhe', displayName: fakeName(r), role: 'reviewer', unit: null, named: false });
  return [...NAMED_ACCOUNTS, ...extra];
}

/** Creates the units that are missing; returns every demo unit's id by name and how many were created. */
export async function seedUnits(
  deps: AppDeps,
  setupIso: string,
): Promise<{ unitIds: Map<string, string>; created: number }> {
  const unitIds = new Map<string, string>();
  const existing = new Map((await listUnits(deps.db)).map((u) => [u.name, u.id]));
  let created = 0;
  for (const [i, u] of UNIT_SPECS.entries()) {
    const have = existing.get(u.name);
    if (have) {
      unitIds.set(u.name, have);
      continue;
    }
    const id = deps.newId();
    await insertUnit(
      deps.db,
      { id, name: u.name, parentId: null, insideDistrict: u.inside, kind: u.kind, sort: (i + 1) * 10 },
      setupIso,
    );
    unitIds.set(u.name, id);
    created++;
  }
  return { unitIds, created };
}

/**
 * Creates the accounts that are missing (one argon2 hash for all: hashing is deliberately slow) and returns the
 * actor behind each plan role (`registrar`, `reviewer`, `h:<unit>` handler, `f:<unit>` head) and the new named logins.
 */
export async function seedUsers(
  deps: AppDeps,
  specs: readonly UserSpec[],
  unitIds: ReadonlyMap<string, string>,
  password: string,
  setupIso: string,
): Promise<{ actors: Map<Who, Actor>; logins: DemoLogin[] }> {
  const passwordHash = await hashPassword(password);
  const actors = new Map<Who, Actor>();
  const logins: DemoLogin[] = [];
  for (const s of specs) {
    const problems = checkPassword(password, { username: s.username });
    if (problems.length) throw new Error(`演示密码不符合密码策略（${s.username}）：${problems.join('；')}`);
    const unitId = s.unit ? unitIds.get(s.unit)! : null;
    const found = await userByName(deps.db, s.username);
    const id = found?.id ?? deps.newId();
    if (!found) {
      await insertUser(
        deps.db,
        { id, username: s.username, displayName: s.displayName, role: s.role, unitId, passwordHash, title: s.title },
        setupIso,
      );
      if (s.named) logins.push({ username: s.username, password, role: s.role, unit: s.unit });
    }
    const actor: Actor = {
      userId: found?.id ?? id,
      username: s.username,
      displayName: found?.displayName ?? s.displayName,
      role: found?.role ?? s.role,
      unitId: found ? found.unitId : unitId,
    };
    if (s.role === 'registrar') actors.set('registrar', actor);
    if (s.role === 'reviewer') actors.set(actors.has('reviewer') ? 'reviewer2' : 'reviewer', actor);
    if (s.unit && s.role === 'unit_handler' && !actors.has(`h:${s.unit}`)) actors.set(`h:${s.unit}`, actor);
    if (s.unit && s.role === 'unit_head' && !actors.has(`f:${s.unit}`)) actors.set(`f:${s.unit}`, actor);
  }
  return { actors, logins };
}
