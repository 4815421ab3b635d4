/**
 * Emulated `powershell.exe -NoProfile [-NonInteractive] -Command <script>`: the Hyper-V cmdlets the
 * optimize-vhd strategy uses (Get-Module -ListAvailable Hyper-V, Mount-VHD, Optimize-VHD, Dismount-VHD,
 * Get-VHD) and `Start-Process -Verb RunAs -Wait -PassThru`, the elevation relaunch of WindowsHost.
 *
 * Exit code and error handling follow about_PowerShell_exe, section -Command (docs/windows-facts.md §1):
 * the exit code is that of the LAST statement run, 0 when `$?` is true and 1 when false, so an earlier
 * failure is lost; a native program's exit code other than 0/1 in the last statement becomes 1;
 * `exit N` gives N; `throw`, `-ErrorAction Stop` and `$ErrorActionPreference = 'Stop'` make an error
 * terminating: it runs the enclosing `catch`, or stops the script with exit code 1. Hyper-V cmdlet
 * failures are written as non-terminating errors (about_CommonParameters: -ErrorAction); a missing
 * command and a declined UAC prompt are statement-terminating (Process.cs `ThrowTerminatingError`,
 * docs/windows-facts.md §2). `Start-Process -ArgumentList` joins its items with single spaces, quoting
 * nothing, and the started program splits that string by the C runtime rules (crt_argv.ts, §2, §3).
 * @module
 */
import type { Tool, ToolContext } from "./tool.ts";
import { checkpoint, textResult, ToolTerminated } from "./tool.ts";
import { toolName } from "./tool_names.ts";
import { listValue, paramValue, parsePowerShell, switchSet } from "./powershell_script.ts";
import type { Condition, Node, Operand, Statement } from "./powershell_script.ts";
import { inUse, notAdmin, notFound, notRecognized, roleMissing, serviceNotFound, sparseRefused, startFailed, UAC_CANCELLED, errorRecord } from "./powershell_messages.ts";
import { splitCrtCommandLine } from "./crt_argv.ts";
import { STATIC_METHODS } from "./powershell_static.ts";
import { fromConsoleBytes } from "./console_text.ts";
import { winPathKey } from "../win_path.ts";
import { reclaimBlocks } from "../vhdx_files.ts";
import { readVhdxBlocks } from "../vhdx_blocks.ts";

/** What one cmdlet call did. */
interface Outcome {
  out?: string;
  /** An error record; non-terminating unless `terminating` is set or the preference says Stop. */
  err?: string;
  /** The error stops the statement even without Stop (missing command, cancelled UAC prompt). */
  terminating?: boolean;
  /** The object the cmdlet writes to the pipeline (Start-Process -PassThru's process). */
  value?: unknown;
  /** The Win32 error behind the error (the InnerException's NativeErrorCode: 1223 for a declined UAC prompt). */
  nativeErrorCode?: number;
}

type Cmdlet = (t: Statement, ctx: ToolContext) => Promise<Outcome>;

/** Cmdlets of the Hyper-V module: missing unless Hyper-V is installed. */
const HYPER_V = new Set(["mount-vhd", "optimize-vhd", "dismount-vhd", "get-vhd"]);

const CMDLETS: Record<string, Cmdlet> = {
  "get-module": getModule,
  "mount-vhd": mountVhd,
  "optimize-vhd": optimizeVhd,
  "dismount-vhd": dismountVhd,
  "get-vhd": getVhd,
  "start-process": startProcess,
  "get-service": getService,
  "get-content": getContent,
};

/** An error that unwinds to the nearest `catch` (or ends the script with exit code 1). */
class PsError extends Error {
  constructor(readonly record: string, readonly nativeErrorCode?: number) {
    // The exception's message: the record's text before its position block, without "Cmdlet : ".
    super(record.split("\nAt line:")[0].replace(/^[\w-]+ : /, "").replace(/\n/g, " "));
  }
}
/** `exit N`: unwinds through every `finally` and ends the script. */
class PsExit {
  constructor(readonly code: number) {}
}

/** One run of a script. */
class Session {
  out: string[] = [];
  err: string[] = [];
  vars = new Map<string, unknown>([["true", true], ["false", false], ["null", null]]);
  stop = false;
  lastOk = true;
  tryDepth = 0;
  constructor(readonly ctx: ToolContext, readonly hyperV: boolean) {}
}

