/**
 * Docker Desktop re-creates its engine distro when it starts and finds it missing (after
 * `wsl --unregister docker-desktop`): docs.docker.com, "Docker Desktop WSL 2 backend" — the
 * `docker-desktop` distro holds no user data and is rebuilt from the bundled image on start.
 * @module
 */
import { win32 } from "node:path";
import type { ToolContext } from "./tool.ts";
import { DEFAULT_VHD_FILE_NAME, findDistro, LXSS_FLAGS_WSL2, LXSS_STATE_INSTALLED, writeDistro } from "../distros.ts";
import { writeNewVhdx } from "../vhdx_files.ts";

const ENGINE_DISTRO = "docker-desktop";
const GiB = 1024 ** 3;

/** Registers `docker-desktop` again, on a new empty disk at Docker's engine disk path, when it is missing. */
export async function recreateEngineDistro(ctx: ToolContext): Promise<void> {
  if (await findDistro(ctx.machine.registry, ENGINE_DISTRO)) return;
  const state = await ctx.machine.read();
  const enginePath = state.docker.diskPaths.find((p) => /\\(main|distro)\\ext4\.vhdx$/i.test(p));
  if (!enginePath) return;
  if (!(await ctx.machine.fs.exists(enginePath))) {
    await ctx.machine.fs.mkdir(win32.dirname(enginePath));
    const f = await ctx.machine.fs.open(enginePath, "create");
    try {
      await writeNewVhdx(f, { virtualSize: GiB });
    } finally {
      await f.close();
    }
  }
  await writeDistro(ctx.machine.registry, {
    guid: `{${crypto.randomUUID()}}`,
    name: ENGINE_DISTRO,
    basePath: win32.dirname(enginePath),
    vhdFileName: win32.basename(enginePath) || DEFAULT_VHD_FILE_NAME,
    version: 2,
    flags: LXSS_FLAGS_WSL2,
    defaultUid: 0,
    state: LXSS_STATE_INSTALLED,
  });
}
