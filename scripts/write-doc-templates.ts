// Writes the shipped default document templates to server/documents/templates/ (reproducible: fixed timestamps).
// Run after changing server/documents/default-templates.ts: node --import tsx scripts/write-doc-templates.ts
import { mkdirSync, writeFileSync } from 'node:fs';
import { DOC_KINDS } from '../contract/documents.ts';
import { defaultTemplate } from '../server/documents/default-templates.ts';

const dir = new URL('../server/documents/templates/', import.meta.url);
mkdirSync(dir, { recursive: true });
for (const kind of DOC_KINDS) {
  const buf = await defaultTemplate(kind);
  writeFileSync(new URL(`${kind}.docx`, dir), buf);
  console.log(`${kind}.docx ${buf.length} B`);
}
