import { parseArgs } from 'node:util';

/**
 * A usage error: a bad flag, a bad value, an impossible combination or an unusable path.
 * `main` prints its one-line message on stderr and exits with code 2.
 *
 * @example
 * ```ts
 * new UsageError('train', '--steps', 'an integer >= 1', '-5').message;
 * // returns 'hyperposition train: --steps expected an integer >= 1, got -5'
 * ```
 */
export class UsageError extends Error {
  /** The subcommand (`'train'`), or `''` for the top level. */
  readonly command: string;
  /** The flag or argument at fault (`'--steps'`, `'<run.json>'`). */
  readonly flag: string;

  /**
   * @param command - the subcommand, or `''` for the top level.
   * @param flag - the flag or argument at fault.
   * @param expected - what was expected, in words.
   * @param got - what came (quoted and shortened to one line here).
   */
  constructor(command: string, flag: string, expected: string, got: string) {
    super(`${prefix(command)}${flag} expected ${expected}, got ${oneLine(got)}`);
    this.name = 'UsageError';
    this.command = command;
    this.flag = flag;
  }

  /**
   * A usage error from a library's own `<arg> expected <what>, got <value>` message, which
   * already names what was expected and what came.
   *
   * @param command - the subcommand.
   * @param flag - the flag or argument at fault.
   * @param detail - the library's message without its function prefix.
   * @returns the error, message `hyperposition <command>: <detail>`.
   * @example
   * ```ts
   * UsageError.fromDetail('merge', '<shards>', '<shards> expected all 3 cells, got 2').message;
   * // returns 'hyperposition merge: <shards> expected all 3 cells, got 2'
   * ```
   */
  static fromDetail(command: string, flag: string, detail: string): UsageError {
    const e = new UsageError(command, flag, '', '');
    e.message = `${prefix(command)}${oneLine(detail)}`;
    return e;
  }
}

function prefix(command: string): string {
  return command === '' ? 'hyperposition: ' : `hyperposition ${command}: `;
}

/** Squash a value onto one short line for an error message. @internal */
export function oneLine(text: string): string {
  const flat = text.replace(/[\r\n\t]+/g, ' ');
  return flat.length > 200 ? flat.slice(0, 199) + '…' : flat;
}

/** How a flag's raw text becomes a value; `undefined` raw means the flag was absent. */
export interface Flag<T> {
  /** Whether the flag takes a value (`'string'`) or is a switch (`'boolean'`). */
  readonly type: 'string' | 'boolean';
  /** Placeholder in the help text (`'N'`, `'LIST'`). */
  readonly placeholder: string;
  /** One-line description for the help text. */
  readonly description: string;
  /** Default shown in the help text, if any. */
  readonly defaultText?: string;
  /** One-letter alias (`'q'` for `--quiet`). */
  readonly short?: string;
  /** Whether the value is a comma-separated list (said when the flag is given twice). */
  readonly list?: boolean;
  /** Turn the raw value into `T`; throws a {@link UsageError} naming `flag`. */
  parse(raw: string | boolean | undefined, command: string, flag: string): T;
}

/** A table of flags of one subcommand, keyed by camelCase name (`importanceDecay` is `--importance-decay`). */
export type FlagTable = Record<string, Flag<unknown>>;

/** The parsed values of a {@link FlagTable}. */
export type FlagValues<T extends FlagTable> = {
  [K in keyof T]: T[K] extends Flag<infer V> ? V : never;
};

interface Common {
  placeholder?: string;
  description: string;
  short?: string;
}

interface Bounds {
  min?: number;
  max?: number;
  /** Exclusive upper bound (sparsity lies in [0, 1)). */
  below?: number;
  /** Exclusive lower bound (a learning rate is > 0). */
  above?: number;
}

