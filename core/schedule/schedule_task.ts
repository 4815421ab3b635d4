/**
 * The scheduled maintenance task as data: a Task Scheduler 1.2 XML document (registered with
 * `schtasks /Create /XML`) whose one `Exec` action is vhdx-shrink itself running `schedule --run`,
 * which watches and, above the threshold, runs the chosen strategy; and the `schtasks` command lines
 * that register, query (`/Query /XML`) and remove it. XML instead of `/SC`, `/TR` flags because
 * only the XML sets StartWhenAvailable, DisallowStartIfOnBatteries and StopIfGoingOnBatteries, its
 * element names are not translated, and the exe as the action needs no batch wrapper, which cmd.exe
 * would read in the OEM code page (docs/windows-facts.md §10). The task's result is the exe's exit code.
 * @module
 */

/** The task's name in Task Scheduler's root folder. */
export const TASK_NAME = "vhdx-shrink";
/** File names under `%LOCALAPPDATA%\vhdx-shrink`. */
export const XML_FILE = "scheduled-task.xml";
export const LOG_FILE = "scheduled-shrink.log";
/** The batch wrapper earlier versions registered; removed with the task. */
export const LEGACY_SCRIPT_FILE = "scheduled-shrink.cmd";
/** Default start time and days: Sunday 03:00 weekly, the 1st 03:00 monthly. */
export const DEFAULT_TIME = "03:00";
export const DEFAULT_DAY = { weekly: "SUN", monthly: "1" } as const;
/** Task Scheduler stops a run after this long (schema `ExecutionTimeLimit`, ISO 8601 duration). */
export const EXECUTION_TIME_LIMIT = "PT12H";
/** The task schema's namespace (learn.microsoft.com "Task Scheduler Schema"). */
export const TASK_NAMESPACE = "http://schemas.microsoft.com/windows/2004/02/mit/task";
/**
 * How often the after-shutdown task repeats: the schema's `Repetition` `Interval`, an ISO 8601
 * duration of at least one minute; with no `Duration` the pattern repeats indefinitely
 * (docs/windows-facts.md, "Task Scheduler repetition").
 */
export const REPEAT_INTERVAL = "PT15M";

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
  /** `--grown` as the user wrote it: run only when a disk has grown by this since its last shrink. */
  grown?: string;
  /**
   * `--after-shutdown`: the trigger repeats every REPEAT_INTERVAL instead of weekly or monthly, and
   * the run goes on only when no distro and no Docker Desktop runs and `cooldown` hours have passed
   * since the last shrink in the history (frequency and day are then not used).
   */
  afterShutdown?: boolean;
  /** Hours between two shrinks in after-shutdown mode. */
  cooldown?: number;
  /** The program (and arguments) that runs vhdx-shrink (Host.selfCommand()). */
  self: string[];
  /** Run with highest privileges (the strategy needs administrator rights). */
  highest: boolean;
}

