import { Worker } from 'node:worker_threads';
import { matterText } from '../../server/app/text-intel.ts';
import { deadlineRows, itemRow, petitionerRows, unitRows } from '../../server/store/item.store.ts';
import type { PiiCodec } from '../../server/store/pii.ts';
import { bandKeys, signature } from '../../server/text/similarity.ts';
import type { Insertable } from 'kysely';
import type { ItemDeadline } from '../../server/domain/item-deadlines.ts';
import type { Item } from '../../server/domain/item.ts';
import type { ItemWriteExtra } from '../../server/store/item.store.ts';
import type {
  DeadlineTable,
  ItemTable,
  ItemUnitTable,
  PetitionerTable,
  TextLshTable,
} from '../../server/store/schema.ts';

/** One finished item to turn into rows. */
export interface EncodeJob {
  item: Item;
  extra: ItemWriteExtra;
  createdIso: string;
  updatedIso: string;
  deadlines: ItemDeadline[];
}

export interface EncodedRows {
  items: Insertable<ItemTable>[];
  petitioners: PetitionerTable[];
  units: ItemUnitTable[];
  deadlines: DeadlineTable[];
  lsh: TextLshTable[];
}

/** The rows of finished items, exactly as the store's write path builds them. */
export function encodeRows(batch: EncodeJob[], codec: PiiCodec): EncodedRows {
  const out: EncodedRows = { items: [], petitioners: [], units: [], deadlines: [], lsh: [] };
  for (const j of batch) {
    const row = itemRow(j.item, codec, j.extra, j.createdIso);
    row.updated_at = j.updatedIso;
    out.items.push(row);
    out.petitioners.push(...petitionerRows(j.item.id, j.item.petitioners, codec));
    out.units.push(...unitRows(j.item));
    out.deadlines.push(...deadlineRows(j.item.id, j.deadlines));
    for (const k of bandKeys(signature(matterText(j.item.title, j.item.content))))
      out.lsh.push({ band_key: k, item_id: j.item.id });
  }
  return out;
}

/** A small pool of encode workers; `encode` resolves with the rows of a batch. */
export class EncodePool {
  private workers: Worker[] = [];
  private pending = new Map<number, (rows: EncodedRows) => void>();
  private seq = 0;
  private rr = 0;

  constructor(keyFile: string, size: number) {
    for (let i = 0; i < size; i++) {
      const w = new Worker(new URL('./worker-boot.mjs', import.meta.url), {
        workerData: { keyFile, module: new URL('./encode.worker.ts', import.meta.url).href },
      });
      w.on('message', (m: { id: number; rows: EncodedRows }) => {
        this.pending.get(m.id)?.(m.rows);
        this.pending.delete(m.id);
      });
      w.on('error', (err) => {
        throw err;
      });
      this.workers.push(w);
    }
  }

  get inFlight(): number {
    return this.pending.size;
  }

  encode(items: EncodeJob[]): Promise<EncodedRows> {
    const id = ++this.seq;
    const w = this.workers[this.rr++ % this.workers.length]!;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      w.postMessage({ id, items });
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