function boundsText(b: Bounds, integer: boolean): string {
  const lo = b.min !== undefined ? `[${b.min}` : b.above !== undefined ? `(${b.above}` : undefined;
  const hi = b.max !== undefined ? `${b.max}]` : b.below !== undefined ? `${b.below})` : undefined;
  const what = integer ? 'an integer' : 'a number';
  if (lo !== undefined && hi !== undefined) return `${what} in ${lo}, ${hi}`;
  if (b.min !== undefined) return `${what} >= ${b.min}`;
  if (b.above !== undefined) return `${what} > ${b.above}`;
  if (b.max !== undefined) return `${what} <= ${b.max}`;
  if (b.below !== undefined) return `${what} < ${b.below}`;
  return integer ? 'an integer' : 'a finite number';
}

function inBounds(x: number, b: Bounds): boolean {
  return (
    (b.min === undefined || x >= b.min) &&
    (b.max === undefined || x <= b.max) &&
    (b.below === undefined || x < b.below) &&
    (b.above === undefined || x > b.above)
  );
}

const INTEGER = /^[+-]?\d+$/;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function toNumber(text: string, integer: boolean): number | undefined {
  const t = text.trim();
  if (!(integer ? INTEGER : NUMBER).test(t)) return undefined;
  const x = Number(t);
  if (!Number.isFinite(x) || (integer && !Number.isSafeInteger(x))) return undefined;
  return x;
}

function requireString(
  raw: string | boolean | undefined,
  command: string,
  flag: string,
  expected: string,
): string {
  if (typeof raw !== 'string') throw new UsageError(command, flag, expected, 'no value');
  return raw;
}

/**
 * A numeric flag (integer or real) with bounds. Without `default` the flag is optional and
 * parses to `undefined` when absent.
 *
 * @example
 * ```ts
 * const steps = numberFlag({ integer: true, min: 1, default: 10_000, description: 'training steps' });
 * steps.parse('500', 'train', '--steps'); // returns 500
 * ```
 */
export function numberFlag<D extends number | undefined>(
  o: Common & Bounds & { integer?: boolean; default: D },
): Flag<number | D> {
  const integer = o.integer === true;
  const expected = boundsText(o, integer);
  return {
    type: 'string',
    placeholder: o.placeholder ?? (integer ? 'N' : 'X'),
    description: o.description,
    defaultText: o.default === undefined ? undefined : String(o.default),
    short: o.short,
    parse(raw, command, flag) {
      if (raw === undefined) return o.default;
      const text = requireString(raw, command, flag, expected);
      const x = toNumber(text, integer);
      if (x === undefined || !inBounds(x, o))
        throw new UsageError(command, flag, expected, JSON.stringify(text));
      return x;
    },
  };
}

/**
 * A comma-separated list of numbers with bounds (`--sparsity 0,0.7,0.9`). Without `default`
 * the flag parses to `undefined` when absent.
 *
 * @example
 * ```ts
 * const s = listFlag({ below: 1, min: 0, default: undefined, description: 'sparsity per instance' });
 * s.parse('0,0.7,0.9', 'train', '--sparsity'); // returns [0, 0.7, 0.9]
 * ```
 */
export function listFlag<D extends number[] | undefined>(
  o: Common & Bounds & { integer?: boolean; default: D; minLength?: number },
): Flag<number[] | D> {
  const integer = o.integer === true;
  const one = boundsText(o, integer).replace(/^an? /, '');
  const expected = `comma-separated ${integer ? 'integers' : 'numbers'}${one.replace(/^(integer|number|finite number)/, '')}`;
  return {
    type: 'string',
    placeholder: o.placeholder ?? 'LIST',
    list: true,
    description: o.description,
    defaultText: o.default === undefined ? undefined : o.default.join(','),
    short: o.short,
    parse(raw, command, flag) {
      if (raw === undefined) return o.default;
      const text = requireString(raw, command, flag, expected);
      const parts = text.split(',');
      const values = parts.map((p) => toNumber(p, integer));
      const bad = values.findIndex((x) => x === undefined || !inBounds(x, o));
      if (bad >= 0 || parts.length < (o.minLength ?? 1)) {
        throw new UsageError(command, flag, expected, JSON.stringify(text));
      }
      return values as number[];
    },
  };
}

/**
 * A flag whose value is one of a fixed set of words (`--backend wasm|cpu`).
 *
 * @example
 * ```ts
 * const b = choiceFlag({ choices: ['wasm', 'cpu'] as const, default: 'wasm', description: 'tfjs backend' });
 * b.parse('cpu', 'train', '--backend'); // returns 'cpu'
 * ```
 */
