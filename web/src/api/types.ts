import type { Role, Status, Step, WarningLevelCode } from '../../../contract/enums.ts';
import type { ItemListPage } from '../../../contract/dto.ts';

export interface Me {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  roleLabel: string;
  unit: { id: string; name: string } | null;
  abilities: Record<string, boolean>;
  /** A TOTP secret is set: replacing it needs a code of the current one. */
  totpEnabled?: boolean;
}

export interface Unit {
  id: string;
  name: string;
  parentId: string | null;
  insideDistrict: boolean;
  kind: string;
  sort: number;
}
export interface TaxNode {
  code: string;
  name: string;
  parent: string | null;
  level: number;
  path: string;
  pinyin: string;
}

export interface WorkbenchRow {
  id: string;
  number: string;
  title: string;
  status: Status;
  statusLabel: string;
  channel: string;
  registeredOn: string;
  dueOn: string | null;
  dueRule: string | null;
  daysLeft: number | null;
  warning: WarningLevelCode | 'none';
  unit: string | null;
  version: number;
  /** What the item waits for, and from whom (签收, 延期审批, 办结审核, 协办意见 …). */
  waiting?: { kind: string; label: string; detail?: string }[];
  /** Listed because the actor's unit assists on it. */
  assisting?: boolean;
}
export type WorkbenchGroup = WarningLevelCode | 'none' | 'review';
export interface Workbench {
  today: string;
  counts: Record<WorkbenchGroup, number>;
  total: number;
  groups: { level: WorkbenchGroup; items: WorkbenchRow[] }[];
}

export interface ListRow {
  id: string;
  number: string;
  title: string;
  status: Status;
  statusLabel: string;
  channel: string;
  level: string;
  receivedOn: string;
  registeredOn: string;
  classPath: string | null;
  flags: string[];
  isRepeat: boolean;
  dueOn: string | null;
  dueRule: string | null;
  warning: WarningLevelCode | null;
  headCount: number;
  place: string | null;
  leadUnit: { id: string; name: string } | null;
  version: number;
}
/** GET /api/v1/items: one keyset page. */
export type ItemList = ItemListPage<ListRow>;

export interface Answer {
  demandIndex: number;
  outcome: string;
  explanation: string;
}
export interface ItemDeadlineView {
  rule: string;
  name: string;
  start: string;
  due: string;
  explanation: string;
  metOn: string | null;
  kind: 'duty' | 'window';
  party: string;
  warning: { level: WarningLevelCode; daysLeft: number; elapsedShare: number } | null;
  open: boolean | null;
  extensionDays: number;
  /** Set when the due date rests on a year without an official holiday notice (暂定). */
  provisional?: { years: number[]; reason: string } | null;
  /** statutory / procedural / internal (internal: 签收, 协办意见, internal re-handling; never the item's due date). */
  tier?: 'statutory' | 'procedural' | 'internal';
}
export interface ItemView {
  id: string;
  number: string;
  version: number;
  status: Status;
  statusLabel: string;
  channel: string;
  level: string;
  receivedOn: string;
  registeredOn: string;
  petitioners: {
    name: string;
    idNumber: string | null;
    idVerified: boolean;
    phone: string | null;
    address: string | null;
    hidden: boolean;
  }[];
  identityUnmasked: boolean;
  organisation: string | null;
  headCount: number;
  representatives: string[];
  title: string;
  content: string;
  demands: { index: number; text: string; answer: Answer | null }[];
  classCode: string | null;
  classPath: string | null;
  purpose: string;
  handlingClass: string;
  flags: string[];
  place: string | null;
  leadUnit: { id: string; name: string; insideDistrict: boolean } | null;
  assistUnits: { id: string; name: string }[];
  accused: { name: string; unitId?: string | null; outsideDistrict?: boolean; note?: string } | null;
  isRepeat: boolean;
  /** Items this one repeats, and items that repeat it: only those the viewer may see (none otherwise). */
  earlier: LinkedItem[];
  later: LinkedItem[];
  /** For the bureau: the text names the petitioner (shown before routing). */
  warnings: string[];
  facts: Record<string, unknown> & { opinion?: { facts: string; basis: string; issuedOn: string } | null };
  deadlines: ItemDeadlineView[];
  /** 签收, 协办意见, legal channel and 办结报告 of the current handling. */
  record?: HandlingRecordView;
  steps: Step[];
  /** Steps held but refused today by a time window, with the reason (shown instead of a button). */
  blockedSteps?: { step: Step; label: string; reason: string }[];
  abilities: Record<string, boolean>;
  today: string;
  documents?: { kind: string; name: string }[];
}
export interface LinkedItem {
  id: string;
  number: string;
  title: string;
  registeredOn: string;
  similarity: number;
  reason: string;
  /** 'repeat': the same petitioners' matter again; 'duplicate': another record of the same matter. */
  kind?: 'repeat' | 'duplicate';
}
/** One link or unlink by a registrar, as the link history shows it. */
export interface LinkChangeView {
  id: string;
  action: 'link' | 'unlink';
  kind: 'repeat' | 'duplicate';
  other: { id: string; number: string; title: string };
  direction: 'earlier' | 'later';
  reason: string;
  actorName: string | null;
  at: string;
}
export interface TimelineEvent {
  seq: number;
  at: string;
  on: string | null;
  step: string;
  actor: string | null;
  actorRole: string | null;
  summary: string;
  /** The step as entered (`{ input }`), empty where the viewer may not see it. */
  data?: unknown;
}