/** powershell.exe */
export const powershell: Tool = async (args, ctx) => {
  const at = args.findIndex((a) => /^-c(ommand)?$/i.test(a));
  const script = at >= 0 ? args.slice(at + 1).join(" ") : "";
  const s = new Session(ctx, (await ctx.machine.read()).hyperV);
  let nodes: Node[];
  try {
    nodes = parsePowerShell(script);
  } catch (e) {
    return textResult(1, "", `${(e as Error).message}\n`);
  }
  try {
    await runBlock(nodes, s);
    return textResult(s.lastOk ? 0 : 1, s.out.join(""), s.err.join(""));
  } catch (e) {
    if (e instanceof PsExit) return textResult(e.code, s.out.join(""), s.err.join(""));
    if (e instanceof PsError) return textResult(1, s.out.join(""), s.err.join("") + e.record);
    throw e;
  }
};

async function runBlock(nodes: Node[], s: Session): Promise<void> {
  for (const node of nodes) await runNode(node, s);
}

async function runNode(node: Node, s: Session): Promise<void> {
  switch (node.kind) {
    case "exit":
      throw new PsExit(node.value ? Number(await value(node.value, s)) | 0 : 0);
    case "throw":
      throw new PsError(`Exception: ${node.value ? String(await value(node.value, s)) : "ScriptHalted"}\n`);
    case "if":
      return runBlock(await test(node.cond, s) ? node.then : node.otherwise ?? [], s);
    case "try":
      return runTry(node, s);
    case "call":
      await call(node.target, await values(node.args, s), s);
      return;
    case "assign": {
      const v = "kind" in node.value ? await command(node.value, s) : await value(node.value, s);
      if (node.name === "erroractionpreference") s.stop = String(v).toLowerCase() === "stop";
      s.vars.set(node.name, v);
      s.lastOk = true;
      return;
    }
    case "command":
      await command(node, s);
  }
}

async function runTry(node: Extract<Node, { kind: "try" }>, s: Session): Promise<void> {
  try {
    s.tryDepth++;
    try {
      await runBlock(node.body, s);
    } finally {
      s.tryDepth--;
    }
  } catch (e) {
    if (!(e instanceof PsError) || !node.catchBody) throw e;
    const inner = e.nativeErrorCode === undefined ? null : { nativeerrorcode: e.nativeErrorCode };
    s.vars.set("_", { exception: { message: e.message, innerexception: inner }, record: e.record });
    await runBlock(node.catchBody, s);
  } finally {
    if (node.finallyBody) await runBlock(node.finallyBody, s);
  }
}

/** Runs a cmdlet or a program; returns what it writes to the pipeline. */
async function command(node: Extract<Node, { kind: "command" }>, s: Session): Promise<unknown> {
  const tokens: string[] = [];
  for (const [i, t] of node.tokens.entries()) {
    tokens.push(!node.quoted[i] && t.startsWith("$") ? String(await value({ variable: t.slice(1).split(".")[0].toLowerCase(), path: t.split(".").slice(1).map((p) => p.toLowerCase()) }, s)) : t);
  }
  const name = tokens[0]?.toLowerCase() ?? "";
  const cmdlet = CMDLETS[name];
  if (cmdlet && !(HYPER_V.has(name) && !s.hyperV)) return cmdletResult(await cmdlet(tokens, s.ctx), tokens, s);
  if (!cmdlet && toolName(name)) return native(tokens, s);
  return cmdletResult({ err: notRecognized(tokens[0] ?? ""), terminating: true }, tokens, s);
}

function cmdletResult(r: Outcome, tokens: Statement, s: Session): unknown {
  if (r.out) s.out.push(r.out);
  s.lastOk = !r.err;
  if (!r.err) return r.value;
  const stop = s.stop || (paramValue(tokens, "ErrorAction") ?? "").toLowerCase() === "stop";
  // A terminating error unwinds to a catch; at top level without Stop it only ends this statement.
  if (stop || (r.terminating && s.tryDepth > 0)) throw new PsError(r.err, r.nativeErrorCode);
  // SilentlyContinue and Ignore: the error is not shown (about_CommonParameters, -ErrorAction).
  if (/^(silentlycontinue|ignore)$/i.test(paramValue(tokens, "ErrorAction") ?? "")) return undefined;
  s.err.push(r.err);
  return undefined;
}