export function choiceFlag<C extends string>(
  o: Common & { choices: readonly C[]; default: C },
): Flag<C> {
  const expected = `one of ${o.choices.join(', ')}`;
  return {
    type: 'string',
    placeholder: o.placeholder ?? o.choices.join('|'),
    description: o.description,
    defaultText: o.default,
    short: o.short,
    parse(raw, command, flag) {
      if (raw === undefined) return o.default;
      const text = requireString(raw, command, flag, expected);
      if (!(o.choices as readonly string[]).includes(text)) {
        throw new UsageError(command, flag, expected, JSON.stringify(text));
      }
      return text as C;
    },
  };
}

/**
 * A free-text flag (a path); `default: undefined` makes it optional.
 *
 * @example
 * ```ts
 * const out = stringFlag({ placeholder: 'DIR', default: 'runs/train', description: 'output directory' });
 * out.parse('runs/a', 'train', '--out'); // returns 'runs/a'
 * ```
 */
export function stringFlag<D extends string | undefined>(
  o: Common & { default: D },
): Flag<string | D> {
  return {
    type: 'string',
    placeholder: o.placeholder ?? 'TEXT',
    description: o.description,
    defaultText: o.default,
    short: o.short,
    parse(raw, command, flag) {
      if (raw === undefined) return o.default;
      const text = requireString(raw, command, flag, 'a non-empty value');
      if (text.trim() === '') throw new UsageError(command, flag, 'a non-empty value', '""');
      return text;
    },
  };
}

/**
 * A switch (`--quiet`); absent is `false`.
 *
 * @example
 * ```ts
 * booleanFlag({ description: 'no progress' }).parse(true, 'train', '--quiet'); // returns true
 * ```
 */
export function booleanFlag(o: Common): Flag<boolean> {
  return {
    type: 'boolean',
    placeholder: '',
    description: o.description,
    short: o.short,
    parse(raw) {
      return raw === true;
    },
  };
}

/** One shard of a job array: `index` in [0, count). */
export interface ShardSpec {
  /** 0-based shard index. */
  readonly index: number;
  /** Number of shards. */
  readonly count: number;
}

/**
 * The `--shard i/N` flag: shard `i` (0-based) of `N`; absent means the whole job.
 *
 * @param description - its help text (default: a sweep's, whose shards `merge` joins).
 * @example
 * ```ts
 * shardFlag().parse('2/8', 'sweep', '--shard'); // returns { index: 2, count: 8 }
 * ```
 */
export function shardFlag(
  description = 'run only shard i of N (0-based, e.g. $SLURM_ARRAY_TASK_ID/$N or $JOB_COMPLETION_INDEX/$N); writes DIR/shards/shard-i-of-N.json for `hyperposition merge`',
): Flag<ShardSpec | undefined> {
  const expected = 'i/N with integers 0 <= i < N';
  return {
    type: 'string',
    placeholder: 'i/N',
    description,
    parse(raw, command, flag) {
      if (raw === undefined) return undefined;
      const text = requireString(raw, command, flag, expected);
      const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
      const index = m ? Number(m[1]) : NaN;
      const count = m ? Number(m[2]) : NaN;
      if (!(
        Number.isSafeInteger(index) &&
        Number.isSafeInteger(count) &&
        count >= 1 &&
        index < count
      )) {
        throw new UsageError(command, flag, expected, JSON.stringify(text));
      }
      return { index, count };
    },
  };
}

/** camelCase key to kebab-case flag name: `importanceDecay` to `importance-decay`. @internal */
export function flagName(key: string): string {
  return key.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());
}

/** A subcommand's description, for parsing and help. */
export interface CommandSpec<T extends FlagTable> {
  /** Subcommand name (`'train'`). */
  readonly name: string;
  /** Positional arguments in the usage line (`'<run.json>'`), if any. */
  readonly positionals?: { readonly name: string; readonly min: number; readonly max: number };
  /** One-paragraph summary for the help text. */
  readonly summary: string;
  /** One line for the top-level command list; default: the summary, shortened. */
  readonly brief?: string;
  /** The flags (help and `--help` are added automatically). */
  readonly flags: T;
  /** Example command lines for the help text. */
  readonly examples: readonly string[];
  /** Extra paragraphs for the help text (output layout, notes). */
  readonly notes?: readonly string[];
}

