/**
 * Emulated `diskpart /s <script>`: `select vdisk file=`, `attach vdisk [readonly]`, `compact vdisk`,
 * `detach vdisk`, `exit` (docs/research.md §5). Needs elevation. On an error the script stops; the exit code
 * follows the documented table unless the `diskpartErrorExitZero` fault makes it lie with 0.
 * `compact vdisk` drops the real file's all-zero payload blocks, as VDS does for a non-NTFS disk, and
 * after a trim inside the distro also the blocks the guest discarded.
 * @module
 */
import type { Tool, ToolContext, ToolResult } from "./tool.ts";
import { checkpoint, textResult } from "./tool.ts";
import { DISKPART_BANNER, DISKPART_ERRORS, DISKPART_EXIT, DISKPART_OK } from "./diskpart_messages.ts";
import { winPathKey } from "../win_path.ts";
import { reclaimBlocks } from "../vhdx_files.ts";

interface Session {
  selected?: string;
  out: string[];
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
  const out = [DISKPART_BANNER(state.windowsBuild)];
  const finish = (code: number) => textResult(state.faults.diskpartErrorExitZero ? 0 : code, out.join("\n") + "\n");
  if (!ctx.elevated) return accessDenied(out);
  const scriptIndex = args.findIndex((a) => a.toLowerCase() === "/s");
  const scriptPath = scriptIndex >= 0 ? args[scriptIndex + 1] : undefined;
  if (!scriptPath || !(await ctx.machine.fs.exists(scriptPath))) {
    out.push(DISKPART_ERRORS.scriptNotFound);
    return finish(DISKPART_EXIT.noScript);
  }
  const session: Session = { out };
  for (const raw of (await ctx.machine.fs.readText(scriptPath)).split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || /^rem(\s|$)/i.test(line)) continue;
    out.push(""); // diskpart /s does not echo the commands, only a blank line and the result
    if (/^exit\s*$/i.test(line)) {
      out.push(DISKPART_OK.exit);
      return finish(DISKPART_EXIT.ok);
    }
    const match = COMMANDS.find(([re]) => re.test(line));
    if (!match) {
      out.push(DISKPART_ERRORS.unknownCommand);
      return finish(DISKPART_EXIT.syntax);
    }
    const result = await match[1](line.replace(match[0], "$1"), session, ctx);
    if (typeof result !== "string") {
      out.push(result.error);
      return finish(result.code);
    }
    out.push(result);
  }
  out.push("", DISKPART_OK.exit);
  return finish(DISKPART_EXIT.ok);
};

function accessDenied(out: string[]): ToolResult {
  out.push("", DISKPART_ERRORS.accessDenied);
  return textResult(DISKPART_EXIT.fatal, out.join("\n") + "\n");
}

async function select(path: string, s: Session, ctx: ToolContext) {
  if (!(await ctx.machine.fs.exists(path))) return { error: DISKPART_ERRORS.fileNotFound, code: DISKPART_EXIT.service };
  s.selected = path;
  return DISKPART_OK.select;
}

async function attach(readonly: string, s: Session, ctx: ToolContext) {
  if (!s.selected) return { error: DISKPART_ERRORS.noVdisk, code: DISKPART_EXIT.service };
  if (await ctx.machine.fs.isLocked(s.selected)) return { error: DISKPART_ERRORS.inUse, code: DISKPART_EXIT.service };
  const sparse = (await ctx.machine.fs.stat(s.selected))?.isSparse;
  if (sparse) return { error: DISKPART_ERRORS.sparse, code: DISKPART_EXIT.service };
  const key = winPathKey(s.selected);
  await ctx.machine.update((st) => void (st.attached[key] = readonly ? "readonly" : "readwrite"));
  return DISKPART_OK.attach;
}

async function compact(_: string, s: Session, ctx: ToolContext) {
  if (!s.selected) return { error: DISKPART_ERRORS.noVdisk, code: DISKPART_EXIT.service };
  if ((await ctx.machine.fs.stat(s.selected))?.isSparse) return { error: DISKPART_ERRORS.sparse, code: DISKPART_EXIT.service };
  const key = winPathKey(s.selected);
  const trimmed = Boolean((await ctx.machine.read()).trimmed[key]);
  let file;
  try {
    file = await ctx.machine.openAsDiskService(s.selected);
  } catch {
    return { error: DISKPART_ERRORS.inUse, code: DISKPART_EXIT.service };
  }
  try {
    await reclaimBlocks(file, { trimmed, beforeRead: () => checkpoint(ctx) });
  } finally {
    await file.close();
  }
  await ctx.machine.update((st) => void delete st.trimmed[key]);
  return DISKPART_OK.compact;
}

async function detach(_: string, s: Session, ctx: ToolContext) {
  if (!s.selected) return { error: DISKPART_ERRORS.noVdisk, code: DISKPART_EXIT.service };
  const key = winPathKey(s.selected);
  const was = await ctx.machine.update((st) => {
    const attached = key in st.attached;
    delete st.attached[key];
    return attached;
  });
  return was ? DISKPART_OK.detach : { error: DISKPART_ERRORS.notAttached, code: DISKPART_EXIT.service };
}
