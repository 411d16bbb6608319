import { z } from 'zod';
import { RatingFact } from './common.ts';
import {
  ALL_ROUTE_KINDS,
  CHANNELS,
  DECISION_SOURCES,
  DELIVERY_MODES,
  FLAGS,
  HANDLING_CLASSES,
  LEGAL_CHANNELS,
  LEVELS,
  OPINION_OUTCOMES,
  PURPOSES,
  RETURN_VISIT_METHODS,
  REVIEW_OUTCOMES,
  SATISFACTION,
  STATUSES,
  STEPS,
  WARNING_LEVELS,
} from '../enums.ts';
import { DOC_KINDS } from '../documents.ts';
import { ComputedDeadline } from './admin.ts';

export const DemandAnswer = z
  .object({ demandIndex: z.number(), outcome: z.enum(OPINION_OUTCOMES), explanation: z.string() })
  .meta({ id: 'DemandAnswer' });
export type DemandAnswer = z.infer<typeof DemandAnswer>;

export const LinkedItem = z
  .object({
    id: z.string(),
    number: z.string(),
    title: z.string(),
    registeredOn: z.string(),
    similarity: z.number(),
    reason: z.string(),
    kind: z.enum(['repeat', 'duplicate']),
  })
  .meta({ id: 'LinkedItem' });
export type LinkedItem = z.infer<typeof LinkedItem>;

export const LetterFact = z
  .object({ number: z.string(), sentOn: z.string(), receivedOn: z.string().nullable() })
  .meta({ id: 'LetterFact' });
export type LetterFact = z.infer<typeof LetterFact>;

export const RouteFact = z
  .object({
    kind: z.enum(ALL_ROUTE_KINDS),
    on: z.string(),
    unitId: z.string().nullable(),
    assistUnitIds: z.array(z.string()),
    note: z.string(),
    redactIdentity: z.boolean().optional(),
    delivery: z.enum(DELIVERY_MODES).optional(),
    letter: LetterFact.nullable().optional(),
    assistDueOn: z.string().nullable().optional(),
  })
  .meta({ id: 'RouteFact' });
export type RouteFact = z.infer<typeof RouteFact>;

export const ActorRef = z
  .object({ userId: z.string(), name: z.string(), unitId: z.string().nullable() })
  .meta({ id: 'ActorRef' });
export type ActorRef = z.infer<typeof ActorRef>;

export const ReceiptFact = z
  .object({ on: z.string(), by: ActorRef.nullable(), implied: z.boolean() })
  .meta({ id: 'ReceiptFact' });
export type ReceiptFact = z.infer<typeof ReceiptFact>;

export const AssistFact = z
  .object({
    unitId: z.string(),
    opinion: z.object({ on: z.string(), text: z.string(), by: ActorRef.nullable() }).nullable(),
    waiver: z.object({ on: z.string(), reason: z.string(), by: ActorRef.nullable() }).nullable(),
  })
  .meta({ id: 'AssistFact' });
export type AssistFact = z.infer<typeof AssistFact>;

export const ObjectionFact = z
  .object({
    unitId: z.string(),
    on: z.string(),
    reason: z.string(),
    route: RouteFact.nullable().optional(),
    receipt: ReceiptFact.nullable().optional(),
    assists: z.array(AssistFact).optional(),
    decidedOn: z.string().nullable().optional(),
    decision: z.enum(['rerouted', 'same_unit', 'other']).nullable().optional(),
    legacy: z.boolean().optional(),
  })
  .meta({ id: 'ObjectionFact' });
export type ObjectionFact = z.infer<typeof ObjectionFact>;

export const CompletionReport = z
  .object({
    submittedOn: z.string(),
    text: z.string(),
    attachmentIds: z.array(z.string()),
    by: ActorRef.nullable(),
    reviews: z.array(
      z.object({
        on: z.string(),
        outcome: z.enum(['approved', 'returned']),
        note: z.string(),
        by: ActorRef.nullable(),
      }),
    ),
  })
  .meta({ id: 'CompletionReport' });
export type CompletionReport = z.infer<typeof CompletionReport>;

