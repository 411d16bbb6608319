/**
 * Run-wide preparation for the browser walks, started by scripts/test.mjs:
 * - `build`: builds the web workbench when it is missing or older than its sources (once per run, not per file);
 * - `browser`: launches one Chromium for every browser file, prints its endpoint on the first line of stdout and
 *   keeps it until this process is told to stop (SIGTERM or stdin closed). Each file connects (harness.ts,
 *   XINFANG_TEST_BROWSER_WS), opens its own contexts and closes them.
 */
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS, ensureWebBuild } from './harness.ts';

const what = process.argv[2];
if (what === 'build') ensureWebBuild();
else if (what === 'browser') {
  const server = await chromium.launchServer({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  console.log(server.wsEndpoint());
  const stop = () => {
    server.close().finally(() => process.exit(0));
  };
  process.stdin.on('end', stop);
  process.stdin.resume();
  process.on('SIGTERM', stop);
} else throw new Error('usage: prepare.ts build|browser');