/** Schema element names of the weekdays (taskschedulerschema daysOfWeekType). */
const DAY_ELEMENTS: Record<string, string> = {
  MON: "Monday", TUE: "Tuesday", WED: "Wednesday", THU: "Thursday", FRI: "Friday", SAT: "Saturday", SUN: "Sunday",
};
const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** Escapes text for an XML element or attribute. */
export const xmlEscape = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;");
const xmlUnescape = (s: string) => s.replace(/&quot;/g, "\"").replace(/&apos;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&#(\d+);/g, (_, n) => String.fromCodePoint(Number(n))).replace(/&amp;/g, "&");

/**
 * Quotes one argument so that CommandLineToArgvW and the C runtime give it back unchanged: quotes
 * around spaces, tabs, quotes and the empty string; backslashes doubled only before a quote
 * (learn.microsoft.com "Parsing C command-line arguments").
 */
export function quoteWindowsArg(arg: string): string {
  if (arg !== "" && !/[\s"]/.test(arg)) return arg;
  let out = "\"";
  let slashes = 0;
  for (const ch of arg) {
    if (ch === "\\") { slashes++; continue; }
    if (ch === "\"") { out += "\\".repeat(slashes * 2 + 1) + "\""; slashes = 0; continue; }
    out += "\\".repeat(slashes) + ch;
    slashes = 0;
  }
  return out + "\\".repeat(slashes * 2) + "\"";
}

/** The arguments `schedule --run` gets (after the program's own, e.g. the script of a runtime). */
export function runArgs(spec: Pick<ScheduleSpec, "threshold" | "strategy" | "targets" | "grown" | "afterShutdown" | "cooldown">): string[] {
  return ["schedule", "--run", "--threshold", spec.threshold, ...(spec.grown ? ["--grown", spec.grown] : []),
    ...(spec.afterShutdown ? ["--after-shutdown", ...(spec.cooldown !== undefined ? ["--cooldown", String(spec.cooldown)] : [])] : []),
    ...(spec.strategy ? ["--strategy", spec.strategy] : []), ...spec.targets.flatMap((t) => ["--target", t])];
}

/** The action: the program, and its arguments as one Windows command line. */
export function taskAction(spec: Pick<ScheduleSpec, "threshold" | "strategy" | "targets" | "grown" | "afterShutdown" | "cooldown" | "self">): { command: string; arguments: string } {
  const [command, ...rest] = spec.self;
  return { command, arguments: [...rest, ...runArgs(spec)].map(quoteWindowsArg).join(" ") };
}

const pad = (n: number) => String(n).padStart(2, "0");

function scheduleXml(spec: Pick<ScheduleSpec, "frequency" | "day">): string {
  if (spec.frequency === "weekly") return `<ScheduleByWeek><WeeksInterval>1</WeeksInterval><DaysOfWeek><${DAY_ELEMENTS[spec.day]} /></DaysOfWeek></ScheduleByWeek>`;
  return `<ScheduleByMonth><DaysOfMonth><Day>${Number(spec.day)}</Day></DaysOfMonth><Months>${MONTHS.map((m) => `<${m} />`).join("")}</Months></ScheduleByMonth>`;
}

/**
 * The task document. `now` gives the StartBoundary's date (local time, no zone: the trigger follows
 * the machine's clock). Settings: start a missed run when the machine is next on
 * (StartWhenAvailable), run on battery and keep running when unplugged, never two at once.
 */
export function taskXml(spec: ScheduleSpec, now: Date, workingDirectory: string): string {
  const action = taskAction(spec);
  const start = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}T${spec.time}:00`;
  return [
    `<?xml version="1.0" encoding="UTF-16"?>`,
    `<Task version="1.2" xmlns="${TASK_NAMESPACE}">`,
    `  <RegistrationInfo><Description>Written by "vhdx-shrink schedule"; remove with "vhdx-shrink schedule --remove".</Description><URI>\\${TASK_NAME}</URI></RegistrationInfo>`,
    spec.afterShutdown
      ? `  <Triggers><TimeTrigger><Repetition><Interval>${REPEAT_INTERVAL}</Interval><StopAtDurationEnd>false</StopAtDurationEnd></Repetition><StartBoundary>${start}</StartBoundary><Enabled>true</Enabled></TimeTrigger></Triggers>`
      : `  <Triggers><CalendarTrigger><StartBoundary>${start}</StartBoundary><Enabled>true</Enabled>${scheduleXml(spec)}</CalendarTrigger></Triggers>`,
    `  <Principals><Principal id="Author"><LogonType>InteractiveToken</LogonType><RunLevel>${spec.highest ? "HighestAvailable" : "LeastPrivilege"}</RunLevel></Principal></Principals>`,
    `  <Settings>`,
    `    <MultipleInstancesPolicy>IgnoreNew</MultipleInstancesPolicy>`,
    `    <DisallowStartIfOnBatteries>false</DisallowStartIfOnBatteries>`,
    `    <StopIfGoingOnBatteries>false</StopIfGoingOnBatteries>`,
    `    <StartWhenAvailable>true</StartWhenAvailable>`,
    `    <ExecutionTimeLimit>${EXECUTION_TIME_LIMIT}</ExecutionTimeLimit>`,
    `    <Enabled>true</Enabled>`,
    `  </Settings>`,
    `  <Actions Context="Author"><Exec><Command>${xmlEscape(action.command)}</Command><Arguments>${xmlEscape(action.arguments)}</Arguments><WorkingDirectory>${xmlEscape(workingDirectory)}</WorkingDirectory></Exec></Actions>`,
    `</Task>`,
    "",
  ].join("\r\n");
}

/** The document as schtasks /XML reads it: UTF-16LE with a byte-order mark. */
export function encodeTaskXml(xml: string): Uint8Array {
  const bytes = new Uint8Array(2 + xml.length * 2);
  bytes[0] = 0xff;
  bytes[1] = 0xfe;
  for (let i = 0; i < xml.length; i++) {
    const c = xml.charCodeAt(i);
    bytes[2 + 2 * i] = c & 0xff;
    bytes[3 + 2 * i] = c >> 8;
  }
  return bytes;
}

/** What `schtasks /Query /XML` says about the task (element text, not translated labels). */
export interface RegisteredTask {
  command: string;
  arguments: string;
  /** WEEKLY, MONTHLY or REPEAT (a time trigger with a repetition). */
  schedule: string;
  /** MON..SUN or 1..31; for REPEAT the interval (e.g. PT15M). */
  day: string;
  /** HH:mm. */
  time: string;
  highest: boolean;
  startWhenAvailable: boolean;
  disallowStartIfOnBatteries: boolean;
  stopIfGoingOnBatteries: boolean;
  enabled: boolean;
}

/** Reads a task document from `schtasks /Query /XML` (defaults as the schema gives them). */
export function parseTaskXml(xml: string): RegisteredTask {
  const get = (tag: string) => { const m = new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(xml); return m ? xmlUnescape(m[1].trim()) : undefined; };
  const flag = (tag: string, byDefault: boolean) => { const v = get(tag); return v === undefined ? byDefault : v === "true"; };
  const weekly = /<ScheduleByWeek>/.test(xml);
  const repeat = /<TimeTrigger>[\s\S]*<Repetition>/.test(xml);
  const weekday = Object.entries(DAY_ELEMENTS).find(([, el]) => new RegExp(`<${el}\\s*/>`).test(xml))?.[0];
  return {
    command: get("Command") ?? "",
    arguments: get("Arguments") ?? "",
    schedule: weekly ? "WEEKLY" : /<ScheduleByMonth>/.test(xml) ? "MONTHLY" : repeat ? "REPEAT" : "OTHER",
    day: weekly ? weekday ?? "" : repeat ? get("Interval") ?? "" : get("Day") ?? "",
    time: (get("StartBoundary") ?? "").slice(11, 16),
    highest: get("RunLevel") === "HighestAvailable",
    startWhenAvailable: flag("StartWhenAvailable", false),
    disallowStartIfOnBatteries: flag("DisallowStartIfOnBatteries", true),
    stopIfGoingOnBatteries: flag("StopIfGoingOnBatteries", true),
    enabled: !/<Settings>[\s\S]*<Enabled>false<\/Enabled>[\s\S]*<\/Settings>/.test(xml),
  };
}

/** `schtasks /Create ...` arguments (`/F` replaces an earlier registration; the run level is in the XML). */
export function createTaskArgs(xmlPath: string): string[] {
  return ["/Create", "/TN", TASK_NAME, "/XML", xmlPath, "/F"];
}

/** `schtasks /Query` arguments for `schedule --list`: the registered XML. */
export const QUERY_TASK_ARGS: readonly string[] = ["/Query", "/TN", TASK_NAME, "/XML"];
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