export const LegalRouteFact = z
  .object({
    on: z.string(),
    channel: z.enum(LEGAL_CHANNELS),
    organ: z.string(),
    noticeText: z.string(),
    noticeOn: z.string(),
    by: ActorRef.nullable(),
  })
  .meta({ id: 'LegalRouteFact' });
export type LegalRouteFact = z.infer<typeof LegalRouteFact>;

export const ExtensionFact = z
  .object({
    requestedOn: z.string(),
    days: z.number(),
    reason: z.string(),
    status: z.enum(['pending', 'approved', 'rejected']),
    decidedOn: z.string().nullable(),
    decisionNote: z.string().nullable(),
    notifiedOn: z.string().nullable(),
    noticeReason: z.string().nullable().optional(),
  })
  .meta({ id: 'ExtensionFact' });
export type ExtensionFact = z.infer<typeof ExtensionFact>;

export const OpinionFact = z
  .object({ issuedOn: z.string(), facts: z.string(), basis: z.string(), answers: z.array(DemandAnswer) })
  .meta({ id: 'OpinionFact' });
export type OpinionFact = z.infer<typeof OpinionFact>;

export const ReturnVisitFact = z
  .object({
    method: z.enum(RETURN_VISIT_METHODS),
    on: z.string(),
    by: ActorRef,
    outcome: z.string(),
    satisfaction: z.enum(SATISFACTION),
  })
  .meta({ id: 'ReturnVisitFact' });
export type ReturnVisitFact = z.infer<typeof ReturnVisitFact>;

export const ReviewRequestFact = z
  .object({
    requestedOn: z.string(),
    status: z.enum(['refused', 'accepted']),
    refusal: z.unknown().nullable(),
    applicant: z.unknown().nullable().optional(),
    grounds: z.unknown().nullable().optional(),
    via: z.enum(['来信', '来访', '网上']).nullable().optional(),
  })
  .meta({ id: 'ReviewRequestFact' });
export type ReviewRequestFact = z.infer<typeof ReviewRequestFact>;

export const Pause = z.object({ from: z.string(), to: z.string(), reason: z.string() }).meta({ id: 'Pause' });
export type Pause = z.infer<typeof Pause>;

export const OrganRef = z.object({ unitId: z.unknown().nullable(), name: z.string() }).meta({ id: 'OrganRef' });
export type OrganRef = z.infer<typeof OrganRef>;

export const DecisionDocument = z
  .object({ number: z.string(), receivedOn: z.string(), attachmentId: z.unknown().nullable() })
  .meta({ id: 'DecisionDocument' });
export type DecisionDocument = z.infer<typeof DecisionDocument>;

export const ReviewFact = z
  .object({
    requests: z.array(ReviewRequestFact),
    acceptedOn: z.string().nullable(),
    outcome: z.enum(REVIEW_OUTCOMES).nullable(),
    opinion: z.string().nullable(),
    decidedOn: z.string().nullable(),
    servedOn: z.string().nullable(),
    hearings: z.array(Pause),
    organ: OrganRef.nullable().optional(),
    decidedBy: ActorRef.nullable().optional(),
    source: z.enum(DECISION_SOURCES).nullable().optional(),
    document: DecisionDocument.nullable().optional(),
  })
  .meta({ id: 'ReviewFact' });
export type ReviewFact = z.infer<typeof ReviewFact>;

export const ReplacedHandling = z
  .object({
    opinion: OpinionFact.nullable(),
    servedOn: z.string().nullable(),
    concludedOn: z.string().nullable(),
    rating: RatingFact.nullable(),
    report: CompletionReport.nullable(),
    review: ReviewFact.nullable(),
    rereview: ReviewFact.nullable(),
  })
  .meta({ id: 'ReplacedHandling' });
export type ReplacedHandling = z.infer<typeof ReplacedHandling>;

export const SendBackFact = z
  .object({
    on: z.string(),
    reason: z.string(),
    kind: z.enum(['review', 'bureau']).optional(),
    internalDueOn: z.string().nullable().optional(),
    internalReason: z.string().nullable().optional(),
    redoneOn: z.string().nullable().optional(),
    replaced: ReplacedHandling.nullable().optional(),
  })
  .meta({ id: 'SendBackFact' });
export type SendBackFact = z.infer<typeof SendBackFact>;

