/**
 * Emulated `schtasks.exe` for the schedule command: `/Create` (DAILY, WEEKLY, MONTHLY with `/D`,
 * `/ST`, `/RL`, `/F`), `/Create /TN name /XML file [/F]` (a Task Scheduler XML document in UTF-16,
 * the form Task Scheduler exports; docs/windows-facts.md §10), `/Delete /TN name [/F]` and
 * `/Query /TN name [/FO LIST|TABLE] [/V] | [/XML]`.
 * Texts and exit codes follow schtasks on Windows 10/11 (learn.microsoft.com "schtasks create",
 * "schtasks delete", "schtasks query"): SUCCESS lines on stdout, `ERROR:` lines on stderr with exit 1.
 * The `/TR` limit of 261 characters is schtasks' own ("Value for '/TR' option cannot be more than
 * 261 character(s)"), which is why long command lines go into a .cmd file.
 * @module
 */
import { win32 } from "node:path";
import type { Tool, ToolContext, ToolResult } from "./tool.ts";
import { argValue, hasFlag, textResult } from "./tool.ts";
import { deleteTask, readTask, readTaskDocument, writeTask, writeTaskDocument } from "./schtasks_store.ts";
import type { StoredTask } from "./schtasks_store.ts";

/** schtasks' limit on the `/TR` value. */
export const MAX_TASK_RUN_CHARS = 261;

const NOT_FOUND = "ERROR: The system cannot find the file specified.\n";
const WEEKDAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];
const SCHEDULES = ["DAILY", "WEEKLY", "MONTHLY"] as const;

const error = (text: string) => textResult(1, "", `ERROR: ${text}\n`);
const syntax = (verb: string, text: string) => textResult(1, "", `ERROR: Invalid syntax. ${text}\nType "SCHTASKS /${verb} /?" for usage.\n`);

/** schtasks.exe */
export const schtasks: Tool = (args, ctx) => {
  const verb = (args[0] ?? "").toLowerCase();
  if (verb === "/create") return create(args, ctx);
  if (verb === "/delete") return remove(args, ctx);
  if (verb === "/query") return query(args, ctx);
  return Promise.resolve(error(`Invalid argument/option - '${args[0] ?? ""}'.\nType "SCHTASKS /?" for usage.`));
};

async function create(args: string[], ctx: ToolContext): Promise<ToolResult> {
  if (argValue(args, "/xml") !== undefined) return createFromXml(args, ctx);
  const name = argValue(args, "/tn");
  const run = argValue(args, "/tr");
  const sc = argValue(args, "/sc")?.toUpperCase();
  for (const [opt, v] of [["tn", name], ["tr", run], ["sc", sc]] as const) {
    if (v === undefined) return syntax("CREATE", `Mandatory option '${opt}' is missing.`);
  }
  if (run!.length > MAX_TASK_RUN_CHARS) return syntax("CREATE", `Value for '/TR' option cannot be more than ${MAX_TASK_RUN_CHARS} character(s).`);
  if (!SCHEDULES.includes(sc as typeof SCHEDULES[number])) return error(`Invalid value for /SC option.`);
  const schedule = sc as StoredTask["schedule"];
  const d = argValue(args, "/d")?.toUpperCase();
  const day = schedule === "WEEKLY" ? d ?? "MON" : schedule === "MONTHLY" ? d ?? "1" : "";
  if (schedule === "WEEKLY" && !WEEKDAYS.includes(day)) return error(`Invalid value for /D option.`);
  if (schedule === "MONTHLY" && !(Number(day) >= 1 && Number(day) <= 31)) return error(`Invalid value for /D option.`);
  const startTime = argValue(args, "/st") ?? new Date().toTimeString().slice(0, 5);
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(startTime)) return error(`Invalid starttime value.`);
  const highest = (argValue(args, "/rl") ?? "").toUpperCase() === "HIGHEST";
  // Registering a task to run with highest privileges needs an elevated caller.
  if (highest && !ctx.elevated) return error("Access is denied.");
  if (await readTask(ctx, name!) && !hasFlag(args, "/f")) {
    // Without /F schtasks asks on the console; with no answer it keeps the old task.
    const answer = new TextDecoder().decode(ctx.stdin ?? new Uint8Array()).trim().toLowerCase();
    const prompt = `WARNING: The task name "${name}" already exists. Do you want to replace it (Y/N)? `;
    if (answer !== "y") return textResult(1, prompt + "\n");
  }
  await writeTask(ctx, { name: name!, run: run!, schedule, day, startTime, highest, registered: new Date().toISOString().slice(0, 10) });
  return textResult(0, `SUCCESS: The scheduled task "${name}" has successfully been created.\n`);
}

