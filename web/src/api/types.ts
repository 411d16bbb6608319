/**
 * Names the screens use for the API's answers. Every shape comes from web/src/api/schema.gen.ts (generated from
 * the response schemas in contract/responses), so nothing here restates a field.
 */
import type { Dto, Ok } from './typed.ts';

export type Me = Dto<'CurrentUser'>;
export type Unit = Dto<'UnitRow'>;
export type TaxNode = Dto<'TaxonomyRow'>;

export type Workbench = Ok<'/api/v1/workbench', 'get'>;
export type WorkbenchRow = Dto<'WorkbenchRow'>;
export type WorkbenchGroup = Workbench['groups'][number]['level'];

export type ItemList = Dto<'ItemList'>;
export type ListRow = Dto<'ItemListRow'>;

export type ItemView = Dto<'ItemView'>;
export type ItemDeadlineView = Dto<'ItemDeadline'>;
export type LinkedItem = Dto<'LinkedItem'>;
export type HandlingRecordView = Dto<'HandlingRecord'>;
export type TimelineEvent = Ok<'/api/v1/items/{id}/timeline', 'get'>['events'][number];
export type LinkChangeView = Ok<'/api/v1/items/{id}/link-history', 'get'>['changes'][number];
export type RepeatCandidate = Dto<'RepeatCandidate'>;

/** POST /api/v1/text/suggest: advice while registering; nothing is applied without the registrar's click. */
export type Suggestions = Ok<'/api/v1/text/suggest', 'post'>;
export type SuggestClass = Suggestions['classes'][number];
export type ClassAdvice = Suggestions['classAdvice'];
export type SuggestUnit = Suggestions['units'][number];
export type SimilarMatter = Suggestions['sameMatter'][number];

export type Hotspots = Ok<'/api/v1/text/hotspots', 'get'>;
export type HotspotCluster = Hotspots['clusters'][number];

export type AuditPage = Ok<'/api/v1/audit', 'get'>;
export type AuditEvent = AuditPage['events'][number];
export type AuditVerification = Ok<'/api/v1/audit/verify', 'get'>;

export type Grant = Dto<'GrantView'>;
