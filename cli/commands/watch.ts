/**
 * `vhdx-shrink watch [--threshold SIZE] [--target T] [--json]`: each disk's size on the host and the
 * space the recommended strategy would reclaim. Exits 3 when a disk is above the threshold, so a
 * script or the scheduled task can shrink only then (exit 1 stays "something failed"). Each run adds
 * the sizes to the history (core/history).
 * @module
 */
import type { Command } from "commander";
import type { App } from "../app.ts";
import { withGlobalOptions } from "../global_options.ts";
import { formatBytes, renderTable } from "../format.ts";
import { resolveTargets, TARGET_FLAG, targetArg, targetSpec } from "../targets.ts";
import { recommend, strategyRows } from "../../core/plugin/strategy_rows.ts";
import { makeContext } from "../context.ts";
import { parseSize } from "../../core/units.ts";
import { UsageError } from "../../core/errors.ts";
import { ThresholdExceededError, WATCH_OVER_THRESHOLD_EXIT } from "../../core/maintenance/errors.ts";
import type { Target } from "../../core/plugin/types.ts";
import { recordSizes } from "../../core/history/mod.ts";

const EXAMPLES = `
Exit codes: 0 all disks at or below the threshold, ${WATCH_OVER_THRESHOLD_EXIT} a disk is above it, 1 failure, 2 usage.

Examples:
  vhdx-shrink watch
  vhdx-shrink watch --threshold 40GB || echo "time to shrink"
  vhdx-shrink watch --target docker_data.vhdx --threshold 60GB --json`;

/** One disk as watch reports it. */
export interface WatchedDisk {
  target: Target;
  /** Bytes the file takes on the host volume (size on disk). */
  size: number | null;
  /** Bytes the recommended strategy would reclaim; null when unknown. */
  reclaimable: number | null;
  exact: boolean;
  recommended: string | null;
  overThreshold: boolean;
}

/** Adds the `watch` command. */
export function addWatchCommand(program: Command, app: () => Promise<App>): void {
  withGlobalOptions(program.command("watch"))
    .description(`print each disk's size and reclaimable estimate; exit ${WATCH_OVER_THRESHOLD_EXIT} when one is above --threshold`)
    .option("--threshold <size>", "size above which to exit 3, e.g. 40GB (binary units: 1GB = 1024^3 bytes)")
    .argument("[target]", "watch one distro, Docker disk or VHDX file (default: all)")
    .option(TARGET_FLAG, "the same as TARGET")
    .addHelpText("after", EXAMPLES)
    .action(async (spec: string | undefined, opts: { threshold?: string; target?: string }) => {
      const threshold = opts.threshold === undefined ? null : parseSize(opts.threshold);
      if (opts.threshold !== undefined && threshold === null) throw new UsageError(`--threshold ${opts.threshold} is not a size: write it like 40GB or 512MB`);
      const a = await app();
      const ctx = makeContext(a, {});
      const disks: WatchedDisk[] = [];
      for (const target of await resolveTargets(a.host, targetSpec(spec, opts.target))) disks.push(await watchOne(a, ctx, target, threshold));
      const recorded = await recordSizes(a.host, "watch", disks.map((d) => ({ name: d.target.name, path: d.target.path, size: d.size })));
      if (recorded) a.out.warn(recorded);
      const over = disks.filter((d) => d.overThreshold);
      if (a.out.opts.json) {
        a.out.json({ threshold, overThreshold: over.length > 0, disks });
      } else {
        a.out.result(renderTable(["target", "size", "reclaimable", "recommended", ...(threshold !== null ? ["over"] : [])], disks.map((d) => [
          d.target.name, d.size === null ? "?" : formatBytes(d.size),
          d.reclaimable === null ? "?" : (d.exact ? "" : "~") + formatBytes(d.reclaimable), d.recommended ?? "-",
          ...(threshold !== null ? [d.overThreshold ? "YES" : "no"] : []),
        ]), a.out.width));
      }
      if (over.length > 0) {
        const worst = over.map((d) => `${d.target.name} is ${formatBytes(d.size!)}`).join(", ");
        throw new ThresholdExceededError(`${worst}, above ${formatBytes(threshold!)}: shrink with vhdx-shrink${over[0].recommended ? ` --strategy ${over[0].recommended}` : ""} --target ${targetArg(over[0].target)}`);
      }
    });
}

async function watchOne(a: App, ctx: ReturnType<typeof makeContext>, target: Target, threshold: number | null): Promise<WatchedDisk> {
  const info = await a.host.fs.stat(target.path).catch(() => null);
  const size = info ? info.allocatedSize : null;
  const best = recommend(await strategyRows(ctx, a.registry, target));
  const reclaimable = best?.estimate?.reclaimable ?? (await ctx.analyze(target).then(() => 0, () => null));
  return {
    target, size, reclaimable, exact: best?.estimate?.exact ?? true, recommended: best?.name ?? null,
    overThreshold: threshold !== null && size !== null && size > threshold,
  };
}
