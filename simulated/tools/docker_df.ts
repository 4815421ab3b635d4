/**
 * Emulated `docker system df`: the table the Docker CLI prints (docs.docker.com "docker system df":
 * TYPE, TOTAL, ACTIVE, SIZE, RECLAIMABLE with a percentage), filled from the machine's reclaimable
 * bytes. Build cache is its own row, which `docker builder prune` empties on its own.
 * @module
 */
import type { ToolContext, ToolResult } from "./tool.ts";
import { textResult } from "./tool.ts";
import { humanSize } from "./docker_units.ts";

/** Size of what is in use and kept, per row, so the SIZE column exceeds RECLAIMABLE as on a real machine. */
const KEPT_IMAGE_BYTES = 250_000_000;

/** `docker system df` against the running engine. */
export async function dockerSystemDf(ctx: ToolContext): Promise<ToolResult> {
  const d = (await ctx.machine.read()).docker;
  const cache = Math.min(d.buildCacheBytes ?? 0, d.reclaimableBytes);
  const images = d.reclaimableBytes - cache;
  const pct = (part: number, whole: number) => whole === 0 ? "0%" : `${Math.round((part / whole) * 100)}%`;
  const row = (type: string, total: number, active: number, size: number, reclaim: number, withPct = true) =>
    `${type.padEnd(16)}${String(total).padEnd(10)}${String(active).padEnd(10)}${humanSize(size).padEnd(10)}${humanSize(reclaim)}${withPct ? ` (${pct(reclaim, size)})` : ""}`;
  return textResult(0, [
    `${"TYPE".padEnd(16)}${"TOTAL".padEnd(10)}${"ACTIVE".padEnd(10)}${"SIZE".padEnd(10)}RECLAIMABLE`,
    row("Images", images > 0 ? 5 : 1, 1, images + KEPT_IMAGE_BYTES, images),
    row("Containers", 1, 1, 0, 0),
    row("Local Volumes", 1, 1, 0, 0),
    row("Build Cache", cache > 0 ? 12 : 0, 0, cache, cache, false),
    "",
  ].join("\n"));
}
