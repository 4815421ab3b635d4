/**
 * Registering, listing and removing the scheduled task through the host: the wrapper file under
 * `%LOCALAPPDATA%\vhdx-shrink`, then `schtasks`. Success and failure are judged by exit code;
 * schtasks' `ERROR:` line is passed on as the reason.
 * @module
 */
import type { Host } from "../host/host.ts";
import { ScheduleError } from "./errors.ts";
import { createTaskArgs, DELETE_TASK_ARGS, LOG_FILE, MAX_TASK_RUN_CHARS, QUERY_TASK_ARGS, SCRIPT_FILE, scheduleScript, taskRun } from "./schedule_task.ts";
import type { ScheduleSpec } from "./schedule_task.ts";

/** The wrapper and log paths on this host. */
export function schedulePaths(host: Host): { dir: string; script: string; log: string } {
  const local = host.env("LOCALAPPDATA");
  if (!local) throw new ScheduleError("LOCALAPPDATA is not set: scheduling needs a Windows user profile");
  const dir = host.path.join(local, "vhdx-shrink");
  return { dir, script: host.path.join(dir, SCRIPT_FILE), log: host.path.join(dir, LOG_FILE) };
}

const reason = (r: { stdout: string; stderr: string }) => (r.stderr.trim() || r.stdout.trim()).split("\n")[0];

/** What registering did. */
export interface Registered {
  script: string;
  log: string;
  command: string;
  output: string;
}

/** Writes the wrapper and registers the task (replacing an earlier one). */
export async function registerTask(host: Host, spec: Omit<ScheduleSpec, "logPath">): Promise<Registered> {
  const paths = schedulePaths(host);
  if (taskRun(paths.script).length > MAX_TASK_RUN_CHARS) {
    throw new ScheduleError(`the task's command would be longer than schtasks' ${MAX_TASK_RUN_CHARS} characters (${paths.script}): use a shorter LOCALAPPDATA path`);
  }
  await host.fs.mkdir(paths.dir);
  await host.fs.writeText(paths.script, scheduleScript({ ...spec, logPath: paths.log }));
  const args = createTaskArgs(spec, paths.script);
  const r = await host.exec("schtasks", args, { timeoutMs: 60_000 });
  if (r.code !== 0) {
    await host.fs.remove(paths.script).catch(() => undefined);
    const denied = /access is denied/i.test(r.stdout + r.stderr) && spec.highest;
    throw new ScheduleError(`schtasks could not register the task (exit ${r.code}: ${reason(r)})${denied ? ": the strategy needs administrator rights, so run schedule from an elevated terminal" : ""}; nothing was scheduled`);
  }
  return { script: paths.script, log: paths.log, command: ["schtasks", ...args].join(" "), output: r.stdout.trim() };
}

/** Removes the task and its wrapper; false when no task was registered. */
export async function removeTask(host: Host): Promise<boolean> {
  const r = await host.exec("schtasks", [...DELETE_TASK_ARGS], { timeoutMs: 60_000 });
  const paths = schedulePaths(host);
  await host.fs.remove(paths.script).catch(() => undefined);
  if (r.code === 0) return true;
  if (/cannot find the file/i.test(r.stderr + r.stdout)) return false;
  throw new ScheduleError(`schtasks could not remove the task (exit ${r.code}: ${reason(r)})`);
}

/** The registered task as `schtasks /Query /FO LIST /V` describes it (field → value), or null. */
export async function queryTask(host: Host): Promise<Record<string, string> | null> {
  const r = await host.exec("schtasks", [...QUERY_TASK_ARGS], { timeoutMs: 60_000 });
  if (r.code !== 0) {
    if (/cannot find the file/i.test(r.stderr + r.stdout)) return null;
    throw new ScheduleError(`schtasks could not query the task (exit ${r.code}: ${reason(r)})`);
  }
  return parseTaskList(r.stdout);
}

/** Parses `/FO LIST` output: `Field name:   value` lines (values may hold colons, e.g. times and paths). */
export function parseTaskList(text: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const l of text.split("\n")) {
    const m = /^([A-Za-z][A-Za-z :#\-/]*?):\s{2,}(.*)$/.exec(l.trimEnd()) ?? /^(Folder|TaskName|HostName):\s*(.*)$/.exec(l.trimEnd());
    if (m) fields[m[1].trim()] = m[2].trim();
  }
  return fields;
}
