/**
 * Emulated `powershell.exe -NoProfile [-NonInteractive] -Command <script>`: the Hyper-V cmdlets the
 * optimize-vhd strategy uses (Get-Module -ListAvailable Hyper-V, Mount-VHD, Optimize-VHD, Dismount-VHD,
 * Get-VHD) and `Start-Process -Verb RunAs -Wait -PassThru` + `exit $p.ExitCode`, the elevation relaunch
 * of WindowsHost (docs/research.md §5, §6). Errors go to stderr; a failed statement makes the exit code 1.
 * @module
 */
import type { Tool, ToolContext } from "./tool.ts";
import { checkpoint, textResult } from "./tool.ts";
import { listValue, paramValue, parsePowerShell, switchSet } from "./powershell_script.ts";
import type { Statement } from "./powershell_script.ts";
import { inUse, notAdmin, notFound, notRecognized, sparseRefused, UAC_CANCELLED, errorRecord } from "./powershell_messages.ts";
import { winPathKey } from "../win_path.ts";
import { reclaimBlocks } from "../vhdx_files.ts";
import { openVhdx } from "../../core/vhdx/open_vhdx.ts";

interface Outcome {
  out?: string;
  err?: string;
  /** Set by `exit N` and by Start-Process -PassThru's `$p.ExitCode`. */
  exit?: number;
}

type Cmdlet = (t: Statement, ctx: ToolContext, vars: Map<string, number>) => Promise<Outcome>;

/** Cmdlets of the Hyper-V module: missing unless Hyper-V is installed. */
const HYPER_V = new Set(["mount-vhd", "optimize-vhd", "dismount-vhd", "get-vhd"]);

const CMDLETS: Record<string, Cmdlet> = {
  "get-module": getModule,
  "mount-vhd": mountVhd,
  "optimize-vhd": optimizeVhd,
  "dismount-vhd": dismountVhd,
  "get-vhd": getVhd,
  "start-process": startProcess,
  "exit": exit,
};

/** powershell.exe */
export const powershell: Tool = async (args, ctx) => {
  const at = args.findIndex((a) => /^-c(ommand)?$/i.test(a));
  const script = at >= 0 ? args.slice(at + 1).join(" ") : "";
  const hyperV = (await ctx.machine.read()).hyperV;
  const out: string[] = [], err: string[] = [];
  const vars = new Map<string, number>();
  let failed = false;
  for (const statement of parsePowerShell(script)) {
    const guard = /^if \(-not \$(\w+)\) \{ exit (-?\d+) \}$/i.exec(statement.join(" "));
    if (guard) {
      if (!vars.has(guard[1].toLowerCase())) return textResult(Number(guard[2]), out.join(""), err.join(""));
      continue;
    }
    const assign = statement[1] === "=" ? statement[0] : undefined;
    const tokens = assign ? statement.slice(2) : statement;
    const name = tokens[0]?.toLowerCase() ?? "";
    const cmdlet = CMDLETS[name];
    if (!cmdlet || (HYPER_V.has(name) && !hyperV)) {
      err.push(notRecognized(tokens[0] ?? ""));
      failed = true;
      continue;
    }
    const r = await cmdlet(tokens, ctx, vars);
    if (r.out) out.push(r.out);
    if (r.err) {
      err.push(r.err);
      failed = true;
    }
    if (assign && r.exit !== undefined) vars.set(assign.replace(/^\$/, "").toLowerCase(), r.exit);
    if (name === "exit") return textResult(r.exit ?? 0, out.join(""), err.join(""));
  }
  return textResult(failed ? 1 : 0, out.join(""), err.join(""));
};

async function getModule(t: Statement, ctx: ToolContext): Promise<Outcome> {
  const wanted = (paramValue(t, "Name") ?? t.filter((x) => !x.startsWith("-"))[1] ?? "").toLowerCase();
  if (wanted !== "hyper-v" || !(await ctx.machine.read()).hyperV) return {};
  return {
    out: "\n\n    Directory: C:\\WINDOWS\\system32\\WindowsPowerShell\\v1.0\\Modules\n\n\n" +
      "ModuleType Version    Name                                ExportedCommands\n" +
      "---------- -------    ----                                ----------------\n" +
      "Binary     2.0.0.0    Hyper-V                             {Add-VMAssignableDevice, Add-VMDvdDrive, Add-VMFibreChannelHba, Add-VMGpuPartitionAdapter...}\n\n\n",
  };
}

/** Checks shared by the VHD cmdlets; returns an error record or the path. */
async function vhdPreflight(cmdlet: string, t: Statement, ctx: ToolContext, opts: { refuseSparse: boolean }): Promise<{ err: string } | { path: string }> {
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
    if (reclaims) await reclaimBlocks(file, { trimmed: Boolean(state.trimmed[key]), beforeRead: () => checkpoint(ctx) });
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
  const l = await openVhdx(f).finally(() => f.close());
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

/** `Start-Process -FilePath X -ArgumentList a,b -Verb RunAs -Wait -PassThru`: UAC prompt, then the program. */
async function startProcess(t: Statement, ctx: ToolContext): Promise<Outcome> {
  const file = paramValue(t, "FilePath") ?? t[1];
  const args = listValue(t, "ArgumentList");
  const runAs = (paramValue(t, "Verb") ?? "").toLowerCase() === "runas";
  if (runAs && !ctx.elevated && (await ctx.machine.read()).faults.elevationDenied) return { err: UAC_CANCELLED };
  const r = await ctx.run(file, args, { elevated: runAs || ctx.elevated });
  // The relaunched program has its own console: its output is not captured here.
  return switchSet(t, "PassThru") ? { exit: r.code } : {};
}

async function exit(t: Statement, _ctx: ToolContext, vars: Map<string, number>): Promise<Outcome> {
  const arg = t[1] ?? "0";
  const m = /^\$(\w+)\.ExitCode$/i.exec(arg);
  return { exit: m ? (vars.get(m[1].toLowerCase()) ?? 0) : Number(arg) || 0 };
}