/** The result of parsing one subcommand's arguments. */
export type Parsed<T extends FlagTable> =
  | { readonly help: true }
  | {
      readonly help: false;
      readonly values: FlagValues<T>;
      readonly positionals: string[];
      readonly given: ReadonlySet<string>;
    };

const NEGATIVE = /^-(\d|\.\d)/;

/**
 * Parse a subcommand's arguments with `node:util` parseArgs (strict), then each flag's own
 * parser. Every failure is a {@link UsageError} with a one-line message naming the flag.
 *
 * @param spec - the subcommand's flags and positionals.
 * @param argv - the arguments after the subcommand name.
 * @returns `{ help: true }` when `--help`/`-h` is present, else the parsed values, the
 *   positionals and the set of flag keys given explicitly.
 * @example
 * ```ts
 * const r = parseCommand({ name: 'x', summary: '', examples: [], flags: {
 *   steps: numberFlag({ integer: true, min: 1, default: 10, description: 'steps' }) } }, ['--steps', '20']);
 * // r.help === false && r.values.steps === 20
 * ```
 */
export function parseCommand<T extends FlagTable>(
  spec: CommandSpec<T>,
  argv: readonly string[],
): Parsed<T> {
  if (argv.includes('--help') || argv.includes('-h')) return { help: true };
  const options: Record<string, { type: 'string' | 'boolean'; short?: string }> = {};
  const byName = new Map<string, string>();
  for (const [key, flag] of Object.entries(spec.flags)) {
    const name = flagName(key);
    byName.set(name, key);
    options[name] = flag.short ? { type: flag.type, short: flag.short } : { type: flag.type };
  }
  // parseArgs rejects `--lr -1` as ambiguous; glue a negative number to its flag so that the
  // flag's own check reports the range instead.
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const key = a.startsWith('--') ? byName.get(a.slice(2)) : undefined;
    if (
      key !== undefined &&
      spec.flags[key].type === 'string' &&
      i + 1 < argv.length &&
      NEGATIVE.test(argv[i + 1])
    ) {
      args.push(`${a}=${argv[++i]}`);
    } else args.push(a);
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args, options, strict: true, allowPositionals: true, tokens: true });
  } catch (error) {
    throw translateParseError(spec, error);
  }
  refuseRepeats(spec, byName, parsed.tokens ?? []);
  const pos = spec.positionals ?? { name: '', min: 0, max: 0 };
  if (parsed.positionals.length < pos.min) {
    throw new UsageError(
      spec.name,
      pos.name,
      `${pos.min} argument${pos.min > 1 ? 's' : ''}`,
      'none',
    );
  }
  if (parsed.positionals.length > pos.max) {
    const extra = parsed.positionals[pos.max];
    throw new UsageError(
      spec.name,
      pos.max === 0 ? 'arguments' : pos.name,
      pos.max === 0 ? 'flags only' : `at most ${pos.max} argument${pos.max > 1 ? 's' : ''}`,
      JSON.stringify(extra),
    );
  }
  const values: Record<string, unknown> = {};
  const given = new Set<string>();
  for (const [key, flag] of Object.entries(spec.flags)) {
    const raw = parsed.values[flagName(key)];
    if (raw !== undefined) given.add(key);
    values[key] = flag.parse(raw as string | boolean | undefined, spec.name, `--${flagName(key)}`);
  }
  return { help: false, values: values as FlagValues<T>, positionals: parsed.positionals, given };
}

/**
 * A value flag given twice (`--steps 100 --steps 200`) is refused: parseArgs keeps the last,
 * so the first would be dropped without a word, and `--sparsity 0.1 --sparsity 0.9` may have
 * meant a list. A switch given twice means the same as once.
 */
