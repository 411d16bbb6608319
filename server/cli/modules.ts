import type { Command } from 'commander';
import { registerAuditCommands } from './audit.command.ts';
import { registerImportCommands } from './import.command.ts';
import { registerReportCommands } from './report.command.ts';
import { registerRetrainCommand } from './retrain.command.ts';
import { registerScorecardCommands } from './scorecard.command.ts';
import { registerSupervisionCommands } from './supervision.command.ts';

/** Further CLI command groups (reports, import, backup …) register here. */
export const extraCliModules: ((program: Command) => void)[] = [
  registerReportCommands,
  registerImportCommands,
  registerAuditCommands,
  registerRetrainCommand,
  registerScorecardCommands,
  registerSupervisionCommands,
];
