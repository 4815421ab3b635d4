/**
 * Emulated `diskpart /s <script>`: `select vdisk file=`, `attach vdisk [readonly]`, `compact vdisk`,
 * `detach vdisk`, `exit` (docs/windows-facts.md §6). Needs elevation. The script is read, and the
 * output written, in the console code page (console_text.ts, §7); the texts follow the machine's
 * display language (diskpart_messages.ts). On an error the script stops (Learn "diskpart scripts":
 * no `noerr`) with the documented exit code. `compact vdisk` drops the real file's all-zero payload
 * blocks, as VDS does for a file system it cannot read (simulated/vhdx_blocks.ts); a trim inside
 * the distro has zeroed the free ones before.
 * @module
 */
import type { Tool, ToolContext, ToolResult } from "./tool.ts";
import { checkpoint, textResult } from "./tool.ts";
import { DISKPART_EXIT, diskpartTexts } from "./diskpart_messages.ts";
import type { DiskpartTexts } from "./diskpart_messages.ts";
import { fromConsoleBytes } from "./console_text.ts";
import { winPathKey } from "../win_path.ts";
import { reclaimBlocks } from "../vhdx_files.ts";

interface Session {
  selected?: string;
  out: string[];
  t: DiskpartTexts;
}

type Command = (rest: string, s: Session, ctx: ToolContext) => Promise<string | { error: string; code: number }>;

const COMMANDS: [RegExp, Command][] = [
  [/^select\s+vdisk\s+file\s*=\s*"?([^"]+)"?\s*$/i, select],
  [/^attach\s+vdisk(\s+readonly)?\s*$/i, attach],
  [/^compact\s+vdisk\s*$/i, compact],
  [/^detach\s+vdisk\s*$/i, detach],
];

/** diskpart.exe */
export const diskpart: Tool = async (args, ctx) => {
  const state = await ctx.machine.read();
  const t = diskpartTexts(state.locale);
  const out = [t.banner(state.windowsBuild)];
  const finish = (code: number) => textResult(code, out.join("\n") + "\n");
  if (!ctx.elevated) return accessDenied(out, t);
  const scriptIndex = args.findIndex((a) => a.toLowerCase() === "/s");
  const scriptPath = scriptIndex >= 0 ? args[scriptIndex + 1] : undefined;
  if (!scriptPath || args.length !== scriptIndex + 2 || !(await ctx.machine.fs.exists(scriptPath))) {
    out.push(t.errors.scriptNotFound);
    return finish(DISKPART_EXIT.noScript);
  }
  const session: Session = { out, t };
  for (const raw of (await readScript(scriptPath, ctx)).split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || /^rem(\s|$)/i.test(line)) continue;
    out.push(""); // diskpart /s does not echo the commands, only a blank line and the result
    if (/^exit\s*$/i.test(line)) {
      out.push(t.ok.exit);
      return finish(DISKPART_EXIT.ok);
    }
    const match = COMMANDS.find(([re]) => re.test(line));
    if (!match) {
      out.push(t.errors.unknownCommand);
      return finish(DISKPART_EXIT.syntax);
    }
    const result = await match[1](line.replace(match[0], "$1"), session, ctx);
    if (typeof result !== "string") {
      out.push(result.error);
      return finish(result.code);
    }
    out.push(result);
  }
  out.push("", t.ok.exit);
  return finish(DISKPART_EXIT.ok);
};

function accessDenied(out: string[], t: DiskpartTexts): ToolResult {
  out.push("", t.errors.accessDenied);
  return textResult(DISKPART_EXIT.fatal, out.join("\n") + "\n");
}

/** The script's text, read in the console code page (its bytes are whatever the caller wrote). */
async function readScript(path: string, ctx: ToolContext): Promise<string> {
  const f = await ctx.machine.fs.open(path, "read");
  try {
    return await fromConsoleBytes(await f.read(0, await f.size()), ctx);
  } finally {
    await f.close();
  }
}

async function select(path: string, s: Session, ctx: ToolContext) {
  if (!(await ctx.machine.fs.exists(path))) return { error: s.t.errors.fileNotFound, code: DISKPART_EXIT.service };
  s.selected = path;
  return s.t.ok.select;
}

async function attach(readonly: string, s: Session, ctx: ToolContext) {
  if (!s.selected) return { error: s.t.errors.noVdisk, code: DISKPART_EXIT.service };
  if (await ctx.machine.fs.isLocked(s.selected)) return { error: s.t.errors.inUse, code: DISKPART_EXIT.service };
  const sparse = (await ctx.machine.fs.stat(s.selected))?.isSparse;
  if (sparse) return { error: s.t.errors.sparse, code: DISKPART_EXIT.service };
  const key = winPathKey(s.selected);
  await ctx.machine.update((st) => void (st.attached[key] = readonly ? "readonly" : "readwrite"));
  return s.t.ok.attach;
}

async function compact(_: string, s: Session, ctx: ToolContext) {
  if (!s.selected) return { error: s.t.errors.noVdisk, code: DISKPART_EXIT.service };
  if ((await ctx.machine.fs.stat(s.selected))?.isSparse) return { error: s.t.errors.sparse, code: DISKPART_EXIT.service };
  const key = winPathKey(s.selected);
  let file;
  try {
    file = await ctx.machine.openAsDiskService(s.selected);
  } catch {
    return { error: s.t.errors.inUse, code: DISKPART_EXIT.service };
  }
  try {
    await reclaimBlocks(file, { beforeRead: () => checkpoint(ctx) });
  } finally {
    await file.close();
  }
  await ctx.machine.update((st) => void delete st.trimmed[key]);
  return s.t.ok.compact;
}

async function detach(_: string, s: Session, ctx: ToolContext) {
  if (!s.selected) return { error: s.t.errors.noVdisk, code: DISKPART_EXIT.service };
  const key = winPathKey(s.selected);
  const was = await ctx.machine.update((st) => {
    const attached = key in st.attached;
    delete st.attached[key];
    return attached;
  });
  return was ? s.t.ok.detach : { error: s.t.errors.notAttached, code: DISKPART_EXIT.service };
}
