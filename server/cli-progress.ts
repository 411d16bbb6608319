import cliProgress from 'cli-progress';

/**
 * A progress bar on stderr (stdout stays clean for JSON); silent when stderr is not a terminal except for coarse lines.
 */
export function progressBar(label: string) {
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      { format: `${label} [{bar}] {percentage}% | {value}/{total}`, stream: process.stderr, hideCursor: true },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      update(done: number, total: number) {
        if (!started) {
          bar.start(total, 0);
          started = true;
        }
        bar.setTotal(total);
        bar.update(done);
      },
      stop() {
        if (started) bar.stop();
      },
    };
  }
  let lastPct = -10;
  return {
    update(done: number, total: number) {
      const pct = total ? Math.floor((done / total) * 100) : 100;
      if (pct >= lastPct + 10) {
        lastPct = pct;
        process.stderr.write(`${label}：${pct}%（${done}/${total}）\n`);
      }
    },
    stop() {},
  };
}