/** A native program: `$LASTEXITCODE` is its exit code, `$?` is true only for 0. */
async function native(tokens: Statement, s: Session): Promise<unknown> {
  const r = await s.ctx.run(tokens[0], tokens.slice(1).filter((t) => t !== ","));
  s.vars.set("lastexitcode", r.code);
  s.lastOk = r.code === 0;
  // PowerShell reads a native program's output in the console code page and writes it out again.
  s.out.push(await fromConsoleBytes(r.stdout, s.ctx));
  return undefined;
}

async function value(o: Operand, s: Session): Promise<unknown> {
  if ("call" in o) return call(o.call, await values(o.args, s), s);
  if ("literal" in o) return o.literal === "@()" ? [] : /^-?\d+$/.test(o.literal) ? Number(o.literal) : o.literal;
  let v: unknown = o.variable === "?" ? s.lastOk : s.vars.get(o.variable);
  for (const p of o.path) v = v && typeof v === "object" ? (v as Record<string, unknown>)[p] : undefined;
  return v ?? null;
}

async function values(args: Operand[], s: Session): Promise<unknown[]> {
  const out: unknown[] = [];
  for (const a of args) out.push(await value(a, s));
  return out;
}

async function test(c: Condition, s: Session): Promise<boolean> {
  if (c.op === "truthy") {
    const v = await value(c.value, s);
    const truthy = Array.isArray(v) ? v.length > 0 : Boolean(v);
    return c.negate ? !truthy : truthy;
  }
  const [l, r] = [await value(c.left, s), await value(c.right, s)];
  const eq = typeof l === "string" && typeof r === "string" ? l.toLowerCase() === r.toLowerCase() : l == r;
  return c.op === "-eq" ? eq : c.op === "-ne" ? !eq : c.op === "-gt" ? Number(l) > Number(r) : Number(l) < Number(r);
}

/** A static .NET method call (`[Console]::Error.WriteLine(x)`, `[Convert]::FromBase64String(x)`, ...): static_calls.ts. */
async function call(target: string, args: unknown[], s: Session): Promise<unknown> {
  const method = STATIC_METHODS[target];
  if (!method) throw new PsError(errorRecord(target, `Method invocation failed: ${target} is not emulated.`, "InvalidOperation: (:) [], RuntimeException", "MethodNotFound"));
  const r = await method(args, { ctx: s.ctx, out: s.out, err: s.err }).catch((e: Error) => {
    throw new PsError(errorRecord(target, `Exception calling "${target.split(/::|\./).pop()}": "${e.message}"`, "NotSpecified: (:) [], MethodInvocationException", "MethodInvocationException"));
  });
  s.lastOk = true;
  return r;
}

async function getModule(t: Statement, ctx: ToolContext): Promise<Outcome> {
  const wanted = (paramValue(t, "Name") ?? t.filter((x) => !x.startsWith("-"))[1] ?? "").toLowerCase();
  if (wanted !== "hyper-v" || !(await ctx.machine.read()).hyperV) return {};
  return {
    value: { name: "Hyper-V" },
    out: "\n\n    Directory: C:\\WINDOWS\\system32\\WindowsPowerShell\\v1.0\\Modules\n\n\n" +
      "ModuleType Version    Name                                ExportedCommands\n" +
      "---------- -------    ----                                ----------------\n" +
      "Binary     2.0.0.0    Hyper-V                             {Add-VMAssignableDevice, Add-VMDvdDrive, Add-VMFibreChannelHba, Add-VMGpuPartitionAdapter...}\n\n\n",
  };
}

/** Checks shared by the VHD cmdlets; returns an error record or the path. */
async function vhdPreflight(cmdlet: string, t: Statement, ctx: ToolContext, opts: { refuseSparse: boolean }): Promise<{ err: string } | { path: string }> {
  if ((await ctx.machine.read()).faults.hyperVRoleMissing) return { err: roleMissing(cmdlet) };
  if (!ctx.elevated) return { err: notAdmin(cmdlet) };
  const path = paramValue(t, "Path") ?? t[1];
  if (!path || !(await ctx.machine.fs.exists(path))) return { err: notFound(cmdlet, path ?? "") };
  if (opts.refuseSparse && (await ctx.machine.fs.stat(path))?.isSparse) return { err: sparseRefused(cmdlet, path) };
  return { path };
}

async function mountVhd(t: Statement, ctx: ToolContext): Promise<Outcome> {
  const p = await vhdPreflight("Mount-VHD", t, ctx, { refuseSparse: true });
  if ("err" in p) return p;
  if (await ctx.machine.fs.isLocked(p.path)) return { err: inUse("Mount-VHD", p.path) };
  const mode = switchSet(t, "ReadOnly") ? "readonly" : "readwrite";
  await ctx.machine.update((s) => void (s.attached[winPathKey(p.path)] = mode));
  return {};
}

