/**
 * The CLI entry: parse, run, map errors to exit codes (0 ok, 1 refused/failed, 2 usage) and one line.
 * Stack traces only with --debug.
 * @module
 */
import { CommanderError } from "commander";
import type { Command } from "commander";
import type { Host } from "../core/host/host.ts";
import { detectHost } from "../core/host/detect.ts";
import { UserFacingError } from "../core/errors.ts";
import { buildRegistry } from "./app.ts";
import type { PluginRegistry } from "../core/plugin/registry.ts";
import { pluginFilesIn, reservedFlags } from "./plugin_flags.ts";
import type { App } from "./app.ts";
import { Output } from "./output.ts";
import { noAsker, terminalAsker } from "./confirm.ts";
import type { Asker } from "./confirm.ts";
import type { TextSink } from "./output.ts";
import { buildProgram } from "./program.ts";
import type { GlobalOptions } from "./global_options.ts";

/** Where main reads and writes; tests pass buffers and a simulated host. */
export interface MainIo {
  stdout: TextSink;
  stderr: TextSink;
  host?: Host;
  /** Who answers questions; default: the terminal when there is one. */
  asker?: Asker;
}

/**
 * A process stream as a sink. When the reader goes away (`vhdx-shrink … | head -1`: EPIPE), the rest
 * of the output is dropped quietly and the run goes on to its normal end, as a Unix tool's output
 * does not decide its work: a compaction under way is never cut short by a closed pipe.
 */
function streamSink(stream: NodeJS.WriteStream): TextSink {
  let closed = false;
  stream.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE" || e.code === "ERR_STREAM_DESTROYED") closed = true;
    else throw e;
  });
  return {
    write: (t) => {
      if (closed || stream.destroyed) return;
      try {
        stream.write(t);
      } catch (e) {
        // Some runtimes throw the closed pipe from write() instead of emitting it.
        if ((e as NodeJS.ErrnoException)?.code !== "EPIPE") throw e;
        closed = true;
      }
    },
    isTTY: Boolean(stream.isTTY),
    columns: stream.columns,
  };
}

let processIo: MainIo | undefined;
/** The process's own stdout and stderr (made once: each adds its closed-pipe listener). */
function defaultIo(): MainIo {
  processIo ??= { stdout: streamSink(process.stdout), stderr: streamSink(process.stderr) };
  return processIo;
}

/** Runs the CLI with `argv` (without the program name) and returns the exit code. */
export async function main(argv: string[], given?: MainIo): Promise<number> {
  const io = given ?? defaultIo();
  const host = io.host ?? detectHost();
  let registry: PluginRegistry;
  try {
    // Before the program: the strategies' options are flags of the default command.
    // A program without strategy flags names the flags the CLI itself uses; a plugin option on one is refused.
    const bare = buildProgram(() => Promise.reject(new Error("not run")), () => noAsker, () => Promise.resolve(0));
    registry = await buildRegistry(host, pluginFilesIn(argv), {
      reservedFlags: reservedFlags(bare),
      warn: (message) => globalsIn(argv).quiet || io.stderr.write(`warning: ${message}\n`),
    });
  } catch (e) {
    return report(e, globalsIn(argv), io, host);
  }
  let out: Output | undefined;
  let appState: Promise<App> | undefined;
  let active: Command | undefined;
  const globals = () => mergedGlobals(active ?? program);
  const program = buildProgram(() => {
    appState ??= (async () => {
      out = makeOutput(globals(), io, host);
      return { host, out, registry };
    })();
    return appState;
  }, () => io.asker ?? (given === undefined ? terminalAsker() : noAsker), (argv, other, write) => main(argv, { ...io, ...(write ? { stdout: { write, isTTY: false, columns: 120 } } : {}), host: other, asker: noAsker }), registry,
  // The scheduled task's own commands, in this process, written to its log.
  (argv, other, write) => main(argv, { stdout: { write, isTTY: false, columns: 120 }, stderr: { write, isTTY: false }, host: other, asker: noAsker }));
  program.hook("preAction", (_self, actionCommand) => {
    active = actionCommand;
  });
  program.exitOverride();
  // Each subcommand too: they were made before this, and their help and usage errors are theirs to print.
  const output = { writeOut: (t: string) => io.stdout.write(t), writeErr: (t: string) => io.stderr.write(t) };
  for (const c of [program, ...program.commands]) c.exitOverride().configureOutput(output);
  try {
    await program.parseAsync(argv, { from: "user" });
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      // help and version exit through commander with code 0; usage errors are already printed.
      return e.exitCode === 0 ? 0 : 2;
    }
    return report(e, globals(), io, host, out);
  }
}

/** One line for the error (a stack only with --debug) and its exit code. */
function report(e: unknown, o: GlobalOptions, io: MainIo, host: Host, out = makeOutput(o, io, host)): number {
  if (e instanceof UserFacingError) {
    // An empty message is an answer given as an exit code alone (check's exit 1): the command printed its line.
    if (e.message) out.error(e.message);
    if (o.debug && e.stack) io.stderr.write(e.stack + "\n");
    return e.exitCode;
  }
  out.error(`unexpected failure: ${(e as Error)?.message ?? String(e)} (this is a bug; run with --debug for details)`);
  if (o.debug && (e as Error)?.stack) io.stderr.write((e as Error).stack + "\n");
  return 1;
}

/**
 * The options of `cmd` and its parents, for global options given before or after the subcommand
 * (`--no-color compare` and `compare --no-color`): an option the user gave wins over a default,
 * wherever it stands; the subcommand's own wins when both were given.
 */
function mergedGlobals(cmd: Command): GlobalOptions {
  const chain: Command[] = [];
  for (let c: Command | null = cmd; c; c = c.parent) chain.unshift(c);
  const merged: Record<string, unknown> = {};
  for (const c of chain) {
    for (const [key, value] of Object.entries(c.opts())) {
      const given = c.getOptionValueSource(key) === "cli";
      if (given || !(key in merged)) merged[key] = value;
      if (key === "plugin" && Array.isArray(value)) merged[key] = [...new Set([...(merged.plugin as string[] ?? []), ...value])];
    }
  }
  return merged as GlobalOptions;
}

/** The output-shaping global options, read from the raw arguments (for errors before parsing). */
function globalsIn(argv: readonly string[]): GlobalOptions {
  return { json: argv.includes("--json"), quiet: argv.includes("-q") || argv.includes("--quiet"), debug: argv.includes("--debug"), color: argv.includes("--no-color") ? false : undefined };
}

function makeOutput(o: GlobalOptions, io: MainIo, host: Host): Output {
  const env = (n: string) => host.env(n);
  const noColor = o.color === false ? () => "1" : env;
  return new Output(
    { json: Boolean(o.json), quiet: Boolean(o.quiet), verbose: Boolean(o.verbose), debug: Boolean(o.debug) },
    io.stdout,
    io.stderr,
    (n) => n === "NO_COLOR" ? noColor(n) : env(n),
  );
}

if (import.meta.main === true || (import.meta as { main?: boolean }).main === undefined && isEntry()) {
  process.exitCode = await main(process.argv.slice(2));
}

function isEntry(): boolean {
  // Node has no import.meta.main: compare the entry script with this module.
  const entry = process.argv[1]?.replace(/\\/g, "/") ?? "";
  return /cli\/main\.ts$/.test(entry);
}
