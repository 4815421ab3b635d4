/**
 * Registering, listing and removing the scheduled task through the host: the task's XML under
 * `%LOCALAPPDATA%\vhdx-shrink`, then `schtasks /Create /XML`, `/Query /XML`, `/Delete` (the only
 * schtasks forms used; the XML is not translated, docs/windows-facts.md §10). Success and failure
 * are judged by exit code; schtasks' `ERROR:` line is passed on as the reason.
 * @module
 */
import type { Host } from "../host/host.ts";
import { ScheduleError } from "./schedule_error.ts";
import { createTaskArgs, DELETE_TASK_ARGS, encodeTaskXml, LEGACY_SCRIPT_FILE, LOG_FILE, parseTaskXml, QUERY_TASK_ARGS, taskXml, XML_FILE } from "./schedule_task.ts";
import type { RegisteredTask, ScheduleSpec } from "./schedule_task.ts";

/** The task file and log paths on this host. */
export function schedulePaths(host: Host): { dir: string; xml: string; log: string; legacyScript: string } {
  const local = host.env("LOCALAPPDATA");
  if (!local) throw new ScheduleError("LOCALAPPDATA is not set: scheduling needs a Windows user profile");
  const dir = host.path.join(local, "vhdx-shrink");
  return { dir, xml: host.path.join(dir, XML_FILE), log: host.path.join(dir, LOG_FILE), legacyScript: host.path.join(dir, LEGACY_SCRIPT_FILE) };
}

const reason = (r: { stdout: string; stderr: string }) => (r.stderr.trim() || r.stdout.trim()).split("\n")[0];
/** schtasks' English text for a task that does not exist (translated elsewhere; see queryTask for the check that is not). */
const notFound = (r: { stdout: string; stderr: string }) => /cannot find the file/i.test(r.stderr + r.stdout);

/** What registering did. */
export interface Registered {
  xml: string;
  log: string;
  command: string;
  output: string;
}

/** Writes the task's XML (UTF-16) and registers it (replacing an earlier one). */
export async function registerTask(host: Host, spec: ScheduleSpec, now = new Date()): Promise<Registered> {
  const paths = schedulePaths(host);
  await host.fs.mkdir(paths.dir);
  await writeBytes(host, paths.xml, encodeTaskXml(taskXml(spec, now, paths.dir)));
  const args = createTaskArgs(paths.xml);
  const r = await host.exec("schtasks", args, { timeoutMs: 60_000 });
  if (r.code !== 0) {
    const denied = /access is denied/i.test(r.stdout + r.stderr) && spec.highest;
    throw new ScheduleError(`schtasks could not register the task (exit ${r.code}: ${reason(r)})${denied ? ": the strategy needs administrator rights, so run schedule from an elevated terminal" : ""}; nothing was scheduled`);
  }
  await host.fs.remove(paths.legacyScript).catch(() => undefined);
  return { xml: paths.xml, log: paths.log, command: ["schtasks", ...args].join(" "), output: r.stdout.trim() };
}

/** Replaces `path` with `bytes` (the file is ours: the task definition we write). */
async function writeBytes(host: Host, path: string, bytes: Uint8Array): Promise<void> {
  if (await host.fs.exists(path)) await host.fs.remove(path);
  const f = await host.fs.open(path, "create");
  try {
    await f.write(0, bytes);
    await f.sync();
  } finally {
    await f.close();
  }
}

/** Removes the task, its XML and an earlier version's wrapper; false when no task was registered. */
export async function removeTask(host: Host): Promise<boolean> {
  const r = await host.exec("schtasks", [...DELETE_TASK_ARGS], { timeoutMs: 60_000 });
  const paths = schedulePaths(host);
  if (r.code === 0 || notFound(r)) {
    await host.fs.remove(paths.xml).catch(() => undefined);
    await host.fs.remove(paths.legacyScript).catch(() => undefined);
  }
  if (r.code === 0) return true;
  if (notFound(r)) return false;
  throw new ScheduleError(`schtasks could not remove the task (exit ${r.code}: ${reason(r)})`);
}

/** The registered task as its XML describes it, or null when none is registered. */
export async function queryTask(host: Host): Promise<RegisteredTask | null> {
  const r = await host.exec("schtasks", [...QUERY_TASK_ARGS], { timeoutMs: 60_000 });
  if (r.code !== 0) {
    // Translated "not found" text aside, no task file of ours means nothing was registered by this tool.
    if (notFound(r) || (r.code === 1 && !(await host.fs.exists(schedulePaths(host).xml)))) return null;
    throw new ScheduleError(`schtasks could not query the task (exit ${r.code}: ${reason(r)})`);
  }
  if (!/<Task[\s>]/.test(r.stdout)) throw new ScheduleError(`schtasks /Query /XML printed no task document (exit 0): ${reason(r) || "no output"}`);
  return parseTaskXml(r.stdout);
}
