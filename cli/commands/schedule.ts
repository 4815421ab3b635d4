/**
 * `vhdx-shrink schedule --weekly|--monthly [--threshold SIZE] [--strategy NAME] [--target T]`,
 * `schedule --list`, `schedule --remove`: a Windows Task Scheduler task whose action is this program
 * running `schedule --run`, which watches and, above the threshold, runs a data-preserving strategy
 * (never unregister-only).
 * @module
 */
import { Option } from "commander";
import type { Command } from "commander";
import type { App } from "../app.ts";
import { withGlobalOptions } from "../global_options.ts";
import { formatBytes } from "../format.ts";
import { resolveTargets } from "../targets.ts";
import { parseSize } from "../../core/units.ts";
import { UsageError } from "../../core/errors.ts";
import { ScheduleError } from "../../core/schedule/schedule_error.ts";
import { createTaskArgs, normalizeDay, normalizeTime, TASK_NAME, taskXml } from "../../core/schedule/schedule_task.ts";
import type { Frequency } from "../../core/schedule/schedule_task.ts";
import { queryTask, registerTask, removeTask, schedulePaths } from "../../core/schedule/schedule.ts";
import { runScheduled } from "../../core/maintenance/schedule_run.ts";
import { collect } from "../plugin_flags.ts";
import type { Host } from "../../core/host/host.ts";
import { grownRun } from "./schedule_grown.ts";
import { afterShutdownRun, DEFAULT_COOLDOWN_HOURS, parseCooldown } from "./schedule_after_shutdown.ts";

/** Threshold when none is given. */
export const DEFAULT_THRESHOLD = "40GB";

const EXAMPLES = `
Examples:
  vhdx-shrink schedule --weekly                                   watch every Sunday 03:00, log only
  vhdx-shrink schedule --weekly --threshold 40GB --strategy native --target Ubuntu
  vhdx-shrink schedule --monthly --day 15 --at 12:30 --strategy diskpart   (run from an elevated terminal)
  vhdx-shrink schedule --weekly --grown 10GiB --strategy native     shrink a disk once it has grown 10 GiB since its last shrink
  vhdx-shrink schedule --after-shutdown --cooldown 24 --strategy native   every 15 min: shrink once no distro and no Docker Desktop runs, at most once a day
  vhdx-shrink schedule --list
  vhdx-shrink schedule --remove`;

interface ScheduleOptions {
  weekly?: boolean;
  monthly?: boolean;
  day?: string;
  at?: string;
  threshold?: string;
  grown?: string;
  afterShutdown?: boolean;
  cooldown?: string;
  strategy?: string;
  target?: string[];
  list?: boolean;
  run?: boolean;
  remove?: boolean;
  dryRun?: boolean;
}

/** Adds the `schedule` command. */
/** Runs the CLI in this process with other arguments on the same host, its output written to `write`. */
export type RunSelf = (argv: string[], host: Host, write: (text: string) => void) => Promise<number>;

/** Adds the `schedule` command; `runSelf` runs the scheduled task's own commands in this process. */
export function addScheduleCommand(program: Command, app: () => Promise<App>, runSelf: RunSelf): void {
  withGlobalOptions(program.command("schedule"))
    .description("register a Task Scheduler task that watches the disks and shrinks them above a threshold")
    .option("--weekly", "run every week (default day SUN)")
    .option("--monthly", "run every month (default day 1)")
    .option("--day <day>", "MON..SUN for --weekly, 1..31 for --monthly")
    .option("--at <HH:mm>", "start time, 24-hour (default 03:00)")
    .option("--threshold <size>", `shrink only above this size (default ${DEFAULT_THRESHOLD}; none with --grown)`)
    .option("--grown <size>", "run only when a disk has grown by this since its last shrink (the size history of list and watch), e.g. 10GiB")
    .option("--after-shutdown", "instead of --weekly/--monthly: check every 15 minutes and run only when no distro and no Docker Desktop is running")
    .option("--cooldown <hours>", `with --after-shutdown: hours since the last shrink in the size history before another (default ${DEFAULT_COOLDOWN_HOURS})`)
    .option("-s, --strategy <name>", "data-preserving strategy to run above the threshold (default: watch and log only)")
    .option("-t, --target <distro|file>", "the disk to shrink, repeatable (default: every disk the strategy works on)", collect)
    .option("--list", "show the registered task (schtasks /Query /XML)")
    .option("--remove", "remove the task and its file")
    .option("-n, --dry-run", "print the task's XML and the schtasks command; register nothing")
    .addOption(new Option("--run", "what the task runs: watch, then the strategy above the threshold, output to the log").hideHelp())
    .addHelpText("after", EXAMPLES)
    .action(async (opts: ScheduleOptions) => {
      const modes = [opts.weekly, opts.monthly, opts.afterShutdown && !opts.run, opts.list, opts.remove, opts.run].filter(Boolean).length;
      if (modes !== 1) throw new UsageError("choose one of --weekly, --monthly, --after-shutdown, --list or --remove");
      if (opts.cooldown !== undefined && !opts.afterShutdown) throw new UsageError("--cooldown goes with --after-shutdown");
      if (parseCooldown(opts.cooldown) === null) throw new UsageError(`--cooldown ${opts.cooldown} is not a number of hours: write it like 24`);
      const a = await app();
      if (opts.run) return scheduledRun(a, opts, runSelf);
      if (!a.host.isWindows) throw new ScheduleError("scheduling uses Windows Task Scheduler: run this on Windows");
      if (opts.list) return list(a);
      if (opts.remove) return remove(a);
      return register(a, opts, opts.monthly ? "monthly" : "weekly");
    });
}