async function dismountVhd(t: Statement, ctx: ToolContext): Promise<Outcome> {
  const p = await vhdPreflight("Dismount-VHD", t, ctx, { refuseSparse: false });
  if ("err" in p) return p;
  const was = await ctx.machine.update((s) => {
    const k = winPathKey(p.path);
    const had = k in s.attached;
    delete s.attached[k];
    return had;
  });
  return was ? {} : {
    err: errorRecord("Dismount-VHD", `The disk '${p.path}' is not attached.`, "InvalidOperation: (:) [Dismount-VHD], VirtualizationException", "InvalidState,Microsoft.Vhd.PowerShell.Cmdlets.DismountVhd"),
  };
}

/**
 * Optimize-VHD: Full scans for zero blocks (with or without a read-only attach, falling back to
 * Prezeroed); Quick reclaims only blocks the guest trimmed, so without a prior fstrim it frees nothing.
 */
async function optimizeVhd(t: Statement, ctx: ToolContext): Promise<Outcome> {
  const p = await vhdPreflight("Optimize-VHD", t, ctx, { refuseSparse: true });
  if ("err" in p) return p;
  const state = await ctx.machine.read();
  if (state.faults.optimizeFails) {
    return { err: errorRecord("Optimize-VHD", `Failed to compact the virtual disk.\nThe system failed to compact '${p.path}': The device is not ready. (0x80070015).`, "NotSpecified: (:) [Optimize-VHD], VirtualizationException", "OperationFailed,Microsoft.Vhd.PowerShell.Cmdlets.OptimizeVhd") };
  }
  const mode = (paramValue(t, "Mode") ?? "Full").toLowerCase();
  const key = winPathKey(p.path);
  const attachedRw = state.attached[key] === "readwrite";
  if (attachedRw && mode === "full") {
    return { err: errorRecord("Optimize-VHD", `The virtual disk '${p.path}' must be attached read-only or detached for Full mode.`, "InvalidOperation: (:) [Optimize-VHD], VirtualizationException", "InvalidState,Microsoft.Vhd.PowerShell.Cmdlets.OptimizeVhd") };
  }
  const reclaims = mode === "full" || mode === "prezeroed" || ((mode === "quick" || mode === "pretrimmed") && state.trimmed[key]);
  let file;
  try {
    file = await ctx.machine.openAsDiskService(p.path);
  } catch {
    return { err: inUse("Optimize-VHD", p.path) };
  }
  try {
    if (reclaims) await reclaimBlocks(file, { beforeRead: () => checkpoint(ctx) });
  } finally {
    await file.close();
  }
  if (reclaims) await ctx.machine.update((s) => void delete s.trimmed[key]);
  return {};
}

async function getVhd(t: Statement, ctx: ToolContext): Promise<Outcome> {
  const p = await vhdPreflight("Get-VHD", t, ctx, { refuseSparse: false });
  if ("err" in p) return p;
  const info = await ctx.machine.fs.stat(p.path);
  const f = await ctx.machine.fs.open(p.path, "read").catch(() => undefined);
  if (!f) return { err: inUse("Get-VHD", p.path) };
  const l = await readVhdxBlocks(f).finally(() => f.close());
  const attached = winPathKey(p.path) in (await ctx.machine.read()).attached;
  const rows: [string, string | number][] = [
    ["ComputerName", "SIMULATED-PC"], ["Path", p.path], ["VhdFormat", "VHDX"], ["VhdType", "Dynamic"],
    ["FileSize", info?.size ?? 0], ["Size", l.virtualSize], ["MinimumSize", ""], ["LogicalSectorSize", l.logicalSectorSize],
    ["PhysicalSectorSize", l.physicalSectorSize], ["BlockSize", l.blockSize], ["ParentPath", ""], ["DiskIdentifier", ""],
    ["FragmentationPercentage", 0], ["Alignment", 1], ["Attached", attached ? "True" : "False"], ["DiskNumber", ""],
    ["IsPMEMCompatible", "False"], ["AddressAbstractionType", "None"], ["Number", ""],
  ];
  return { out: "\n\n" + rows.map(([k, v]) => `${k.padEnd(23)} : ${v}`).join("\n") + "\n\n\n\n" };
}

