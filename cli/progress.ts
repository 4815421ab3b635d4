/**
 * Progress for long work, three ways: a bar with bytes, rate and ETA on a terminal (cli-progress),
 * plain periodic lines when output is redirected, JSON-lines events on stderr with `--json`.
 * @module
 */
import cliProgress from "cli-progress";
import type { Progress } from "../core/plugin/types.ts";
import { formatBytes } from "./format.ts";
import type { Output } from "./output.ts";

/** A {@link Progress} that can be finished (stops any bar). */
export interface CliProgress extends Progress {
  stop(): void;
}

/** Picks the progress display for this output. */
export function makeProgress(out: Output, now: () => number = Date.now): CliProgress {
  if (out.opts.json) return jsonProgress(out, now);
  if (out.opts.quiet) return { phase() {}, update() {}, note() {}, stop() {} };
  return out.stderr.isTTY ? barProgress(out) : lineProgress(out, now);
}

function jsonProgress(out: Output, now: () => number): CliProgress {
  let phase = "";
  let total: number | undefined;
  let last = 0;
  return {
    phase(label, t) {
      phase = label;
      total = t;
      out.event({ event: "phase", phase, total: total ?? null, time: new Date(now()).toISOString() });
    },
    update(done) {
      const t = now();
      if (t - last < 250 && done !== total) return;
      last = t;
      out.event({ event: "progress", phase, done, total: total ?? null });
    },
    note(message) {
      out.event({ event: "note", phase, message });
    },
    stop() {},
  };
}

function lineProgress(out: Output, now: () => number): CliProgress {
  let label = "";
  let total: number | undefined;
  let started = 0;
  let last = 0;
  return {
    phase(l, t) {
      label = l;
      total = t;
      started = last = now();
      out.stderr.write(`${label}${total ? ` (${formatBytes(total)})` : ""}...\n`);
    },
    update(done) {
      const t = now();
      if (t - last < 5000) return; // one line every 5 s keeps logs readable
      last = t;
      const rate = done / Math.max(0.001, (t - started) / 1000);
      const pct = total ? ` ${Math.floor((done / total) * 100)}%` : "";
      out.stderr.write(`  ${label}:${pct} ${formatBytes(done)}${total ? ` of ${formatBytes(total)}` : ""}, ${formatBytes(rate)}/s\n`);
    },
    note(message) {
      out.stderr.write(`  ${message}\n`);
    },
    stop() {},
  };
}

function barProgress(out: Output): CliProgress {
  let bar: cliProgress.SingleBar | undefined;
  const stopBar = () => {
    bar?.stop();
    bar = undefined;
  };
  return {
    phase(label, total) {
      stopBar();
      if (!total) {
        out.stderr.write(`${label}...\n`);
        return;
      }
      bar = new cliProgress.SingleBar({
        format: `${label} [{bar}] {percentage}% | {doneBytes} of {totalBytes} | {rate}/s | ETA {eta_formatted}`,
        stream: { write: (s: string) => out.stderr.write(s), isTTY: true } as unknown as NodeJS.WritableStream,
        hideCursor: true,
        clearOnComplete: false,
        barsize: Math.max(10, Math.min(30, out.width - 70)),
      }, cliProgress.Presets.shades_classic);
      bar.start(total, 0, { doneBytes: formatBytes(0), totalBytes: formatBytes(total), rate: formatBytes(0) });
      (bar as unknown as { startedAt: number }).startedAt = Date.now();
    },
    update(done) {
      if (!bar) return;
      const started = (bar as unknown as { startedAt: number }).startedAt;
      const rate = done / Math.max(0.001, (Date.now() - started) / 1000);
      bar.update(done, { doneBytes: formatBytes(done), rate: formatBytes(rate) });
    },
    note(message) {
      if (!bar) out.stderr.write(`  ${message}\n`);
    },
    stop: stopBar,
  };
}