export interface RepeatCandidate {
  itemId: string;
  number: string;
  title: string;
  registeredOn: string;
  status: string;
  similarity: number;
  reason: string;
  isRepeat: boolean;
}

/** POST /api/v1/text/suggest: advice while registering; nothing is applied without the registrar's click. */
export interface SuggestClass {
  /** Path in the office's tree, as deep as the evidence allows. */
  label: string;
  p: number;
  code: string | null;
  /** Evidence, e.g. "基础模型 62%", "3 件已确认的相似事项归入此类". */
  reasons: string[];
}
/** How sure the class suggestion is, and why. */
export interface ClassAdvice {
  status: 'confident' | 'uncertain' | 'out_of_scope' | 'empty';
  message: string;
  terms: { term: string; weight: number }[];
  neighbours: { itemId: string; number: string; title: string; classPath: string; similarity: number }[];
}
export interface SuggestUnit {
  unitId: string;
  unitName: string;
  score: number;
  reason: string;
  details: string[];
  /** The office's similar confirmed items this unit handled (the evidence beside the counts). */
  similar?: { itemId: string; number: string; title: string; similarity: number }[];
}
export interface SimilarMatter {
  itemId: string;
  number: string;
  title: string;
  registeredOn: string;
  status: string;
  similarity: number;
}
export interface Suggestions {
  classes: SuggestClass[];
  classAdvice: ClassAdvice;
  units: SuggestUnit[];
  sameperson: RepeatCandidate[];
  sameMatter: SimilarMatter[];
}

/** GET /api/v1/text/hotspots */
export interface HotspotCluster {
  label: string;
  size: number;
  users: number;
  ids: string[];
  keywords: string[];
  place: string | null;
  heat: number;
  from: string | null;
  to: string | null;
  collective: number;
  repeats: number;
  items: { id: string; number?: string; title?: string; registeredOn?: string }[];
}
export interface Hotspots {
  period: { from: string; to: string };
  items: number;
  clusters: HotspotCluster[];
}

/** GET /api/v1/audit and /api/v1/audit/verify */
export interface AuditEvent {
  seq: number;
  at: string;
  action: string;
  actor: string;
  actorName: string | null;
  actorRole: string | null;
  itemId: string | null;
  /** The item's number (编号) when the event is about an item. */
  itemNumber?: string | null;
  detail: unknown;
  requestId: string | null;
  /** A request id the client sent, kept beside the server's own. */
  clientRequestId?: string | null;
  /** Key that signed the row (null: a row of the earlier plain SM3 chain). */
  keyId?: string | null;
  hash: string;
}
export interface AuditPage {
  total: number;
  events: AuditEvent[];
}
export type AuditVerification = (
  | { ok: true; count: number; legacy: number; lastSeq: number | null; lastHash: string }
  | { ok: false; count: number; brokenAt: number; reason: string; message: string }
) & { head: { seq: number } | null; anchor: { seq: number; exportedAt: string } | null };

/** A request for an account change (三员分立) as the grant screens show it. */
export interface Grant {
  id: string;
  kind: 'create' | 'change' | 'reset' | 'disable' | 'enable';
  kindLabel: string;
  userId: string | null;
  username: string;
  displayName: string | null;
  role: Role | null;
  roleLabel: string | null;
  unitId: string | null;
  prevRole: Role | null;
  prevUnitId: string | null;
  reason: string;
  status: 'pending' | 'approved' | 'refused' | 'withdrawn';
  requestedBy: string;
  requestedByName: string | null;
  requestedAt: string;
  decidedBy: string | null;
  decidedByName: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
}

/** GET /api/v1/items/:id `record`: the handling so far, as the viewer may see it. */
export interface HandlingRecordView {
  receipt: {
    deliveredOn: string;
    due: string;
    signedOn: string | null;
    signedBy: string | null;
    implied: boolean;
    late: boolean;
    daysLate: number;
  } | null;
  assists: {
    unitId: string;
    unitName: string;
    state: 'owed' | 'given' | 'waived';
    due: string | null;
    late: boolean;
    on: string | null;
    by: string | null;
    text: string | null;
  }[];
  legal: { channel: string; organ: string; on: string; noticeOn: string; noticeText: string; by: string | null } | null;
  report: {
    submittedOn: string;
    text: string;
    by: string | null;
    attachments: number;
    reviews: { on: string; outcome: 'approved' | 'returned'; note: string; by: string | null }[];
  } | null;
}
