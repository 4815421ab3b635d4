/**
 * The command tree (commander). Global options apply to every command.
 * @module
 */
import { Command } from "commander";
import { VERSION } from "../core/version.ts";
import type { App } from "./app.ts";
import { addPluginsCommand } from "./commands/plugins.ts";
import { addListCommand } from "./commands/list.ts";
import { addCompareCommand } from "./commands/compare.ts";
import { addAnalyzeCommand } from "./commands/analyze.ts";
import { addCompactCommand } from "./commands/compact.ts";
import { addShrinkAction } from "./commands/shrink.ts";
import type { Asker } from "./confirm.ts";
import { addDemoCommand } from "./commands/demo.ts";
import { addDoctorCommand } from "./commands/doctor.ts";
import { addWatchCommand } from "./commands/watch.ts";
import { addScheduleCommand } from "./commands/schedule.ts";
import { addUsageCommand } from "./commands/usage.ts";
import { addCheckCommand } from "./commands/check.ts";
import { addFixCommand } from "./commands/fix.ts";
import { addMoveCommand } from "./commands/move.ts";
import type { RunCli } from "./commands/demo.ts";
import type { RunSelf } from "./commands/schedule.ts";
import type { PluginRegistry } from "../core/plugin/registry.ts";
import { withGlobalOptions } from "./global_options.ts";

const EXAMPLES = `
Examples:
  vhdx-shrink                          find the disks, compare strategies, ask, shrink
  vhdx-shrink list                     WSL distros and Docker Desktop disks with their sizes
  vhdx-shrink compare --target Ubuntu  every strategy with this disk's real numbers
  vhdx-shrink --strategy native --target docker_data.vhdx --dry-run
  vhdx-shrink analyze ext4.vhdx --json
  vhdx-shrink usage ext4.vhdx --depth 3  what fills the disk, read from the VHDX
  vhdx-shrink compact ext4.vhdx --output small.vhdx
  vhdx-shrink plugins --plugin ./my-strategy.mjs
  vhdx-shrink --prune --strategy native --target docker_data.vhdx --yes
  vhdx-shrink doctor                   what would stop a shrink, and the fix
  vhdx-shrink watch --threshold 40GB   exit 3 when a disk is bigger
  vhdx-shrink schedule --weekly --strategy native --target Ubuntu
  vhdx-shrink check --threshold 10GB     fleets: exit 1 when a disk could give back 10 GB
  vhdx-shrink fix --unattended         fleets: shrink what is not in use, no prompts, one line
`;

/** Builds the program. `app` lazily creates the run-time state from the parsed global options. */
export function buildProgram(app: () => Promise<App>, asker: () => Asker, runCli: RunCli, registry?: PluginRegistry, runSelf: RunSelf = () => Promise.reject(new Error("this program cannot run itself"))): Command {
  const program = withGlobalOptions(new Command("vhdx-shrink"))
    .description("Give your disk back: shrink WSL2 and Docker Desktop VHDX files safely.")
    .version(VERSION, "-V, --version", "print the version")
    .addHelpText("after", EXAMPLES)
    .showSuggestionAfterError(true)
    // Options after a subcommand belong to it (compare --target is compare's, not the default command's).
    .enablePositionalOptions();
  addShrinkAction(program, app, asker, registry);
  addListCommand(program, app);
  addPluginsCommand(program, app);
  addAnalyzeCommand(program, app);
  addCompareCommand(program, app, registry);
  addCompactCommand(program, app, asker);
  addDemoCommand(program, app, runCli);
  addDoctorCommand(program, app);
  addWatchCommand(program, app);
  addScheduleCommand(program, app, runSelf);
  addUsageCommand(program, app);
  addCheckCommand(program, app);
  addFixCommand(program, app);
  addMoveCommand(program, app);
  return program;
}