export const ItemFacts = z
  .object({
    factsVersion: z.literal(2),
    route: RouteFact.nullable(),
    routedOn: z.string().nullable(),
    objections: z.array(ObjectionFact),
    unitReceivedOn: z.string().nullable(),
    receipt: ReceiptFact.nullable(),
    assists: z.array(AssistFact),
    report: CompletionReport.nullable(),
    legal: LegalRouteFact.nullable(),
    acceptedOn: z.string().nullable(),
    declined: z.object({ kind: z.enum(['不予受理', '不再受理']), on: z.string(), reason: z.string() }).nullable(),
    extension: ExtensionFact.nullable(),
    opinion: OpinionFact.nullable(),
    servedOn: z.string().nullable(),
    rating: RatingFact.nullable(),
    returnVisits: z.array(ReturnVisitFact).optional(),
    concludedOn: z.string().nullable(),
    closedOn: z.string().nullable(),
    sendBacks: z.array(SendBackFact),
    review: ReviewFact.nullable(),
    rereview: ReviewFact.nullable(),
  })
  .meta({ id: 'ItemFacts' });
export type ItemFacts = z.infer<typeof ItemFacts>;

/** A deadline of the item as the detail shows it: the computed date, who owes it, its warning. */
export const ItemDeadline = ComputedDeadline.extend({
  kind: z.enum(['duty', 'window']),
  name: z.string(),
  party: z.enum(['reviewer', 'bureau', 'unit', 'assist_unit', 'petitioner']),
  tier: z.enum(['statutory', 'procedural', 'internal']),
  metOn: z.string().nullable(),
  warning: z.object({ level: z.enum(WARNING_LEVELS), elapsedShare: z.number(), daysLeft: z.number() }).nullable(),
  open: z.boolean().nullable(),
}).meta({ id: 'ItemDeadline' });
export type ItemDeadline = z.infer<typeof ItemDeadline>;

export const ReceiptStatus = z
  .object({
    deliveredOn: z.string(),
    due: z.string(),
    signedOn: z.string().nullable(),
    signedBy: z.string().nullable(),
    implied: z.boolean(),
    late: z.boolean(),
    daysLate: z.number(),
  })
  .meta({ id: 'ReceiptStatus' });
export type ReceiptStatus = z.infer<typeof ReceiptStatus>;

export const AssistRecord = z
  .object({
    unitId: z.string(),
    unitName: z.string(),
    state: z.enum(['owed', 'given', 'waived']),
    due: z.string().nullable(),
    late: z.boolean(),
    on: z.string().nullable(),
    by: z.string().nullable(),
    text: z.string().nullable(),
  })
  .meta({ id: 'AssistRecord' });
export type AssistRecord = z.infer<typeof AssistRecord>;

export const HandlingRecord = z
  .object({
    receipt: ReceiptStatus.nullable(),
    assists: z.array(AssistRecord),
    legal: z
      .object({
        channel: z.enum(LEGAL_CHANNELS),
        organ: z.string(),
        on: z.string(),
        noticeOn: z.string(),
        noticeText: z.string(),
        by: z.string().nullable(),
      })
      .nullable(),
    report: z
      .object({
        submittedOn: z.string(),
        text: z.string(),
        by: z.string().nullable(),
        attachments: z.number(),
        reviews: z.array(
          z.object({
            on: z.string(),
            outcome: z.enum(['approved', 'returned']),
            note: z.string(),
            by: z.string().nullable(),
          }),
        ),
      })
      .nullable(),
  })
  .meta({ id: 'HandlingRecord' });
export type HandlingRecord = z.infer<typeof HandlingRecord>;

export const BlockedStep = z
  .object({ step: z.enum(STEPS), label: z.string(), reason: z.string() })
  .meta({ id: 'BlockedStep' });
export type BlockedStep = z.infer<typeof BlockedStep>;

/** 不予受理 / 不再受理 suggested at registration from an earlier item of the same person and matter. */
export const AdmissionAdvice = z
  .object({ kind: z.enum(['不予受理', '不再受理']), reason: z.string(), basis: z.string() })
  .meta({ id: 'AdmissionAdvice' });