async function list(a: App): Promise<void> {
  const task = await queryTask(a.host);
  if (a.out.opts.json) return a.out.json({ registered: task !== null, task });
  if (!task) return a.out.result(`No "${TASK_NAME}" task is registered (vhdx-shrink schedule --weekly registers one).`);
  const rows: [string, string][] = [
    ["Task", `\\${TASK_NAME}${task.enabled ? "" : " (disabled)"}`],
    ["Schedule", task.schedule === "WEEKLY" ? `weekly on ${task.day}` : task.schedule === "MONTHLY" ? `monthly on day ${task.day}` : task.schedule === "REPEAT" ? `repeats every ${task.day}` : task.schedule],
    ["Start time", task.time],
    ["Runs", `${task.command} ${task.arguments}`.trim()],
    ["Privileges", task.highest ? "highest" : "normal"],
    ["Missed runs", task.startWhenAvailable ? "started when the machine is next on" : "skipped"],
    ["On battery", task.disallowStartIfOnBatteries || task.stopIfGoingOnBatteries ? "does not run or is stopped" : "runs"],
  ];
  for (const [key, value] of rows) a.out.result(`${(key + ":").padEnd(13)} ${value}`);
  a.out.print(a.out.style.dim(`log: ${schedulePaths(a.host).log}`));
}

async function remove(a: App): Promise<void> {
  const removed = await removeTask(a.host);
  if (a.out.opts.json) return a.out.json({ removed });
  a.out.result(removed ? `Removed the "${TASK_NAME}" task and its file.` : `No "${TASK_NAME}" task was registered; nothing to remove.`);
}

