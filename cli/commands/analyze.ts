/**
 * `vhdx-shrink analyze FILE`: what the VHDX holds, what ext4 inside uses, and what each strategy
 * would leave. Read-only: the file is opened for reading only, and a dirty log is replayed in memory.
 * @module
 */
import type { Command } from "commander";
import type { App } from "../app.ts";
import { withGlobalOptions } from "../global_options.ts";
import { formatBytes, renderTable } from "../format.ts";
import { makeContext } from "../context.ts";
import { resolveOneTarget, TARGET_FLAG, targetSpec } from "../targets.ts";
import { contextFor } from "../../core/plugin/context.ts";
import type { Target } from "../../core/plugin/types.ts";

/** Adds the `analyze` command. */
export function addAnalyzeCommand(program: Command, app: () => Promise<App>): void {
  withGlobalOptions(program.command("analyze"))
    .description("show what a VHDX holds and what each strategy would leave (read-only)")
    .argument("[file|distro]", "a VHDX file, or a distro / Docker disk name on Windows")
    .option(TARGET_FLAG, "the same as FILE")
    .addHelpText("after", "\nExamples:\n  vhdx-shrink analyze ext4.vhdx\n  vhdx-shrink analyze --target Ubuntu\n  vhdx-shrink analyze docker_data.vhdx --json")
    .action(async (spec: string | undefined, opts: { target?: string }) => {
      const a = await app();
      const target = await resolveOneTarget(a.host, targetSpec(spec, opts.target), "analyze");
      const ctx = makeContext(a, {});
      const analysis = await ctx.analyze(target);
      const estimates = await estimatesFor(a, ctx, target);
      const native = analysis.usedOnlySizeAfter;
      const doc = {
        path: target.path,
        ...analysis,
        reclaimableBytes: native === null ? 0 : analysis.fileSize - native,
        estimates,
      };
      if (a.out.opts.json) return a.out.json(doc);
      const fs = analysis.filesystem;
      const fsLine = fs.type.startsWith("ext")
        ? `${fs.type}, ${formatBytes(fs.usedBytes)} used of ${formatBytes(fs.totalBlocks * fs.blockSize)}, ${fs.trusted ? "clean, map trusted" : `NOT trusted: ${fs.reason}`}`
        : `${fs.type}: not understood, only zero blocks can be reclaimed`;
      a.out.result(renderTable(["", ""], [
        ["file", target.path],
        ["file size", formatBytes(analysis.fileSize)],
        ["virtual size", formatBytes(analysis.virtualSize)],
        ["allocated blocks", `${formatBytes(analysis.allocatedBytes)} (${formatBytes(analysis.blockSize)} blocks)`],
        ["filesystem", fsLine],
        ["reclaimable (native, exact)", native === null ? `- (${analysis.filesystemRefusal ?? "refused"})` : formatBytes(doc.reclaimableBytes)],
      ], a.out.width).split("\n").slice(2).join("\n"));
      a.out.result("");
      a.out.result(a.out.table(["strategy", "size after", "note"], estimates.map((e) => [e.strategy, e.sizeAfter === null ? "-" : formatBytes(e.sizeAfter), e.note ?? ""]), [2]));
    });
}

async function estimatesFor(a: App, ctx: ReturnType<typeof makeContext>, target: Target) {
  const rows: { strategy: string; sizeAfter: number | null; note?: string }[] = [];
  for (const { plugin } of a.registry.list()) {
    // A strategy that does not take this kind of target has no estimate for it: the row says which kinds it takes.
    const kinds = plugin.metadata.requirements.targetKinds;
    if (!kinds.includes(target.kind)) {
      rows.push({ strategy: plugin.name, sizeAfter: null, note: `${kinds.join("/")} targets only` });
      continue;
    }
    try {
      const e = await plugin.estimate(contextFor(ctx, plugin), target);
      rows.push({ strategy: plugin.name, sizeAfter: e.sizeAfter, note: [e.exact ? "exact" : "estimate", e.note].filter(Boolean).join("; ") });
    } catch (err) {
      rows.push({ strategy: plugin.name, sizeAfter: null, note: (err as Error).message });
    }
  }
  return rows;
}
