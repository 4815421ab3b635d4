/**
 * `vhdx-shrink list [--history] [--json]`: the WSL distros and Docker Desktop disks found on this machine,
 * with their sizes. Off Windows it says so and lists nothing (exit 0). Each run adds the sizes to the
 * history (core/history); `--history` shows each disk's growth since its last shrink and per week.
 * @module
 */
import type { Command } from "commander";
import type { App } from "../app.ts";
import { withGlobalOptions } from "../global_options.ts";
import { formatBytes } from "../format.ts";
import { discoverTargets } from "../../core/discover/mod.ts";
import type { DiscoveredTarget } from "../../core/discover/mod.ts";
import { engineOfDistro } from "../../core/docker_desktop/other_engines.ts";
import { growthOf, readHistory, recordSizes } from "../../core/history/mod.ts";
import { historyTable } from "./list_history.ts";

const size = (n: number | null) => n === null ? "-" : formatBytes(n);

/** Who owns a target: Rancher Desktop's and Podman's distros are named for their engine. */
const ownerOf = (t: DiscoveredTarget): string => (t.kind === "distro" ? engineOfDistro(t.name)?.id : undefined) ?? t.owner;

/** One table row per target. */
function row(t: DiscoveredTarget): string[] {
  return [t.isDefault ? `${t.name} *` : t.name, t.kind, ownerOf(t), t.state, size(t.fileSize), size(t.allocatedSize),
    size(t.virtualSize), t.isSparse ? "yes" : "no", t.path];
}

/** Adds the `list` command. */
export function addListCommand(program: Command, app: () => Promise<App>): void {
  withGlobalOptions(program.command("list"))
    .description("list WSL distros and Docker Desktop disks with their sizes")
    .option("--history", "show each disk's growth since its last shrink and per week, from the size history")
    .addHelpText("after", "\nExamples:\n  vhdx-shrink list\n  vhdx-shrink list --history\n  vhdx-shrink list --json")
    .action(async (opts: { history?: boolean }) => {
      const { host, out } = await app();
      const found = await discoverTargets(host);
      const recorded = await recordSizes(host, "list", found.targets.map((t) => ({ name: t.name, path: t.path, size: t.allocatedSize ?? t.fileSize })));
      const warnings = recorded ? [...found.warnings, recorded] : found.warnings;
      const history = growthOf(await readHistory(host));
      if (out.opts.json) {
        return out.json({ targets: found.targets.map((t) => ownerOf(t) === t.owner ? t : { ...t, engine: ownerOf(t) }), wsl: found.wsl, history, warnings, ...(host.isWindows ? {} : { note: "discovery needs Windows" }) });
      }
      for (const w of warnings) out.warn(w);
      if (opts.history) return historyTable(out, history);
      if (!host.isWindows) {
        out.result("Finding WSL and Docker Desktop disks needs Windows; give a VHDX file to other commands with --target FILE.");
        return;
      }
      if (found.targets.length === 0) {
        out.result("No WSL distros or Docker Desktop disks found.");
        return;
      }
      out.result(out.table(
        ["target", "kind", "owner", "state", "file size", "on disk", "virtual", "sparse", "path"],
        found.targets.map(row),
        [8],
      ));
      for (const t of found.targets.filter((t) => t.note)) out.print(out.style.dim(`${t.name}: ${t.note}`));
      out.print(out.style.dim(`WSL version: ${found.wsl.version ?? "unknown (inbox wsl.exe or WSL not installed)"}; * = default distro`));
    });
}
