import { loadConfig } from './config.ts';
import { startServer } from './serve.ts';

// Composition root of `npm start`: configuration from the environment, then the server.
startServer(loadConfig()).catch((err: unknown) => {
  process.stderr.write(`启动失败：${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
