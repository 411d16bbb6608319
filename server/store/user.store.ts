import type { Role } from '../../contract/enums.ts';
import type { DbOrTrx, Trx } from './db.ts';

export interface UserRow {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  unitId: string | null;
  passwordHash: string;
  failedLogins: string[];
  lockedUntil: string | null;
  /** As stored: SM4-sealed (or plain in rows from before sealing); open with the codec. */
  totpSecret: string | null;
  totpLastStep: number | null;
  disabled: boolean;
  /** A leader's title (职务) for the leader directory; null for other accounts. */
  title: string | null;
  /** Optional contacts for warning notices and digests. */
  phone: string | null;
  email: string | null;
}

function toUser(r: {
  id: string;
  username: string;
  display_name: string;
  role: string;
  unit_id: string | null;
  password_hash: string;
  failed_logins: string;
  locked_until: string | null;
  totp_secret: string | null;
  totp_last_step: number | null;
  disabled: number;
  title?: string | null;
  phone?: string | null;
  email?: string | null;
}): UserRow {
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    role: r.role as Role,
    unitId: r.unit_id,
    passwordHash: r.password_hash,
    failedLogins: JSON.parse(r.failed_logins) as string[],
    lockedUntil: r.locked_until,
    totpSecret: r.totp_secret,
    totpLastStep: r.totp_last_step === null ? null : Number(r.totp_last_step),
    disabled: Number(r.disabled) === 1,
    title: r.title ?? null,
    phone: r.phone ?? null,
    email: r.email ?? null,
  };
}

export async function userByName(db: DbOrTrx, username: string): Promise<UserRow | null> {
  const r = await db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
  return r ? toUser(r) : null;
}

export async function userById(db: DbOrTrx, id: string): Promise<UserRow | null> {
  const r = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toUser(r) : null;
}

export async function listUsers(db: DbOrTrx): Promise<UserRow[]> {
  return (await db.selectFrom('users').selectAll().orderBy('username').execute()).map(toUser);
}

export async function insertUser(
  db: DbOrTrx,
  u: Omit<
    UserRow,
    'failedLogins' | 'lockedUntil' | 'totpSecret' | 'totpLastStep' | 'disabled' | 'title' | 'phone' | 'email'
  > & {
    title?: string | null;
  },
  nowIso: string,
): Promise<void> {
  await db
    .insertInto('users')
    .values({
      id: u.id,
      username: u.username,
      display_name: u.displayName,
      role: u.role,
      unit_id: u.unitId,
      password_hash: u.passwordHash,
      failed_logins: '[]',
      locked_until: null,
      totp_secret: null,
      disabled: 0,
      created_at: nowIso,
      title: u.title ?? null,
    })
    .execute();
}

export async function setLoginState(
  db: DbOrTrx,
  id: string,
  failedLogins: string[],
  lockedUntil: string | null,
): Promise<void> {
  await db
    .updateTable('users')
    .set({ failed_logins: JSON.stringify(failedLogins), locked_until: lockedUntil })
    .where('id', '=', id)
    .execute();
}

/** Stores a (sealed) TOTP secret and the step of the code that confirmed it. */
export async function setTotp(db: DbOrTrx, id: string, sealedSecret: string, step: number): Promise<void> {
  await db.updateTable('users').set({ totp_secret: sealedSecret, totp_last_step: step }).where('id', '=', id).execute();
}

/**
 * Marks TOTP step `step` as used, only if no later-or-equal step was used before; false means the code was
 * already used (a replay), also when two requests race with the same code.
 */
