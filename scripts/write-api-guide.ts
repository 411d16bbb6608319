// Writes the client developer's guide (server/http/api-guide.ts) into the README between its markers.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { guideMarkdown } from '../server/http/api-guide.ts';

export const README = fileURLToPath(new URL('../README.md', import.meta.url));
export const START = '<!-- api-guide:start (npm run docs:api writes this part from server/http/api-guide.ts) -->';
export const END = '<!-- api-guide:end -->';

/** The README with its API section replaced by the current guide. */
export function withGuide(readme: string): string {
  const a = readme.indexOf(START);
  const b = readme.indexOf(END);
  if (a < 0 || b < a) throw new Error(`README.md lacks the markers ${START} … ${END}`);
  return `${readme.slice(0, a + START.length)}\n${guideMarkdown()}\n${readme.slice(b)}`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(README, withGuide(readFileSync(README, 'utf8')));
  process.stdout.write('README.md: API section written\n');
}