export const RepeatCandidate = z
  .object({
    itemId: z.string(),
    number: z.string(),
    title: z.string(),
    registeredOn: z.string(),
    status: z.string(),
    similarity: z.number(),
    reason: z.string(),
    isRepeat: z.boolean(),
    admission: AdmissionAdvice.nullable(),
  })
  .meta({ id: 'RepeatCandidate' });
export type RepeatCandidate = z.infer<typeof RepeatCandidate>;

/** 事项详情: an item as the viewer may see it, with its deadlines, the steps it allows and the abilities. */
export const ItemView = z
  .object({
    id: z.string(),
    number: z.string(),
    version: z.number(),
    status: z.enum(STATUSES),
    statusLabel: z.string(),
    channel: z.enum(CHANNELS),
    level: z.enum(LEVELS),
    receivedOn: z.string(),
    registeredOn: z.string(),
    petitioners: z.array(
      z.object({
        hidden: z.boolean(),
        name: z.string(),
        idNumber: z.string().nullable(),
        idVerified: z.boolean(),
        phone: z.string().nullable(),
        address: z.string().nullable(),
      }),
    ),
    identityUnmasked: z.boolean(),
    organisation: z.string().nullable(),
    headCount: z.number(),
    representatives: z.array(z.string()),
    title: z.string(),
    content: z.string(),
    demands: z.array(z.object({ index: z.number(), text: z.string(), answer: DemandAnswer.nullable() })),
    classCode: z.string().nullable(),
    classPath: z.string().nullable(),
    purpose: z.enum(PURPOSES),
    handlingClass: z.enum(HANDLING_CLASSES),
    flags: z.array(z.enum(FLAGS)),
    place: z.string().nullable(),
    leadUnit: z.object({ id: z.string(), name: z.string(), insideDistrict: z.boolean() }).nullable(),
    assistUnits: z.array(z.object({ id: z.string(), name: z.string() })),
    /** The lead unit's named 经办人 (null until its head names one). */
    handler: z
      .object({
        userId: z.string(),
        name: z.string(),
        since: z.string(),
        byName: z.string(),
        reason: z.string().nullable(),
      })
      .nullable(),
    accused: z
      .object({ name: z.string(), unitId: z.string().nullable(), outsideDistrict: z.boolean(), note: z.string() })
      .nullable(),
    isRepeat: z.boolean(),
    earlier: z.array(LinkedItem),
    later: z.array(LinkedItem),
    facts: ItemFacts,
    ratingSource: z.string().nullable(),
    deadlines: z.array(ItemDeadline),
    record: HandlingRecord,
    steps: z.array(z.enum(STEPS)),
    blockedSteps: z.array(BlockedStep),
    documents: z.array(z.object({ kind: z.enum(DOC_KINDS), name: z.string() })),
    /** What the viewer may do (register, correct, unmask …): buttons follow these. */
    abilities: z.record(z.string(), z.boolean()),
    warnings: z.array(z.string()),
    today: z.string(),
  })
  .meta({ id: 'ItemView' });
export type ItemView = z.infer<typeof ItemView>;

/** One row of 事项列表. */
export const ItemListRow = z
  .object({
    id: z.string(),
    number: z.string(),
    title: z.string(),
    status: z.string(),
    statusLabel: z.string(),
    channel: z.string(),
    level: z.string(),
    receivedOn: z.string(),
    registeredOn: z.string(),
    classPath: z.string().nullable(),
    flags: z.array(z.string()),
    isRepeat: z.boolean(),
    dueOn: z.string().nullable(),
    dueRule: z.string().nullable(),
    warning: z.enum(WARNING_LEVELS).nullable(),
    headCount: z.number(),
    place: z.string().nullable(),
    leadUnit: z.object({ id: z.string(), name: z.string().nullable() }).nullable(),
    /** The lead unit's named 经办人. */
    handler: z.object({ userId: z.string(), name: z.string().nullable() }).nullable(),
    version: z.number(),
  })
  .meta({ id: 'ItemListRow' });
export type ItemListRow = z.infer<typeof ItemListRow>;