/**
 * `/Create /TN name /XML file [/F]`: the document must be UTF-16 (byte-order mark FF FE), a `Task`
 * in the task namespace with an `Exec` action; schedule flags do not combine with `/XML` (Learn
 * "schtasks create": /XML goes with /RU and /RP only). HighestAvailable needs an elevated caller.
 */
async function createFromXml(args: string[], ctx: ToolContext): Promise<ToolResult> {
  const name = argValue(args, "/tn");
  const file = argValue(args, "/xml")!;
  if (name === undefined) return syntax("CREATE", "Mandatory option 'tn' is missing.");
  for (const opt of ["/tr", "/sc", "/d", "/st", "/rl"]) {
    if (argValue(args, opt) !== undefined) return syntax("CREATE", `Invalid syntax. '${opt.slice(1).toUpperCase()}' option is not allowed with '/XML'.`);
  }
  const path = win32.resolve(ctx.env.USERPROFILE ?? "C:\\", file);
  const size = (await ctx.machine.fs.stat(path))?.size;
  if (size === undefined) return error("The system cannot find the file specified.");
  const f = await ctx.machine.fs.open(path, "read");
  const bytes = await f.read(0, size).finally(() => f.close());
  if (bytes[0] !== 0xff || bytes[1] !== 0xfe) return error("The task XML is malformed.\n(1,1)::ERROR: incorrect document syntax");
  const xml = new TextDecoder("utf-16le").decode(bytes.subarray(2));
  if (!/<Task\s[^>]*xmlns="http:\/\/schemas\.microsoft\.com\/windows\/2004\/02\/mit\/task"/.test(xml) || !/<Exec>\s*<Command>[^<]+<\/Command>/.test(xml)) {
    return error("The task XML is missing a required element or attribute.");
  }
  // The schema bounds a repetition's Interval to PT1M..P31D and its Duration to at least PT1M
  // (Learn "repetitionType Complex Type", docs/windows-facts.md §10); a value outside is
  // SCHED_E_INVALIDVALUE (0x80041318, winerror.h), whose text schtasks prints.
  for (const m of xml.matchAll(/<(Interval|Duration)>([^<]*)<\/\1>/g)) {
    const seconds = durationSeconds(m[2].trim());
    if (seconds === null || seconds < 60 || (m[1] === "Interval" && seconds > 31 * 86_400)) {
      return error(`The task XML contains a value which is incorrectly formatted or out of range.\n(1,1):${m[1]}:${m[2].trim()}`);
    }
  }
  if (/<RunLevel>HighestAvailable<\/RunLevel>/.test(xml) && !ctx.elevated) return error("Access is denied.");
  if (await readTask(ctx, name) && !hasFlag(args, "/f")) return error(`Cannot create a file when that file already exists.`);
  await writeTaskDocument(ctx, name, xml);
  return textResult(0, `SUCCESS: The scheduled task "${name}" has successfully been created.\n`);
}

/** Seconds of an ISO 8601 duration as the schema writes it (P<days>DT<hours>H<minutes>M<seconds>S); null when it is not one. */
function durationSeconds(text: string): number | null {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(text);
  if (!m || text === "P" || text.endsWith("T")) return null;
  return Number(m[1] ?? 0) * 86_400 + Number(m[2] ?? 0) * 3_600 + Number(m[3] ?? 0) * 60 + Number(m[4] ?? 0);
}

