/** The xinfang CLI (`bin/xinfang`): parse the command line, run the command, report errors in Chinese. */
import { reportError } from './cli/cli-context.ts';
import { createProgram } from './cli/program.ts';

createProgram().parseAsync(process.argv).catch(reportError);
