import type { Command } from 'commander';

/** Further CLI command groups (reports, import, backup …) register here. */
export const extraCliModules: ((program: Command) => void)[] = [];