async function register(a: App, opts: ScheduleOptions, frequency: Frequency): Promise<void> {
  const day = normalizeDay(frequency, opts.day);
  if (!day) throw new UsageError(`--day ${opts.day} does not fit --${frequency}: use ${frequency === "weekly" ? "MON..SUN" : "1..31"}`);
  const time = normalizeTime(opts.at);
  if (!time) throw new UsageError(`--at ${opts.at} is not a time: use HH:mm, e.g. 03:00`);
  const threshold = opts.threshold ?? (opts.grown || opts.afterShutdown ? "0" : DEFAULT_THRESHOLD);
  const bytes = parseSize(threshold);
  if (bytes === null) throw new UsageError(`--threshold ${threshold} is not a size: write it like 40GB`);
  if (opts.grown !== undefined && parseSize(opts.grown) === null) throw new UsageError(`--grown ${opts.grown} is not a size: write it like 10GiB`);
  let targets: string[] = [];
  let highest = false;
  if (opts.strategy) {
    const plugin = a.registry.get(opts.strategy);
    if (plugin.metadata.dataPreservation !== "full") {
      throw new ScheduleError(`${plugin.name} deletes the distro's data: it is never scheduled; choose a strategy that keeps data (vhdx-shrink compare)`);
    }
    const kinds = plugin.metadata.requirements.targetKinds;
    const given = opts.target ?? [];
    for (const spec of given.length ? given : [undefined]) {
      const found = (await resolveTargets(a.host, spec)).filter((t) => kinds.includes(t.kind));
      if (found.length === 0) throw new ScheduleError(`${plugin.name} works on none of the disks${spec ? ` named ${spec}` : " found"}: see vhdx-shrink compare`);
      // A path stays a path; a discovered disk is named as `--target` finds it again.
      targets.push(...found.map((t) => spec && t.path.toLowerCase() === a.host.path.resolve(spec).toLowerCase() ? t.path : t.name));
    }
    highest = plugin.metadata.requirements.admin;
    if (highest && !opts.dryRun && !(await a.host.isElevated())) {
      throw new ScheduleError(`${plugin.name} needs administrator rights, so the task must run with highest privileges: run schedule from an elevated terminal, or choose native`);
    }
  } else if (opts.target?.length) {
    throw new UsageError("--target needs --strategy: without a strategy the task only watches every disk");
  }
  const cooldown = opts.afterShutdown ? parseCooldown(opts.cooldown)! : undefined;
  const spec = { frequency, day, time, threshold, grown: opts.grown, afterShutdown: opts.afterShutdown, cooldown, strategy: opts.strategy, targets, self: a.host.selfCommand(), highest };
  if (opts.dryRun) {
    const paths = schedulePaths(a.host);
    const xml = taskXml(spec, new Date(), paths.dir);
    if (a.out.opts.json) return a.out.json({ dryRun: true, xml: paths.xml, content: xml, spec });
    a.out.result(`Would write ${paths.xml} (UTF-16):\n${xml.replace(/\r\n/g, "\n")}`);
    a.out.result(`Would run: schtasks ${createTaskArgs(paths.xml).map((x) => /\s/.test(x) ? `"${x}"` : x).join(" ")}`);
    return;
  }
  const done = await registerTask(a.host, spec);
  if (a.out.opts.json) return a.out.json({ registered: true, ...done, spec });
  a.out.result(done.output);
  const when = opts.afterShutdown ? `Every 15 minutes from ${time}, when no distro and no Docker Desktop is running and ${cooldown} h have passed since the last shrink` : `Every ${frequency === "weekly" ? day : `month on day ${day}`} at ${time}`;
  a.out.result(`${when}${opts.grown ? `, when a disk has grown by ${opts.grown} since its last shrink` : ""}: watch --threshold ${threshold} (${formatBytes(bytes)})` +
    (opts.strategy ? `, then ${opts.strategy} on ${targets.join(", ")} when above it.` : "; no strategy: it only logs."));
  a.out.print(a.out.style.dim(`task:   ${done.xml}\nlog:    ${done.log}\nremove: vhdx-shrink schedule --remove`));
}

/** The task's action: watch, then the strategy above the threshold; output to the log, exit code for Task Scheduler. */
async function scheduledRun(a: App, opts: ScheduleOptions, runCli: RunSelf): Promise<void> {
  const threshold = opts.threshold ?? (opts.grown || opts.afterShutdown ? "0" : DEFAULT_THRESHOLD);
  if (parseSize(threshold) === null) throw new UsageError(`--threshold ${threshold} is not a size: write it like 40GB`);
  if (opts.afterShutdown) {
    const gate = await afterShutdownRun(a.host, parseCooldown(opts.cooldown)!, schedulePaths(a.host).log);
    if (!gate.run) {
      if (a.out.opts.json) return a.out.json({ exitCode: 0, log: schedulePaths(a.host).log, ran: false, reason: gate.line });
      return a.out.result(`scheduled run: ${gate.line}; log: ${schedulePaths(a.host).log}`);
    }
  }
  const runSelf = (argv: string[], write: (t: string) => void) => runCli(argv, a.host, write);
  const log = schedulePaths(a.host).log;
  let targets = opts.target ?? [];
  if (opts.grown !== undefined) {
    const grown = await grownRun(a.host, opts.grown, targets, log);
    if (!grown.run) {
      if (a.out.opts.json) return a.out.json({ exitCode: 0, log, ran: false, reason: grown.line });
      return a.out.result(`scheduled run: ${grown.line}; log: ${log}`);
    }
    if (opts.strategy) targets = grown.targets;
  }
  const code = await runScheduled(a.host, { threshold, strategy: opts.strategy, targets }, log, runSelf);
  if (code !== 0) throw new ScheduleError(`the scheduled run ended with exit ${code}; see ${log}`, code);
  if (a.out.opts.json) a.out.json({ exitCode: code, log });
  else a.out.result(`scheduled run finished with exit 0; log: ${log}`);
}
