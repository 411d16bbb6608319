import { randomUUID } from 'node:crypto';
import type { AppDeps } from './app/context.ts';
import { ensureReferenceData } from './app/bootstrap.ts';
import { fillVisibilityColumns } from './app/visibility.ts';
import { upgradeStoredFacts } from './app/upgrade-facts.ts';
import { fillRoutingHistory } from './app/routing-history.ts';
import { loadOrCreateKeyring } from './crypto/keyring.ts';
import { sealLegacyAuditChain } from './app/audit-queries.ts';
import { createAuditKeys, createPiiCodec } from './crypto/pii-codec.ts';
import { KEYED_AUDIT_MIGRATION, migrate, openDb, type OpenedDb } from './store/db.ts';

export interface Opened {
  deps: AppDeps;
  opened: OpenedDb;
  close(): Promise<void>;
}

/**
 * Opens the database, brings the schema up to date, fills reference data, loads (or creates, on first
 * start) the key file, and seals an audit chain that predates the keyed chain. The one place that wires real
 * implementations together.
 */
export async function openApp(db: string, keyFile: string, clock: () => Date = () => new Date()): Promise<Opened> {
  const opened = openDb(db);
  const applied = await migrate(opened.db);
  await ensureReferenceData(opened.db);
  const keyring = loadOrCreateKeyring(keyFile);
  const deps: AppDeps = {
    db: opened.db,
    dialect: opened.dialect,
    codec: createPiiCodec(keyring, keyFile),
    auditKeys: createAuditKeys(keyring, keyFile),
    clock,
    newId: () => randomUUID(),
  };
  // The upgrade that keyed the chain seals the old chain's head at once (see sealLegacyAuditChain); later a
  // plain-SM3 head is a finding for `audit verify`, never silently sealed.
  if (applied.includes(KEYED_AUDIT_MIGRATION)) await sealLegacyAuditChain(deps);
  // Items stored before the visibility columns existed get them now, before anyone lists them.
  await fillVisibilityColumns(deps);
  // Items stored with an older facts shape are upgraded and their deadlines recomputed (see facts-upgrade.ts).
  await upgradeStoredFacts(deps);
  // Routed items an upgrade listed for the routing history are counted now (segmenting their titles).
  await fillRoutingHistory(deps);
  return { deps, opened, close: () => opened.close() };
}