async function remove(args: string[], ctx: ToolContext): Promise<ToolResult> {
  const name = argValue(args, "/tn");
  if (name === undefined) return syntax("DELETE", "Mandatory option 'tn' is missing.");
  if (!(await readTask(ctx, name))) return textResult(1, "", NOT_FOUND);
  if (!hasFlag(args, "/f")) {
    const answer = new TextDecoder().decode(ctx.stdin ?? new Uint8Array()).trim().toLowerCase();
    if (answer !== "y") return textResult(0, `WARNING: Are you sure you want to remove the task "${name}" (Y/N)? \n`);
  }
  await deleteTask(ctx, name);
  return textResult(0, `SUCCESS: The scheduled task "${name}" was successfully deleted.\n`);
}

async function query(args: string[], ctx: ToolContext): Promise<ToolResult> {
  const name = argValue(args, "/tn");
  if (name === undefined) return error("This emulation answers /Query only with /TN.");
  const task = await readTask(ctx, name);
  if (!task) return textResult(1, "", NOT_FOUND);
  // /XML prints the registered document (element names are never translated).
  if (hasFlag(args, "/xml")) return textResult(0, (await readTaskDocument(ctx, name))!);
  const next = formatUsDateTime(nextRun(task, new Date()));
  const format = (argValue(args, "/fo") ?? "TABLE").toUpperCase();
  if (format !== "LIST") {
    return textResult(0, `\nFolder: \\\nTaskName                                 Next Run Time          Status         \n` +
      `======================================== ====================== ===============\n` +
      `${task.name.padEnd(40)} ${next.padEnd(22)} Ready          \n`);
  }
  const rows: [string, string][] = [
    ["HostName", "SIMULATED-PC"], ["TaskName", `\\${task.name}`], ["Next Run Time", next], ["Status", "Ready"], ["Logon Mode", "Interactive only"],
  ];
  if (hasFlag(args, "/v")) {
    rows.push(["Last Run Time", "11/30/1999 12:00:00 AM"], ["Last Result", "267011"], ["Author", "SIMULATED-PC\\me"],
      ["Task To Run", task.run], ["Run As User", "me"], ["Schedule Type", scheduleType(task)],
      ["Start Time", formatUsDateTime(atTime(new Date(0), task.startTime)).split(" ").slice(1).join(" ")],
      ["Days", task.schedule === "WEEKLY" ? task.day : task.schedule === "MONTHLY" ? task.day : "Every 1 day(s)"]);
  }
  return textResult(0, `\nFolder: \\\n${rows.map(([k, v]) => `${(k + ":").padEnd(38)}${v}`).join("\n")}\n`);
}

function scheduleType(t: StoredTask): string {
  return { DAILY: "Daily ", WEEKLY: "Weekly", MONTHLY: "Monthly" }[t.schedule];
}

function atTime(d: Date, hhmm: string): Date {
  const r = new Date(d);
  r.setHours(Number(hhmm.slice(0, 2)), Number(hhmm.slice(3, 5)), 0, 0);
  return r;
}

/** The next time the trigger fires after `now`. */
export function nextRun(t: StoredTask, now: Date): Date {
  for (let i = 0; i < 62; i++) {
    const day = new Date(now);
    day.setDate(now.getDate() + i);
    const at = atTime(day, t.startTime);
    if (at <= now) continue;
    if (t.schedule === "WEEKLY" && WEEKDAYS[at.getDay()] !== t.day) continue;
    if (t.schedule === "MONTHLY" && at.getDate() !== Number(t.day)) continue;
    return at;
  }
  return atTime(now, t.startTime);
}

/** `11/29/2026 3:00:00 AM`, the en-US form schtasks prints. */
export function formatUsDateTime(d: Date): string {
  const h = d.getHours() % 12 || 12;
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getMonth() + 1}/${d.getDate()}/${d.getFullYear()} ${h}:${pad(d.getMinutes())}:${pad(d.getSeconds())} ${d.getHours() < 12 ? "AM" : "PM"}`;
}
