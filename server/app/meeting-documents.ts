import { DOC_KIND_LABELS } from '../../contract/documents.ts';
import { docNumberCounter, formatDocNumber } from '../documents/item-doc-builders.ts';
import {
  buildMeetingMinutes,
  buildMeetingNotice,
  meetingTopicOf,
  type MeetingDocContext,
} from '../documents/meeting-doc-builders.ts';
import type { DocModel, MeetingInput } from '../documents/doc-model.ts';
import { AppError } from '../domain/errors.ts';
import { JOINT_OFFICE } from '../domain/meeting-documents.ts';
import { canOpenItem, identityAccessOf } from '../domain/visibility.policy.ts';
import { nextCounter } from '../store/counter.store.ts';
import { getDocNumber, recordDocNumber } from '../store/doc-template.store.ts';
import { loadItem } from '../store/item.store.ts';
import { listUnits } from '../store/reference.store.ts';
import { auditAction } from './audit-action.ts';
import { todayOf, type AppDeps, type UseCaseCtx } from './context.ts';
import { loadOrganSettings, renderWithActiveTemplate } from './doc-templates.ts';
import { viewMeeting } from './meetings.ts';
import { accessFactsOfItem, caseAccessOf, viewerOf } from './visibility.ts';

/**
 * The 会议通知 and the 会议纪要 of a 联席会议, written through the template engine (公文 layout) from the meeting
 * as the reader may see it: only the agenda items and 积案 they may see, each petitioner named in full only for
 * a reader who may see that identity (masked otherwise), and a unit's copy of the 纪要 lists its own tasks. The
 * notice's 发文字号 is allocated once (kept in `doc_numbers` under the meeting's id); the 纪要 carries its issue
 * number. Every generation is audited.
 */

export type MeetingDocKind = 'notice' | 'minutes';

export async function meetingDocument(
  deps: AppDeps,
  ctx: UseCaseCtx,
  id: string,
  kind: MeetingDocKind,
): Promise<{ name: string; content: Buffer }> {
  const v = await viewMeeting(deps, ctx, id);
  const m = v.meeting;
  if (kind === 'minutes' && (!m.minutes || !m.minutesNumber))
    throw new AppError('STEP_NOT_ALLOWED', '会议尚未录入纪要，不能生成会议纪要');
  if (kind === 'notice' && m.status === 'cancelled') throw new AppError('STEP_NOT_ALLOWED', '会议已取消，不再发通知');
  const viewer = viewerOf(deps, ctx.actor);
  const unitNames = new Map((await listUnits(deps.db)).map((u) => [u.id, u.name] as const));
  const unit = (u: string) => unitNames.get(u) ?? u;
  let masked = false;
  const topics: MeetingInput['topics'] = [];
  for (const a of m.agenda) {
    const before = topics.length;
    for (const c of a.caseIds) {
      const x = v.cases.get(c);
      if (x) topics.push({ itemNumber: x.number, title: `${a.title}（${x.title}）`, petitioner: '见积案卷宗' });
    }
    for (const itemId of a.itemIds) {
      const item = await loadItem(deps.db, itemId, deps.codec);
      if (!item) continue;
      const facts = accessFactsOfItem(deps, item);
      if (!canOpenItem(viewer, facts)) continue;
      const full = identityAccessOf(viewer, facts, await caseAccessOf(deps.db, ctx.actor, item)) === 'full';
      masked ||= !full;
      topics.push(meetingTopicOf(item, full ? 'full' : 'masked'));
    }
    if (topics.length === before) topics.push({ itemNumber: `议题${a.ord}`, title: a.title, petitioner: '—' });
  }
  const organs = await loadOrganSettings(deps.db);
  const issuer = { ...organs.bureau, name: JOINT_OFFICE, numberPrefix: `${organs.bureau.numberPrefix}联` };
  const members = m.memberUnitIds.map(unit);
  const addressee = members.length > 6 ? '各成员单位' : members.join('、');
  return deps.db.transaction().execute(async (trx) => {
    let model: DocModel;
    if (kind === 'notice') {
      let num = await getDocNumber(trx, m.id, 'meeting_notice');
      if (!num) {
        const issuedOn = todayOf(deps.clock());
        const year = Number(issuedOn.slice(0, 4));
        const seq = await nextCounter(trx, docNumberCounter(issuer.numberPrefix, year));
        num = { docNumber: formatDocNumber(issuer.numberPrefix, year, seq), issuedOn };
        await recordDocNumber(trx, { itemId: m.id, kind: 'meeting_notice', ...num });
      }
      const c: MeetingDocContext = { date: num.issuedOn, docNumber: num.docNumber, issuer, addressee };
      model = buildMeetingNotice(c, {
        name: `${m.title}（${m.kind}）`,
        on: m.date,
        time: m.time,
        place: m.place,
        attendees: members,
        topics,
        requirements: m.requirements.length
          ? m.requirements.join('；')
          : '请各成员单位分管负责同志准时参会，涉及议题的单位提前梳理有关情况，会上作简要汇报',
        contact: [JOINT_OFFICE, organs.bureau.phone].filter(Boolean).join('，'),
      });
    } else {
      const c: MeetingDocContext = {
        date: m.minutes!.on,
        docNumber: m.minutesNumber!,
        issuer,
        addressee: [...new Set([...members, ...v.tasks.map((t) => unit(t.ownerUnitId))])].join('、'),
      };
      model = buildMeetingMinutes(c, {
        name: m.title,
        on: m.date,
        place: m.place,
        chair: m.convenor.name,
        attendees: members,
        topics,
        // The template holds the summary in one paragraph: its own paragraphs run on as sentences.
        summary: m
          .minutes!.text.split(/\n\s*\n/)
          .map((p) => p.replace(/\s+/g, ' ').trim())
          .filter(Boolean)
          .join(''),
        decisions: m.decisions.map((d) => d.text),
        tasks: v.tasks.map((t) => ({ unit: unit(t.ownerUnitId), task: t.text, due: t.dueOn })),
      });
    }
    const r = await renderWithActiveTemplate(trx, model);
    await auditAction(deps, ctx, trx, 'meeting.document', null, { id: m.id, kind, masked });
    const label = DOC_KIND_LABELS[kind === 'notice' ? 'meeting_notice' : 'meeting_minutes'];
    return { name: `${label}-${m.title}.docx`, content: r.content };
  });
}
