/**
 * Where the emulated Task Scheduler keeps tasks: one Task Scheduler 1.2 XML document per task under
 * `%SystemRoot%\System32\Tasks\<name>`, the folder Windows itself keeps them in (learn.microsoft.com,
 * "Task Scheduler Schema": Task, CalendarTrigger, ScheduleByWeek, ScheduleByMonth, Exec, RunLevel).
 * Windows writes these files as UTF-16; the emulator writes UTF-8, read only by itself.
 * @module
 */
import { win32 } from "node:path";
import type { ToolContext } from "./tool.ts";

/** A registered task as `schtasks /Create` described it. */
export interface StoredTask {
  /** Name without the leading `\` (tasks in the root folder only). */
  name: string;
  /** The `/TR` command line, as given. */
  run: string;
  schedule: "DAILY" | "WEEKLY" | "MONTHLY";
  /** `/D`: MON..SUN for weekly, 1..31 for monthly. */
  day: string;
  /** `/ST` as HH:mm. */
  startTime: string;
  /** `/RL HIGHEST` → HighestAvailable. */
  highest: boolean;
  /** ISO date the task was registered (StartBoundary's date). */
  registered: string;
}

/** Schema element names of the weekdays (taskschedulerschema daysOfWeekType). */
const DAY_ELEMENTS: Record<string, string> = {
  MON: "Monday", TUE: "Tuesday", WED: "Wednesday", THU: "Thursday", FRI: "Friday", SAT: "Saturday", SUN: "Sunday",
};

/** The folder holding task definitions. */
export function tasksFolder(ctx: ToolContext): string {
  return win32.join(ctx.env.SystemRoot ?? "C:\\Windows", "System32", "Tasks");
}

const xmlEscape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const xmlUnescape = (s: string) => s.replace(/&quot;/g, "\"").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");

function scheduleXml(t: StoredTask): string {
  if (t.schedule === "DAILY") return "<ScheduleByDay><DaysInterval>1</DaysInterval></ScheduleByDay>";
  if (t.schedule === "WEEKLY") return `<ScheduleByWeek><WeeksInterval>1</WeeksInterval><DaysOfWeek><${DAY_ELEMENTS[t.day]} /></DaysOfWeek></ScheduleByWeek>`;
  return `<ScheduleByMonth><DaysOfMonth><Day>${t.day}</Day></DaysOfMonth><Months>${Object.values(MONTHS).map((m) => `<${m} />`).join("")}</Months></ScheduleByMonth>`;
}

const MONTHS = { JAN: "January", FEB: "February", MAR: "March", APR: "April", MAY: "May", JUN: "June", JUL: "July", AUG: "August", SEP: "September", OCT: "October", NOV: "November", DEC: "December" };

/** The task document. */
export function taskXml(t: StoredTask): string {
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<Task version="1.2" xmlns="http://schemas.microsoft.com/windows/2004/02/mit/task">`,
    `  <RegistrationInfo><URI>\\${xmlEscape(t.name)}</URI></RegistrationInfo>`,
    `  <Triggers><CalendarTrigger><StartBoundary>${t.registered}T${t.startTime}:00</StartBoundary><Enabled>true</Enabled>${scheduleXml(t)}</CalendarTrigger></Triggers>`,
    `  <Principals><Principal id="Author"><LogonType>InteractiveToken</LogonType><RunLevel>${t.highest ? "HighestAvailable" : "LeastPrivilege"}</RunLevel></Principal></Principals>`,
    `  <Actions Context="Author"><Exec><Command>${xmlEscape(t.run)}</Command></Exec></Actions>`,
    `</Task>`,
    "",
  ].join("\r\n");
}

/** Reads a task document written by {@link taskXml}. */
export function parseTaskXml(name: string, xml: string): StoredTask {
  const get = (tag: string) => new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(xml)?.[1] ?? "";
  const start = get("StartBoundary");
  const weekday = Object.entries(DAY_ELEMENTS).find(([, el]) => xml.includes(`<${el} />`))?.[0];
  const schedule = xml.includes("<ScheduleByWeek>") ? "WEEKLY" : xml.includes("<ScheduleByMonth>") ? "MONTHLY" : "DAILY";
  return {
    name,
    run: xmlUnescape(get("Command")) + (get("Arguments") ? ` ${xmlUnescape(get("Arguments"))}` : ""),
    schedule,
    day: schedule === "WEEKLY" ? weekday ?? "MON" : schedule === "MONTHLY" ? get("Day") || "1" : "",
    startTime: start.slice(11, 16),
    highest: get("RunLevel") === "HighestAvailable",
    registered: start.slice(0, 10),
  };
}

/** The stored task of that name (case-insensitive, like Windows), or null. */
export async function readTask(ctx: ToolContext, name: string): Promise<StoredTask | null> {
  const folder = tasksFolder(ctx);
  const file = (await ctx.machine.fs.listDir(folder)).find((f) => f.toLowerCase() === name.toLowerCase());
  if (!file) return null;
  return parseTaskXml(file, await ctx.machine.fs.readText(win32.join(folder, file)));
}

/** Saves a task (replacing one of the same name). */
export async function writeTask(ctx: ToolContext, t: StoredTask): Promise<void> {
  const folder = tasksFolder(ctx);
  await ctx.machine.fs.mkdir(folder);
  const old = (await ctx.machine.fs.listDir(folder)).find((f) => f.toLowerCase() === t.name.toLowerCase());
  if (old) await ctx.machine.fs.remove(win32.join(folder, old));
  await ctx.machine.fs.writeText(win32.join(folder, t.name), taskXml(t));
}

/** The stored document of a task (case-insensitive name), or null. */
export async function readTaskDocument(ctx: ToolContext, name: string): Promise<string | null> {
  const folder = tasksFolder(ctx);
  const file = (await ctx.machine.fs.listDir(folder)).find((f) => f.toLowerCase() === name.toLowerCase());
  return file ? await ctx.machine.fs.readText(win32.join(folder, file)) : null;
}

/** Saves a document given with `/XML` as it is (replacing one of the same name). */
export async function writeTaskDocument(ctx: ToolContext, name: string, xml: string): Promise<void> {
  const folder = tasksFolder(ctx);
  await ctx.machine.fs.mkdir(folder);
  const old = (await ctx.machine.fs.listDir(folder)).find((f) => f.toLowerCase() === name.toLowerCase());
  if (old) await ctx.machine.fs.remove(win32.join(folder, old));
  await ctx.machine.fs.writeText(win32.join(folder, name), xml);
}

/** Deletes a task; false when there was none. */
export async function deleteTask(ctx: ToolContext, name: string): Promise<boolean> {
  const folder = tasksFolder(ctx);
  const file = (await ctx.machine.fs.listDir(folder)).find((f) => f.toLowerCase() === name.toLowerCase());
  if (!file) return false;
  await ctx.machine.fs.remove(win32.join(folder, file));
  return true;
}
