import { upgradeFacts } from '../domain/facts-upgrade.ts';
import { FACTS_VERSION } from '../domain/item.ts';
import { itemsWithOldFacts, loadItem } from '../store/item.store.ts';
import { getSetting, setSetting } from '../store/settings.store.ts';
import { loadClockwork, type AppDeps } from './context.ts';
import { saveItemChange } from './derive.ts';

/**
 * Brings items stored with an older facts shape to the current one (facts-upgrade.ts): rewrites the facts,
 * recomputes their deadlines and list columns (e.g. a routed item never signed for now has its 受理告知 clock from
 * the route date), and records on each item's timeline what the upgrade inferred. Runs at start-up in batches
 * (one transaction each) and is idempotent; returns how many items it upgraded.
 */
export async function upgradeStoredFacts(deps: Pick<AppDeps, 'db' | 'codec' | 'clock' | 'newId'>): Promise<number> {
  // Once every stored item is current, later starts skip the scan (new items are written in the current shape).
  if ((await getSetting<number>(deps.db, 'facts_version', 0)) >= FACTS_VERSION) return 0;
  let done = 0;
  for (;;) {
    const batch = await itemsWithOldFacts(deps.db, FACTS_VERSION, 200);
    if (!batch.length) {
      await setSetting(deps.db, 'facts_version', FACTS_VERSION);
      return done;
    }
    const now = deps.clock();
    await deps.db.transaction().execute(async (trx) => {
      const cw = await loadClockwork(trx, now);
      for (const { id, facts } of batch) {
        const item = await loadItem(trx, id, deps.codec);
        if (!item) continue;
        const { notes } = upgradeFacts(facts);
        await saveItemChange(trx, deps, cw, item, item.version, {
          at: now.toISOString(),
          onDate: cw.today,
          step: 'facts_upgrade',
          author: { id: null, name: '系统', role: null },
          summary: notes.length ? `数据升级：${notes.join('；')}` : '数据升级：按现行规则重算期限',
          data: { notes },
        });
      }
    });
    done += batch.length;
  }
}
