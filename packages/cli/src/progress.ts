/** A stream the CLI writes to: `process.stdout`/`process.stderr`, or a test double. */
export interface CliStream {
  /** Write text (no newline is added). */
  write(chunk: string): unknown;
  /** True when the stream is a terminal: progress is then drawn as a bar. */
  readonly isTTY?: boolean;
  /** Terminal width in columns, when known. */
  readonly columns?: number;
}

/** Options of {@link createProgress}. */
export interface ProgressOptions {
  /** Where progress goes (stderr). */
  stream: CliStream;
  /** Total units of work (steps, cells); must be >= 1. */
  total: number;
  /** What is counted, shown before the bar (`'train'`, `'sweep'`). */
  label: string;
  /** Unit name for the count (`'steps'`, `'cells'`). */
  unit?: string;
  /** Print nothing at all. */
  quiet?: boolean;
  /** Clock in milliseconds, injectable for tests; default `Date.now`. */
  now?: () => number;
  /** Least time between two redraws of the TTY bar, ms; default 100. */
  redrawMs?: number;
  /**
   * Off a terminal, also print a line when this long has passed since the last one (for
   * work whose count moves rarely); default never.
   */
  heartbeatMs?: number;
}

/** A progress reporter: call `update` as work advances and `finish` once at the end. */
export interface Progress {
  /** Report `done` units finished; `info` is a short suffix such as `loss 0.0312`. */
  update(done: number, info?: string): void;
  /** Report completion (draws 100% and ends the TTY line). */
  finish(info?: string): void;
}

/**
 * A progress reporter for long work, on stderr: on a terminal a bar redrawn in place at most
 * every `redrawMs`; otherwise (logs of a batch job) one plain line at each tenth of the work;
 * nothing when `quiet`.
 *
 * @param o - stream, total, label and options.
 * @returns the reporter.
 * @example
 * ```ts
 * const p = createProgress({ stream: process.stderr, total: 1000, label: 'train', unit: 'steps' });
 * p.update(500, 'loss 0.031'); // TTY: "train [#####.....]  50% 500/1000 steps loss 0.031 ~2s left"
 * p.finish();
 * ```
 */
export function createProgress(o: ProgressOptions): Progress {
  const total = Math.max(1, o.total);
  const now = o.now ?? Date.now;
  const unit = o.unit ?? '';
  const start = now();
  const redrawMs = o.redrawMs ?? 100;
  let lastDraw = -Infinity;
  let lastTenth = 0;
  let lastLine = start;
  let finished = false;
  const heartbeatMs = o.heartbeatMs ?? Infinity;

  const counts = (done: number): string => `${done}/${total}${unit ? ' ' + unit : ''}`;
  const eta = (done: number): string => {
    const elapsed = now() - start;
    if (done <= 0 || elapsed < 500) return '';
    const left = ((total - done) * elapsed) / done / 1000;
    return left >= 1 ? ` ~${formatDuration(left)} left` : '';
  };

  if (o.quiet) return { update() {}, finish() {} };

  if (o.stream.isTTY) {
    const draw = (done: number, info: string | undefined, force: boolean): void => {
      const t = now();
      if (!force && t - lastDraw < redrawMs) return;
      lastDraw = t;
      const frac = Math.min(1, Math.max(0, done / total));
      const cols = o.stream.columns || 80;
      const width = Math.max(10, Math.min(30, cols - 60));
      const filled = Math.round(frac * width);
      const bar = '█'.repeat(filled) + '░'.repeat(width - filled);
      const pct = `${Math.floor(frac * 100)}%`.padStart(4);
      const text = `${o.label} ${bar} ${pct} ${counts(done)}${info ? ' ' + info : ''}${force ? '' : eta(done)}`;
      o.stream.write(`\r\x1b[2K${text.slice(0, cols - 1)}`);
    };
    return {
      update(done, info) {
        if (!finished) draw(done, info, false);
      },
      finish(info) {
        if (finished) return;
        finished = true;
        draw(total, info, true);
        o.stream.write('\n');
      },
    };
  }

  return {
    update(done, info) {
      if (finished) return;
      const tenth = Math.floor((10 * done) / total);
      const t = now();
      if (tenth > lastTenth && tenth < 10) {
        lastTenth = tenth;
        lastLine = t;
        o.stream.write(`${o.label}: ${tenth * 10}% ${counts(done)}${info ? ' ' + info : ''}\n`);
      } else if (t - lastLine >= heartbeatMs) {
        lastLine = t;
        const pct = Math.floor((100 * done) / total);
        o.stream.write(
          `${o.label}: ${pct}% ${counts(done)}, ${formatDuration((t - start) / 1000)} elapsed${info ? ' ' + info : ''}\n`,
        );
      }
    },
    finish(info) {
      if (finished) return;
      finished = true;
      const secs = (now() - start) / 1000;
      o.stream.write(
        `${o.label}: done ${counts(total)} in ${formatDuration(secs)}${info ? ' ' + info : ''}\n`,
      );
    },
  };
}

/** Seconds as `42s`, `3m05s` or `1h02m`. @internal */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}