export const ItemList = z
  .object({
    /** Exact when `totalCapped` is false; otherwise a lower bound (counting stops at LIMITS.listCount). */
    total: z.number(),
    totalCapped: z.boolean(),
    pageSize: z.number(),
    today: z.string(),
    /** Cursors of the neighbouring pages, null at either end. */
    nextCursor: z.string().nullable(),
    prevCursor: z.string().nullable(),
    /** For a 1–2 character search: only the newest this many items were searched (else null). */
    searchWindow: z.number().nullable(),
    items: z.array(ItemListRow),
  })
  .meta({ id: 'ItemList' });
export type ItemList = z.infer<typeof ItemList>;

export const PostItemsResponse = z.object({
  item: ItemView,
  queryCode: z.string().nullable(),
  repeatCandidates: z.array(RepeatCandidate),
  replayed: z.boolean(),
});
export type PostItemsResponse = z.infer<typeof PostItemsResponse>;

export const ItemsRepeatCheckResponse = z.object({ candidates: z.array(RepeatCandidate) });
export type ItemsRepeatCheckResponse = z.infer<typeof ItemsRepeatCheckResponse>;

export const ItemsTimelineResponse = z.object({
  events: z.array(
    z.object({
      seq: z.number(),
      at: z.string(),
      on: z.string().nullable(),
      step: z.string(),
      actor: z.string().nullable(),
      actorRole: z.string().nullable(),
      summary: z.string(),
      data: z.unknown(),
    }),
  ),
});
export type ItemsTimelineResponse = z.infer<typeof ItemsTimelineResponse>;

/** The step's outcome; `item` is null when the actor may no longer see the item (e.g. after routing it away). */
export const PostItemsStepsResponse = z.object({
  item: ItemView.nullable(),
  summary: z.string(),
  refused: z.boolean(),
  warnings: z.array(z.string()),
});
export type PostItemsStepsResponse = z.infer<typeof PostItemsStepsResponse>;

export const PostItemsCorrectResponse = z.object({ item: ItemView, summary: z.string() });
export type PostItemsCorrectResponse = z.infer<typeof PostItemsCorrectResponse>;

export const PostItemsHandlerResponse = z.object({ item: ItemView, summary: z.string() });
export type PostItemsHandlerResponse = z.infer<typeof PostItemsHandlerResponse>;

/** One item of 我的待办, with what it waits for and from whom. */
export const WorkbenchRow = z
  .object({
    id: z.string(),
    number: z.string(),
    title: z.string(),
    status: z.enum(STATUSES),
    statusLabel: z.string(),
    channel: z.string(),
    registeredOn: z.string(),
    dueOn: z.string().nullable(),
    dueRule: z.string().nullable(),
    daysLeft: z.number().nullable(),
    warning: z.enum([...WARNING_LEVELS, 'none']),
    unit: z.string().nullable(),
    version: z.number(),
    waiting: z.array(z.object({ kind: z.string(), label: z.string(), detail: z.string().optional() })),
    assisting: z.boolean(),
    /** The lead unit's named 经办人 (null while nobody is named, and on rows the unit assists on). */
    handler: z.string().nullable(),
  })
  .meta({ id: 'WorkbenchRow' });
export type WorkbenchRow = z.infer<typeof WorkbenchRow>;

export const WorkbenchResponse = z.object({
  today: z.string(),
  counts: z.object({
    overdue: z.number(),
    severe: z.number(),
    warning: z.number(),
    notice: z.number(),
    normal: z.number(),
    review: z.number(),
    none: z.number(),
  }),
  groups: z.array(
    z.object({
      level: z.enum(['normal', 'review', 'notice', 'warning', 'severe', 'overdue', 'none']),
      items: z.array(WorkbenchRow),
    }),
  ),
  total: z.number(),
});
export type WorkbenchResponse = z.infer<typeof WorkbenchResponse>;

export const ItemsAttachmentsResponse = z.object({
  attachments: z.array(
    z.object({ id: z.string(), name: z.string(), at: z.string(), size: z.number(), mime: z.string() }),
  ),
});
export type ItemsAttachmentsResponse = z.infer<typeof ItemsAttachmentsResponse>;

/** An attachment as stored (its content is fetched from /api/v1/attachments/{id}). */
export const AttachmentResponse = z.object({
  id: z.string(),
  name: z.string(),
  size: z.number(),
  mime: z.string(),
  hash: z.string(),
});
export type AttachmentResponse = z.infer<typeof AttachmentResponse>;
