/**
 * commander speaking Chinese: help headings, the built-in help and version texts, and every usage error
 * (unknown option or command, missing argument, invalid value …). Usage errors exit with code 2, like input
 * errors of the commands themselves, and name the help to read.
 */
import { type Argument, Command, type ErrorOptions, Help, InvalidArgumentError, Option as BaseOption } from 'commander';

const TITLES: Readonly<Record<string, string>> = {
  'Usage:': '用法：',
  'Arguments:': '参数：',
  'Options:': '选项：',
  'Global Options:': '全局选项：',
  'Commands:': '命令：',
};

/** Exit code of a usage error (and of any input the user must correct). */
export const USAGE_EXIT = 2;

const WIDE = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u;

/** Columns a string takes in a terminal: Chinese characters and full-width punctuation take two. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s.replace(/\u001b\[[0-9;]*m/g, '')) w += WIDE.test(ch) ? 2 : 1;
  return w;
}

/** Edit distance (insert, delete, substitute, swap neighbours), for "did you mean". */
function distance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  return d[a.length]![b.length]!;
}

/** The closest candidates (at most 40 % of the word changed), as a Chinese hint, or ''. */
export function didYouMean(word: string, candidates: readonly string[]): string {
  const bare = word.replace(/^--?/, '');
  let best = Number.POSITIVE_INFINITY;
  let found: string[] = [];
  for (const c of new Set(candidates)) {
    const n = distance(bare, c.replace(/^--?/, ''));
    if (n > Math.max(1, Math.floor(bare.length * 0.4))) continue;
    if (n < best) [best, found] = [n, [c]];
    else if (n === best) found.push(c);
  }
  return found.length ? `（是否要输入 ${found.join('、')}？）` : '';
}

function listOf(values: readonly string[]): string {
  return values.join('、');
}

/** Help in Chinese: headings, 选项/命令 placeholders, choices and defaults, widths that count Chinese as two. */
export class ZhHelp extends Help {
  override styleTitle(title: string): string {
    return TITLES[title] ?? title;
  }
  override displayWidth(str: string): number {
    return displayWidth(str);
  }
  override formatHelp(cmd: Command, helper: Help): string {
    return super.formatHelp(cmd, helper).replace(/^用法： /, '用法：');
  }
  /** Chinese has no spaces to break at: leave such text whole and let the terminal wrap it. */
  override boxWrap(str: string, width: number): string {
    return WIDE.test(str) ? str : super.boxWrap(str, width);
  }
  override subcommandTerm(cmd: Command): string {
    return super.subcommandTerm(cmd).replace(' [options]', ' [选项]');
  }
  override optionDescription(option: BaseOption): string {
    const extra: string[] = [];
    if (option.argChoices) extra.push(`可选：${listOf(option.argChoices)}`);
    // A switch's false default says nothing to a reader; defaults of options with a value do.
    const showDefault = option.defaultValue !== undefined && (option.required || option.optional);
    if (showDefault) extra.push(`默认：${option.defaultValueDescription ?? String(option.defaultValue)}`);
    if (option.envVar !== undefined) extra.push(`环境变量：${option.envVar}`);
    if (option.mandatory) extra.push('必填');
    return extra.length ? `${option.description}（${extra.join('；')}）`.trimStart() : option.description;
  }
  override argumentDescription(argument: Argument): string {
    const extra: string[] = [];
    if (argument.argChoices) extra.push(`可选：${listOf(argument.argChoices)}`);
    if (argument.defaultValue !== undefined)
      extra.push(`默认：${argument.defaultValueDescription ?? String(argument.defaultValue)}`);
    return extra.length ? `${argument.description}（${extra.join('；')}）` : argument.description;
  }
}

/** An option whose `choices()` refuses other values in Chinese. */
export class Option extends BaseOption {
  override choices(values: readonly string[]): this {
    super.choices(values);
    this.argParser((v: string) => {
      if (!values.includes(v)) throw new InvalidArgumentError(`应为 ${listOf(values)} 之一`);
      return v;
    });
    return this;
  }
}

/** A parser for whole-number option values between `min` and `max`. */
export function intOption(min: number, max: number): (v: string) => number {
  return (v) => {
    const n = Number(v);
    if (!/^-?\d+$/.test(v.trim()) || !Number.isSafeInteger(n)) throw new InvalidArgumentError('应为整数');
    if (n < min || n > max) throw new InvalidArgumentError(`应在 ${min}～${max} 之间`);
    return n;
  };
}

/** The parts of commander's Command used here that its typings leave out. */
interface Internals {
  _actionHandler: unknown;
  _findOption(flag: string): BaseOption | undefined;
  _exit(exitCode: number, code: string, message: string): void;
  _checkForMissingMandatoryOptions(): void;
}

