import { z } from 'zod';
import { DOC_KINDS } from '../documents.ts';
import { FileForm, OkBody } from './common.ts';

const FINDING_RULES = ['iso_date', 'calculation', 'doubled_punctuation', 'placeholder_left', 'missing_value'] as const;

/** One uploaded version of a 文书模板. */
export const TemplateVersion = z
  .object({
    id: z.string(),
    kind: z.enum(DOC_KINDS),
    version: z.number(),
    fileName: z.string(),
    size: z.number(),
    sha256: z.string(),
    note: z.string(),
    uploadedBy: z.string().nullable(),
    uploadedAt: z.string(),
    active: z.boolean(),
  })
  .meta({ id: 'TemplateVersion' });
export type TemplateVersion = z.infer<typeof TemplateVersion>;

/** What a template's text shows that a reader would take for a mistake (a date left as 2026-01-01, 。。 …). */
export const TemplateFinding = z
  .object({ rule: z.enum(FINDING_RULES), excerpt: z.string(), message: z.string() })
  .meta({ id: 'TemplateFinding' });
export type TemplateFinding = z.infer<typeof TemplateFinding>;

/** One placeholder of a kind, as the help beside the download lists it (contract/documents.ts PlaceholderInfo). */
export const TemplatePlaceholder = z
  .object({
    name: z.string(),
    label: z.string(),
    required: z.boolean(),
    /** The fields of a repeated section (nested placeholders of the same shape). */
    get fields() {
      return z.array(TemplatePlaceholder).optional();
    },
    condition: z.boolean().optional(),
  })
  .meta({ id: 'TemplatePlaceholder' });
export type TemplatePlaceholder = z.infer<typeof TemplatePlaceholder>;

export const DocTemplateKind = z
  .object({
    kind: z.enum(DOC_KINDS),
    label: z.string(),
    placeholders: z.array(TemplatePlaceholder),
    activeVersion: z.number().nullable(),
    versions: z.array(TemplateVersion),
  })
  .meta({ id: 'DocTemplateKind' });
export type DocTemplateKind = z.infer<typeof DocTemplateKind>;

export const DocTemplatesResponse = z.object({ kinds: z.array(DocTemplateKind) });
export type DocTemplatesResponse = z.infer<typeof DocTemplatesResponse>;

export const UploadDocTemplateResponse = z.object({ version: TemplateVersion, findings: z.array(TemplateFinding) });
export type UploadDocTemplateResponse = z.infer<typeof UploadDocTemplateResponse>;

export const ActivateDocTemplateResponse = OkBody;

export const PreviewDocTemplateResponse = z.object({
  paragraphs: z.array(z.string()),
  findings: z.array(TemplateFinding),
});
export type PreviewDocTemplateResponse = z.infer<typeof PreviewDocTemplateResponse>;

/** The multipart body of a template upload: the file (field `file`), a note and whether to put it in use. */
export const TemplateForm = FileForm.extend({
  note: z.string().optional(),
  activate: z.enum(['true', 'false']).optional(),
});
