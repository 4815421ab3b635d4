/**
 * The scheduled maintenance task as data: a small .cmd wrapper under `%LOCALAPPDATA%\vhdx-shrink`
 * that runs `watch` and, when watch exits 3 (a disk above the threshold), the chosen strategy; and
 * the `schtasks` command lines that register, query and remove it. The wrapper exists because
 * schtasks limits `/TR` to 261 characters (learn.microsoft.com "schtasks create") and because
 * `A || B` in `/TR` would also shrink after watch failed for another reason.
 * @module
 */

/** The task's name in Task Scheduler's root folder. */
export const TASK_NAME = "vhdx-shrink";
/** schtasks' limit on the `/TR` value. */
export const MAX_TASK_RUN_CHARS = 261;
/** File names under `%LOCALAPPDATA%\vhdx-shrink`. */
export const SCRIPT_FILE = "scheduled-shrink.cmd";
export const LOG_FILE = "scheduled-shrink.log";
/** Default start time and days: Sunday 03:00 weekly, the 1st 03:00 monthly. */
export const DEFAULT_TIME = "03:00";
export const DEFAULT_DAY = { weekly: "SUN", monthly: "1" } as const;

/** How often the task runs. */
export type Frequency = "weekly" | "monthly";

/** Everything the task needs. */
export interface ScheduleSpec {
  frequency: Frequency;
  /** MON..SUN (weekly) or 1..31 (monthly). */
  day: string;
  /** HH:mm, 24-hour. */
  time: string;
  /** `--threshold` as the user wrote it (e.g. "40GB"). */
  threshold: string;
  /** A data-preserving strategy to run when over the threshold; none: watch and log only. */
  strategy?: string;
  /** Targets (names or paths) for the strategy; empty without a strategy. */
  targets: string[];
  /** The program (and arguments) that runs vhdx-shrink (Host.selfCommand()). */
  self: string[];
  /** Where the log goes. */
  logPath: string;
  /** Register with `/RL HIGHEST` (the strategy needs administrator rights). */
  highest: boolean;
}

/** Quotes one argument for a cmd.exe batch line; `%` is doubled because batch files expand it. */
export function cmdQuote(arg: string): string {
  if (arg.includes("\"")) throw new Error(`cannot put a double quote in a scheduled command: ${arg}`);
  const escaped = arg.replace(/%/g, "%%");
  return /[\s&|<>^(),;=!%]/.test(arg) || arg === "" ? `"${escaped}"` : escaped;
}

const line = (args: string[]) => args.map(cmdQuote).join(" ");

/** The wrapper's text (CRLF line ends, as cmd.exe expects). */
export function scheduleScript(spec: ScheduleSpec): string {
  const log = cmdQuote(spec.logPath);
  const lines = [
    "@echo off",
    `rem Written by "vhdx-shrink schedule"; remove with "vhdx-shrink schedule --remove".`,
    `rem watch exits 3 when a disk is above ${spec.threshold}; only then does the strategy run.`,
    `echo [%DATE% %TIME%] scheduled run >> ${log}`,
  ];
  if (!spec.strategy) {
    lines.push(`${line([...spec.self, "watch", "--threshold", spec.threshold])} >> ${log} 2>&1`);
  } else {
    for (const target of spec.targets) {
      lines.push(`${line([...spec.self, "watch", "--threshold", spec.threshold, "--target", target])} >> ${log} 2>&1`);
      lines.push(`if %ERRORLEVEL% EQU 3 ${line([...spec.self, "--strategy", spec.strategy, "--target", target, "--yes"])} >> ${log} 2>&1`);
    }
  }
  lines.push("exit /b 0", "");
  return lines.join("\r\n");
}

/** `/TR`: the wrapper, quoted for Task Scheduler. */
export function taskRun(scriptPath: string): string {
  return `"${scriptPath}"`;
}

/** `schtasks /Create ...` arguments (`/F` replaces an earlier registration). */
export function createTaskArgs(spec: Pick<ScheduleSpec, "frequency" | "day" | "time" | "highest">, scriptPath: string): string[] {
  return [
    "/Create", "/TN", TASK_NAME, "/TR", taskRun(scriptPath),
    "/SC", spec.frequency === "weekly" ? "WEEKLY" : "MONTHLY", "/D", spec.day, "/ST", spec.time,
    ...(spec.highest ? ["/RL", "HIGHEST"] : []), "/F",
  ];
}

/** `schtasks /Query` arguments for `schedule --list`. */
export const QUERY_TASK_ARGS: readonly string[] = ["/Query", "/TN", TASK_NAME, "/FO", "LIST", "/V"];
/** `schtasks /Delete` arguments for `schedule --remove`. */
export const DELETE_TASK_ARGS: readonly string[] = ["/Delete", "/TN", TASK_NAME, "/F"];

/** Checks `/D` for the frequency; returns the upper-cased day or null. */
export function normalizeDay(frequency: Frequency, day: string | undefined): string | null {
  const d = (day ?? DEFAULT_DAY[frequency]).toUpperCase();
  if (frequency === "weekly") return ["MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"].includes(d) ? d : null;
  return /^([1-9]|[12]\d|3[01])$/.test(d) ? d : null;
}

/** Checks HH:mm. */
export function normalizeTime(time: string | undefined): string | null {
  const m = /^(\d{1,2}):(\d{2})$/.exec(time ?? DEFAULT_TIME);
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) return null;
  return `${m[1].padStart(2, "0")}:${m[2]}`;
}