function refuseRepeats(
  spec: CommandSpec<FlagTable>,
  byName: ReadonlyMap<string, string>,
  tokens: NonNullable<ReturnType<typeof parseArgs>['tokens']>,
): void {
  const seen = new Map<string, string[]>();
  for (const t of tokens) {
    if (t.kind !== 'option' || typeof t.value !== 'string') continue;
    const values = seen.get(t.name) ?? [];
    values.push(t.value);
    seen.set(t.name, values);
    if (values.length === 2) {
      const list = spec.flags[byName.get(t.name) ?? '']?.list === true;
      throw new UsageError(
        spec.name,
        `--${t.name}`,
        list ? 'one value (a list is one comma-separated value)' : 'one value',
        `${values.length} (${values.map((v) => JSON.stringify(v)).join(', ')})`,
      );
    }
  }
}

function translateParseError(spec: CommandSpec<FlagTable>, error: unknown): Error {
  const e = error as { code?: string; message?: string };
  const msg = e.message ?? String(error);
  const quoted = /'(-[^' ]*)/.exec(msg)?.[1] ?? '?';
  if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    return new UsageError(spec.name, 'flags', `one of ${knownFlags(spec)} (see --help)`, quoted);
  }
  if (e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const flag = /--[A-Za-z0-9-]+/.exec(msg)?.[0] ?? quoted;
    if (msg.includes('does not take an argument')) {
      return new UsageError(spec.name, flag, 'no value (it is a switch)', 'a value');
    }
    return new UsageError(
      spec.name,
      flag,
      'a value',
      msg.includes('ambiguous') ? 'another flag' : 'nothing',
    );
  }
  return new UsageError(spec.name, 'arguments', 'valid flags', msg.split('\n')[0]);
}

function knownFlags(spec: CommandSpec<FlagTable>): string {
  return Object.keys(spec.flags)
    .map((k) => `--${flagName(k)}`)
    .join(', ');
}

/**
 * The help text of a subcommand: usage line, summary, flags with defaults, notes, examples.
 *
 * @param spec - the subcommand.
 * @returns the text, ending with a newline.
 * @example
 * ```ts
 * formatHelp({ name: 'x', summary: 'Do x.', examples: ['hyperposition x'], flags: {} });
 * // returns 'Usage: hyperposition x [flags]\n\nDo x.\n...'
 * ```
 */
export function formatHelp(spec: CommandSpec<FlagTable>): string {
  const pos = spec.positionals ? ` ${spec.positionals.name}` : '';
  const lines = [
    `Usage: hyperposition ${spec.name}${pos} [flags]`,
    '',
    ...wrap(spec.summary, 78),
    '',
    'Flags:',
  ];
  const rows: [string, string][] = Object.entries(spec.flags).map(([key, f]) => {
    const head = `${f.short ? `-${f.short}, ` : '    '}--${flagName(key)}${f.placeholder ? ' ' + f.placeholder : ''}`;
    const def =
      f.defaultText !== undefined && f.defaultText !== '' ? ` (default ${f.defaultText})` : '';
    return [head, f.description + def];
  });
  rows.push(['-h, --help', 'show this help and exit']);
  const width = Math.min(30, Math.max(...rows.map(([h]) => h.length)) + 2);
  for (const [head, text] of rows) {
    const body = wrap(text, 78 - width - 2);
    lines.push(
      `  ${head.padEnd(width)}${head.length >= width ? '\n' + ' '.repeat(width + 2) : ''}${body[0]}`,
    );
    for (const more of body.slice(1)) lines.push(' '.repeat(width + 2) + more);
  }
  for (const note of spec.notes ?? []) lines.push('', ...wrap(note, 78));
  if (spec.examples.length > 0) lines.push('', 'Examples:', ...spec.examples.map((e) => `  ${e}`));
  return lines.join('\n') + '\n';
}

function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  for (const para of text.split('\n')) {
    let line = '';
    for (const word of para.split(/ +/)) {
      if (line !== '' && line.length + 1 + word.length > width) {
        out.push(line);
        line = word;
      } else line = line === '' ? word : `${line} ${word}`;
    }
    out.push(line);
  }
  return out;
}
