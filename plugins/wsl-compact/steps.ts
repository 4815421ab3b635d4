/**
 * The steps of the wsl-compact strategy: stop the distro (the WSL service would stop it itself, as
 * for an export: microsoft/WSL PR #40481 review), then `wsl --manage <distro> --compact`, which
 * trims the free ext4 blocks offline and compacts the VHDX inside the WSL service.
 * @module
 */
import type { PluginContext, Step, Target } from "../../mod.ts";

/** Stop the distro, then let WSL compact its disk. */
export function wslCompactSteps(ctx: PluginContext, target: Target): Step[] {
  const distro = target.name;
  const terminate = ctx.wsl.terminate(distro);
  const compact = ctx.wsl.compact(distro);
  return [
    {
      description: `stop ${distro} (WSL compacts only a stopped distro)`,
      command: terminate.line,
      changes: false,
      closes: [distro],
      run: (step) => terminate.run({ signal: step.signal }),
    },
    {
      description: `WSL checks ${distro}'s ext4 offline (e2fsck -f -y -E discard) and compacts its VHDX`,
      command: compact.line,
      details: ["e2fsck discards the free ext4 blocks; CompactVirtualDisk drops the VHDX blocks left empty and shortens the file"],
      changes: true,
      leaves: `${distro}'s disk is either as it was or compacted by WSL; run the command again to finish`,
      run: (step) => compact.run({ signal: step.signal }),
    },
  ];
}