export async function claimTotpStep(db: DbOrTrx, id: string, step: number): Promise<boolean> {
  const r = await db
    .updateTable('users')
    .set({ totp_last_step: step })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** An administrator's edit of a user's contacts and (a leader's) title. */
export async function updateUserContacts(
  trx: Trx,
  id: string,
  c: { phone: string | null; email: string | null; title: string | null },
): Promise<void> {
  await trx.updateTable('users').set({ phone: c.phone, email: c.email, title: c.title }).where('id', '=', id).execute();
}

/** An administrator's edit of a user's name, role and unit. */
export async function updateUserProfile(
  trx: Trx,
  id: string,
  p: { displayName: string; role: Role; unitId: string | null },
): Promise<void> {
  await trx
    .updateTable('users')
    .set({ display_name: p.displayName, role: p.role, unit_id: p.unitId })
    .where('id', '=', id)
    .execute();
}

export async function updateUserDisabled(trx: Trx, id: string, disabled: boolean): Promise<void> {
  await trx
    .updateTable('users')
    .set({ disabled: disabled ? 1 : 0 })
    .where('id', '=', id)
    .execute();
}

/** Every user's id, user name and display name (for naming people in lists), in no particular order. */
export async function listUserNames(db: DbOrTrx): Promise<{ id: string; username: string; displayName: string }[]> {
  const rows = await db.selectFrom('users').select(['id', 'username', 'display_name']).execute();
  return rows.map((u) => ({ id: u.id, username: u.username, displayName: u.display_name }));
}

/** Every stored TOTP secret, as sealed (for a key rotation). */
export async function listTotpSecrets(db: DbOrTrx): Promise<{ id: string; sealedSecret: string }[]> {
  const rows = await db
    .selectFrom('users')
    .select(['id', 'totp_secret'])
    .where('totp_secret', 'is not', null)
    .execute();
  return rows.map((u) => ({ id: u.id, sealedSecret: u.totp_secret! }));
}

/**
 * Replaces a sealed TOTP secret only if it is still the one read (compare-and-set): a user enrolling meanwhile
 * keeps the new secret. True when the row was written.
 */
export async function resealTotpSecret(db: DbOrTrx, id: string, stored: string, sealed: string): Promise<boolean> {
  const res = await db
    .updateTable('users')
    .set({ totp_secret: sealed })
    .where('id', '=', id)
    .where('totp_secret', '=', stored)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function setPasswordHash(db: DbOrTrx, id: string, hash: string): Promise<void> {
  await db.updateTable('users').set({ password_hash: hash }).where('id', '=', id).execute();
}

export async function insertSession(
  db: DbOrTrx,
  s: { id: string; userId: string; csrf: string; now: string; expiresAt: string },
): Promise<void> {
  await db
    .insertInto('sessions')
    .values({
      id: s.id,
      user_id: s.userId,
      csrf: s.csrf,
      created_at: s.now,
      last_seen_at: s.now,
      expires_at: s.expiresAt,
    })
    .execute();
}

export async function sessionById(db: DbOrTrx, id: string) {
  return db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function touchSession(db: DbOrTrx, id: string, now: string, expiresAt: string): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: now, expires_at: expiresAt }).where('id', '=', id).execute();
}

/** Ends every session of one user (password changed, account locked or disabled). */
export async function deleteSessionsOfUser(trx: Trx, userId: string): Promise<void> {
  await trx.deleteFrom('sessions').where('user_id', '=', userId).execute();
}

export async function deleteSession(db: DbOrTrx, id: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', id).execute();
}

/** Sets a leader's title (职务) shown in the leader directory. */
export async function setUserTitle(db: DbOrTrx, id: string, title: string | null): Promise<void> {
  await db.updateTable('users').set({ title }).where('id', '=', id).execute();
}

/** Where a person's notices may leave the system: his phone and address on file, and the channels he keeps on. */
export interface UserContact {
  userId: string;
  phone: string | null;
  email: string | null;
  smsOn: boolean;
  emailOn: boolean;
}

function toContact(r: {
  id: string;
  phone: string | null;
  email: string | null;
  notify_sms: number;
  notify_email: number;
}): UserContact {
  return {
    userId: r.id,
    phone: r.phone,
    email: r.email,
    smsOn: Number(r.notify_sms) === 1,
    emailOn: Number(r.notify_email) === 1,
  };
}

/** The contacts of the given people (all people when no ids are given), by user id. */
export async function userContacts(db: DbOrTrx, ids?: readonly string[]): Promise<Map<string, UserContact>> {
  if (ids && !ids.length) return new Map();
  let q = db.selectFrom('users').select(['id', 'phone', 'email', 'notify_sms', 'notify_email']);
  if (ids) q = q.where('id', 'in', [...ids]);
  return new Map((await q.execute()).map((r) => [r.id, toContact(r)] as const));
}

/** Sets a person's phone and e-mail address on file (null clears one). */
export async function setUserContacts(
  db: DbOrTrx,
  id: string,
  c: { phone: string | null; email: string | null },
): Promise<void> {
  await db.updateTable('users').set({ phone: c.phone, email: c.email }).where('id', '=', id).execute();
}

/** Turns a person's outbound channels on or off. */
export async function setNotifyChannels(db: DbOrTrx, id: string, c: { sms: boolean; email: boolean }): Promise<void> {
  await db
    .updateTable('users')
    .set({ notify_sms: c.sms ? 1 : 0, notify_email: c.email ? 1 : 0 })
    .where('id', '=', id)
    .execute();
}