/** A commander `Command` whose subcommands, help and errors are all Chinese. */
export class ZhCommand extends Command {
  override createCommand(name?: string): ZhCommand {
    return new ZhCommand(name);
  }
  override createHelp(): Help {
    return Object.assign(new ZhHelp(), this.configureHelp());
  }
  override createOption(flags: string, description?: string): BaseOption {
    return new Option(flags, description);
  }
  override helpOption(flags?: string | boolean, description?: string): this {
    if (typeof flags === 'boolean') return super.helpOption(flags);
    return super.helpOption(flags ?? '-h, --help', description ?? '显示帮助');
  }
  override helpCommand(nameOrEnable: string | boolean, description?: string): this {
    if (typeof nameOrEnable === 'boolean') return super.helpCommand(nameOrEnable);
    return super.helpCommand(nameOrEnable ?? 'help [命令]', description ?? '显示某个命令的帮助');
  }
  override version(): string | undefined;
  override version(str: string, flags?: string, description?: string): this;
  override version(str?: string, flags?: string, description?: string): this | string | undefined {
    if (str === undefined) return super.version();
    return super.version(str, flags ?? '-V, --version', description ?? '显示版本号');
  }
  override usage(): string;
  override usage(str: string): this;
  override usage(str?: string): this | string {
    if (str !== undefined) return super.usage(str);
    return super.usage().replace('[options]', '[选项]').replace('[command]', '[命令]');
  }

  /** The command as typed: `xinfang calendar due`. */
  path(): string {
    const names: string[] = [];
    for (let c: Command | null = this; c; c = c.parent) names.unshift(c.name());
    return names.join(' ');
  }

  /** Every usage error ends here: print it in Chinese with where to read more, exit 2. */
  override error(message: string, errorOptions?: ErrorOptions): never {
    const code = errorOptions?.code ?? 'commander.error';
    return super.error(`错误：${message}\n用「${this.path()} --help」查看用法。`, {
      code,
      exitCode: errorOptions?.exitCode ?? USAGE_EXIT,
    });
  }

  /** Help shown because a command group was called without its command is a usage error too (exit 2, not 1). */
  _exit(exitCode: number, code: string, message: string): void {
    const exit = code === 'commander.help' && exitCode !== 0 ? USAGE_EXIT : exitCode;
    (Command.prototype as unknown as Internals)._exit.call(this, exit, code, message);
  }

  /** An unknown option is the better error: `--fro` should not be reported as a missing `--from`. */
  _checkForMissingMandatoryOptions(): void {
    const self = this as unknown as Internals;
    if (self._actionHandler) {
      const flag = this.args.find((a) => /^-./.test(a) && !self._findOption(a.split('=')[0]!));
      if (flag) this.unknownOption(flag.split('=')[0]!);
    }
    (Command.prototype as unknown as Internals)._checkForMissingMandatoryOptions.call(this);
  }

  // commander's own messages, replaced one by one (each keeps commander's error code).
  missingArgument(name: string): never {
    return this.error(`缺少参数 <${name}>`, { code: 'commander.missingArgument' });
  }
  optionMissingArgument(option: BaseOption): never {
    return this.error(`选项 ${option.flags} 缺少取值`, { code: 'commander.optionMissingArgument' });
  }
  missingMandatoryOptionValue(option: BaseOption): never {
    return this.error(`缺少必填选项 ${option.flags}`, { code: 'commander.missingMandatoryOptionValue' });
  }
  _conflictingOption(option: BaseOption, conflicting: BaseOption): never {
    return this.error(`选项 ${option.flags} 不能与 ${conflicting.flags} 同时使用`, {
      code: 'commander.conflictingOption',
    });
  }
  unknownOption(flag: string): void {
    if ((this as unknown as { _allowUnknownOption: boolean })._allowUnknownOption) return;
    const known: string[] = [];
    for (let c: Command | null = this; c; c = c.parent)
      for (const o of this.createHelp().visibleOptions(c)) if (o.long) known.push(o.long);
    this.error(`未知选项 ${flag}${flag.startsWith('--') ? didYouMean(flag, known) : ''}`, {
      code: 'commander.unknownOption',
    });
  }
  _excessArguments(received: string[]): void {
    if ((this as unknown as { _allowExcessArguments: boolean })._allowExcessArguments) return;
    const expected = this.registeredArguments.length;
    this.error(`参数过多：${this.path()} 需要 ${expected} 个参数，收到 ${received.length} 个`, {
      code: 'commander.excessArguments',
    });
  }
  unknownCommand(): never {
    const name = String(this.args[0]);
    const known = this.createHelp()
      .visibleCommands(this)
      .flatMap((c) => [c.name(), ...c.aliases()]);
    return this.error(`未知命令 ${name}${didYouMean(name, known)}`, { code: 'commander.unknownCommand' });
  }
  _callParseArg(target: BaseOption | Argument, value: string, previous: unknown, _message: string): unknown {
    try {
      return target.parseArg!(value, previous);
    } catch (err) {
      if ((err as { code?: string }).code !== 'commander.invalidArgument') throw err;
      const what = target instanceof BaseOption ? `选项 ${target.flags}` : `参数 <${target.name()}>`;
      return this.error(`${what} 的值「${value}」无效：${(err as Error).message}`, {
        code: 'commander.invalidArgument',
      });
    }
  }
}