/**
 * `Start-Process -FilePath X -ArgumentList ... -Verb RunAs -Wait -PassThru`: UAC prompt, then the
 * program with the list joined by single spaces and split again by the C runtime rules.
 */
async function startProcess(t: Statement, ctx: ToolContext): Promise<Outcome> {
  const file = paramValue(t, "FilePath") ?? t[1];
  const line = listValue(t, "ArgumentList").join(" ");
  const runAs = (paramValue(t, "Verb") ?? "").toLowerCase() === "runas";
  if (runAs && !ctx.elevated && (await ctx.machine.read()).faults.elevationDenied) return { err: UAC_CANCELLED, terminating: true, nativeErrorCode: ERROR_CANCELLED };
  const signal = ctx.signal;
  if (runAs && !ctx.elevated && signal && (await ctx.machine.read()).faults.uacAnsweredLate) {
    // The prompt stays up after the caller gave up and killed this PowerShell; accepted then, it still starts the program.
    await new Promise<void>((resolve) => (signal.aborted ? resolve() : signal.addEventListener("abort", () => resolve(), { once: true })));
    await ctx.run(file, splitCrtCommandLine(line), { elevated: true });
    throw new ToolTerminated();
  }
  const r = await ctx.run(file, splitCrtCommandLine(line), { elevated: runAs || ctx.elevated });
  // The program could not be started at all (the runner's spawn error): ShellExecuteEx's ERROR_FILE_NOT_FOUND.
  if (r.code === -1 && /\bENOENT\b/.test(new TextDecoder().decode(r.stderr))) return { err: startFailed(FILE_NOT_FOUND_TEXT), terminating: true, nativeErrorCode: ERROR_FILE_NOT_FOUND };
  // The relaunched program has its own console: its output is not captured here.
  return switchSet(t, "PassThru") ? { value: { exitcode: r.code } } : {};
}

/**
 * `Get-Content -LiteralPath X -Encoding Byte -TotalCount N -ReadCount 0` (Windows PowerShell 5.1):
 * the first N bytes as one array. Text reads are not emulated.
 */
async function getContent(t: Statement, ctx: ToolContext): Promise<Outcome> {
  const path = paramValue(t, "LiteralPath") ?? paramValue(t, "Path") ?? "";
  if ((paramValue(t, "Encoding") ?? "").toLowerCase() !== "byte") return { err: errorRecord("Get-Content", "only -Encoding Byte is emulated", "NotImplemented: (:) [Get-Content], NotSupportedException", "NotEmulated") };
  const info = await ctx.machine.fs.stat(path).catch(() => null);
  if (!info || info.isDirectory) {
    return { err: errorRecord("Get-Content", `Cannot find path '${path}' because it does not exist.`, `ObjectNotFound: (${path}:String) [Get-Content], ItemNotFoundException`, "PathNotFound,Microsoft.PowerShell.Commands.GetContentCommand") };
  }
  const f = await ctx.machine.fs.open(path, "read").catch(() => undefined);
  if (!f) return { err: errorRecord("Get-Content", `The process cannot access the file '${path}' because it is being used by another process.`, "ReadError: (:) [Get-Content], IOException", "GetContentReaderIOError,Microsoft.PowerShell.Commands.GetContentCommand") };
  try {
    const count = Number(paramValue(t, "TotalCount") ?? info.size);
    return { value: await f.read(0, Math.min(count, info.size)) };
  } finally {
    await f.close();
  }
}

/** Win32 errors ShellExecuteEx reports through Start-Process (winerror.h). */
const ERROR_CANCELLED = 1223;
const ERROR_FILE_NOT_FOUND = 2;
const FILE_NOT_FOUND_TEXT = "The system cannot find the file specified.";

/**
 * `Get-Service -Name X`: the Hyper-V role's service `vmms` exists where the role is installed
 * (docs/windows-facts.md §10), `com.docker.service` where Docker Desktop is; others do not exist.
 */
async function getService(t: Statement, ctx: ToolContext): Promise<Outcome> {
  const name = (paramValue(t, "Name") ?? t.filter((x) => !x.startsWith("-"))[1] ?? "").toLowerCase();
  const state = await ctx.machine.read();
  const exists = name === "vmms" ? state.hyperV && !state.faults.hyperVRoleMissing : false;
  if (exists) return { out: `\nStatus   Name               DisplayName\n------   ----               -----------\nRunning  vmms               Hyper-V Virtual Machine Management\n\n`, value: { name, status: "Running" } };
  return { err: serviceNotFound(name) };
}
