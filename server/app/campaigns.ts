import type { CampaignBody } from '../../contract/campaign.ts';
import { BUREAU_ROLES } from '../../contract/enums.ts';
import { campaignBoard, TARGET_FORMULAS, type Campaign } from '../domain/campaign-board.ts';
import { campaignSectionTable, campaignSectionText, SECTION_TITLE } from '../domain/campaign-text.ts';
import { AppError } from '../domain/errors.ts';
import { yearEarlier } from '../domain/report-rules.ts';
import { seesAllItems } from '../domain/item.policy.ts';
import { boardCaseRows, boardItemRows } from '../store/campaign-rows.store.ts';
import { insertCampaign, listCampaigns, loadCampaign } from '../store/campaign.store.ts';
import { listUnits } from '../store/reference.store.ts';
import { campaignSectionDocx } from '../exports/campaign-docx.ts';
import { campaignSectionXlsx } from '../exports/campaign-xlsx.ts';
import { auditAction } from './audit-action.ts';
import { todayOf, type AppDeps, type UseCaseCtx } from './context.ts';

/**
 * Campaigns (攻坚行动): the bureau sets name, period and targets; the board is computed on request from the item
 * rows by the situation report's rules. The board counts every item of the district, so only those who see every
 * item (the bureau and leaders) read it — the ids behind its numbers never reach a unit.
 */

function requireBoard(ctx: UseCaseCtx): void {
  if (!seesAllItems(ctx.actor.role)) throw new AppError('FORBIDDEN', '只有信访部门和领导可以查看攻坚行动');
}

export async function campaigns(deps: AppDeps, ctx: UseCaseCtx) {
  requireBoard(ctx);
  return listCampaigns(deps.db);
}

export async function createCampaign(deps: AppDeps, ctx: UseCaseCtx, body: CampaignBody) {
  if (!BUREAU_ROLES.includes(ctx.actor.role)) throw new AppError('FORBIDDEN', '只有信访局可以设立攻坚行动');
  if (body.to < body.from) throw new AppError('DATE_ORDER', `结束日期 ${body.to} 早于开始日期 ${body.from}`);
  const c = {
    id: deps.newId(),
    version: 1,
    name: body.name.trim(),
    from: body.from,
    to: body.to,
    targets: body.targets,
    createdBy: ctx.actor.userId,
  };
  await deps.db.transaction().execute(async (trx) => {
    await insertCampaign(trx, c, deps.clock().toISOString());
    await auditAction(deps, ctx, trx, 'campaign.create', null, c);
  });
  return c;
}

/** The board of a campaign today, with the text and the table of its 攻坚行动进展 section. */
export async function campaignBoardOf(deps: AppDeps, ctx: UseCaseCtx, id: string) {
  requireBoard(ctx);
  const c = await loadCampaign(deps.db, id);
  if (!c) throw new AppError('NOT_FOUND', '该攻坚行动不存在');
  const campaign: Campaign = { id: c.id, name: c.name, from: c.from, to: c.to, targets: c.targets };
  const spans = [
    { from: c.from, to: c.to },
    { from: yearEarlier(c.from), to: yearEarlier(c.to) },
  ];
  const [items, cases, units] = await Promise.all([
    boardItemRows(deps.db, spans),
    boardCaseRows(deps.db),
    listUnits(deps.db),
  ]);
  const names = new Map(units.map((u) => [u.id, u.name]));
  const board = campaignBoard(campaign, items, cases, todayOf(deps.clock()), (u) => names.get(u) ?? u);
  // The numbers behind the drill-down ids, so the screen can name each item and 积案 it lists.
  const numbers: Record<string, string> = {};
  for (const r of [...items, ...cases]) numbers[r.id] = r.number;
  const used = new Set(
    [board.targets, ...board.byUnit.map((u) => u.targets)].flat().flatMap((t) => t.parts.flatMap((p) => p.ids)),
  );
  for (const w of board.weekly) for (const id of [...w.newItems.ids, ...w.sameWeekLastYear.ids]) used.add(id);
  for (const id of board.notAccepted.ids) used.add(id);
  return {
    board,
    numbers: Object.fromEntries(Object.entries(numbers).filter(([id]) => used.has(id))),
    section: { title: SECTION_TITLE, text: campaignSectionText(board), table: campaignSectionTable(board) },
  };
}

/** 攻坚行动进展 of one campaign as a Word section, with its Chinese name and an ASCII fallback. */
export async function campaignProgressFile(deps: AppDeps, ctx: UseCaseCtx, id: string) {
  const { board, section } = await campaignBoardOf(deps, ctx, id);
  const name = board.campaign.name;
  const content = await campaignSectionDocx(name, board.asOf, section);
  return { content, name: `${name}${section.title}_${board.asOf}.docx`, asciiName: `campaign_${board.asOf}.docx` };
}

/** 攻坚行动进展 of one campaign as an Excel workbook (section, weekly trend, split by unit, formulas). */
export async function campaignProgressWorkbook(deps: AppDeps, ctx: UseCaseCtx, id: string) {
  const { board, section } = await campaignBoardOf(deps, ctx, id);
  const content = await campaignSectionXlsx(board, section, TARGET_FORMULAS);
  const name = `${board.campaign.name}${section.title}_${board.asOf}.xlsx`;
  return { content, name, asciiName: `campaign_${board.asOf}.xlsx` };
}
