/**
 * Where the CLI's words go: humans get text on stdout, scripts get one JSON document (`--json`),
 * errors are one line on stderr. Honours --quiet, --verbose, NO_COLOR and terminal width: tables are
 * cut to fit only on a terminal (never in a pipe, a file or --json), and a cut says how to see it whole.
 * @module
 */
import { makeStyle, renderTable } from "./format.ts";
import type { Style } from "./format.ts";
import type { Logger } from "../core/plugin/types.ts";

/** Global output switches. */
export interface OutputOptions {
  json: boolean;
  quiet: boolean;
  verbose: boolean;
  debug: boolean;
}

/** A sink for text (stdout/stderr or a test buffer). */
export interface TextSink {
  write(text: string): void;
  isTTY: boolean;
  columns?: number;
}

/** The CLI's output channel. */
export class Output {
  readonly opts: OutputOptions;
  readonly style: Style;
  readonly width: number;
  readonly stdout: TextSink;
  readonly stderr: TextSink;
  /** Whether tables are cut to the terminal's width: only when stdout is a terminal. */
  readonly cuts: boolean;
  private cutSaid = false;
  constructor(opts: OutputOptions, stdout: TextSink, stderr: TextSink, env: (n: string) => string | undefined) {
    this.opts = opts;
    this.stdout = stdout;
    this.stderr = stderr;
    const color = stdout.isTTY && !env("NO_COLOR") && env("TERM") !== "dumb" && !opts.json;
    this.style = makeStyle(color);
    this.cuts = stdout.isTTY && !opts.json;
    this.width = this.cuts ? Math.max(40, stdout.columns ?? (Number(env("COLUMNS")) || 100)) : Number.POSITIVE_INFINITY;
  }
  /**
   * A table; on a terminal the `shrinkable` columns are cut to fit its width, and the first cut of
   * the run is followed by a line saying how to see it whole.
   */
  table(header: string[], rows: string[][], shrinkable: number[] = []): string {
    let cut = false;
    const text = renderTable(header, rows, this.width, shrinkable, () => void (cut = true));
    if (!cut || this.cutSaid) return text;
    this.cutSaid = true;
    return text + "\n" + this.style.dim("(cut to fit the terminal: `| cat` or --json shows every column whole)");
  }
  /** Human text (suppressed by --json and --quiet). */
  print(text = ""): void {
    if (!this.opts.json && !this.opts.quiet) this.stdout.write(text + "\n");
  }
  /** Human text that must appear even with --quiet (results, refusals). */
  result(text: string): void {
    if (!this.opts.json) this.stdout.write(text + "\n");
  }
  /** Extra detail shown with --verbose. */
  verbose(text: string): void {
    if (this.opts.verbose && !this.opts.json) this.stderr.write(this.style.dim(text) + "\n");
  }
  /** The single JSON document of a --json run. */
  json(doc: unknown): void {
    this.stdout.write(JSON.stringify(doc, null, 2) + "\n");
  }
  /** One JSON line (progress events with --json go to stderr so stdout stays one document). */
  event(doc: unknown): void {
    this.stderr.write(JSON.stringify(doc) + "\n");
  }
  /** A warning line on stderr. */
  warn(text: string): void {
    if (!this.opts.quiet) this.stderr.write(this.style.yellow("warning: ") + text + "\n");
  }
  /** The one-line error. */
  error(text: string): void {
    this.stderr.write(this.style.red("error: ") + text + "\n");
  }
  /** A logger for plugins that writes through this output. */
  logger(): Logger {
    return {
      info: (m) => this.print(m),
      warn: (m) => this.warn(m),
      debug: (m) => this.verbose(m),
    };
  }
}
