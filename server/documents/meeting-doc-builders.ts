/**
 * Pure builders of the joint-conference documents (会议通知, 会议纪要): not about one item, but about the items a
 * meeting studies. Each topic names its petitioner only as the reader may see it (meetingTopicOf).
 */
import type { IsoDate } from '../domain/deadline.ts';
import type { Item } from '../domain/item.ts';
import { cnNames } from './cn-text.ts';
import type {
  DocHeader,
  IdentityView,
  MeetingInput,
  MeetingMinutes,
  MeetingNotice,
  MinutesInput,
  OrganInfo,
} from './doc-model.ts';
import { itemForView } from './item-doc-builders.ts';

export interface MeetingDocContext {
  date: IsoDate;
  docNumber: string;
  /** Usually the 联席会议办公室 or the bureau. */
  issuer: OrganInfo;
  /** 主送: the attending units, or a summary such as `各成员单位`. */
  addressee: string;
}

/** One item as a meeting topic, the petitioner shown per the view. */
export function meetingTopicOf(item: Item, view: IdentityView): MeetingInput['topics'][number] {
  const shown = itemForView(item, view);
  return {
    itemNumber: shown.number,
    title: shown.title,
    petitioner: cnNames(shown.petitioners.map((p) => p.name)) || shown.organisation || '信访人',
  };
}

function header(c: MeetingDocContext): DocHeader {
  return {
    organ: c.issuer.name,
    docNumber: c.docNumber,
    addressee: c.addressee,
    date: c.date,
    itemNumber: null,
    organAddress: c.issuer.address,
    organPhone: c.issuer.phone,
  };
}

const topics = (xs: MeetingInput['topics']) => xs.map((t, i) => ({ index: i + 1, ...t }));

/** 会议通知 of a 联席会议 (or any coordination meeting on petition items). */
export function buildMeetingNotice(c: MeetingDocContext, m: MeetingInput): MeetingNotice {
  return {
    kind: 'meeting_notice',
    header: header(c),
    name: m.name.trim(),
    on: m.on,
    time: m.time,
    place: m.place.trim(),
    attendees: m.attendees,
    topics: topics(m.topics),
    requirements: m.requirements.trim(),
    contact: m.contact.trim(),
  };
}

/** 会议纪要: who met, what was decided, and the follow-up tasks with unit and due date. */
export function buildMeetingMinutes(c: MeetingDocContext, m: MinutesInput): MeetingMinutes {
  return {
    kind: 'meeting_minutes',
    header: header(c),
    name: m.name.trim(),
    on: m.on,
    place: m.place.trim(),
    chair: m.chair.trim(),
    attendees: m.attendees,
    topics: topics(m.topics),
    summary: m.summary.trim(),
    decisions: m.decisions.map((d) => d.trim()).filter(Boolean),
    tasks: m.tasks.map((t, i) => ({ index: i + 1, unit: t.unit, task: t.task.trim(), due: t.due })),
  };
}
