/**
 * Docker Desktop's `isocache`: the root of `docker_data.vhdx` holds `isocache/entries/*.iso`
 * (docs/disk-contents.md), and Docker Desktop keeps every earlier version of its ISOs there after
 * each update, space no `docker … prune` frees (docker/desktop-feedback#419, #375). Read from the
 * VHDX itself with the project's ext4 reader; nothing runs.
 * @module
 */
import type { DoctorCheck, DoctorCheckFn } from "./doctor_check.ts";
import { openDiskTree } from "../usage/disk_tree.ts";
import { formatBytes } from "../units.ts";

/** The folder in the data disk's file system. */
export const ISOCACHE_ENTRIES = "/isocache/entries";
/** The ISOs one Docker Desktop release uses (docker-desktop, docker-wsl-cli, services: microsoft/WSL#4699): more means old versions. */
export const ISOS_IN_USE = 3;

/** Old ISOs in Docker Desktop's data disk. */
export const isocache: DoctorCheckFn = async ({ ctx, discovery }) => {
  const out: DoctorCheck[] = [];
  for (const t of discovery.targets.filter((t) => t.owner === "docker" && t.kind === "disk")) {
    const tree = await openDiskTree(ctx.host, t.path).catch(() => null);
    if (!tree) continue;
    try {
      const isos = (await tree.list(ISOCACHE_ENTRIES).catch(() => [])).filter((e) => e.type === "file" && /\.iso$/i.test(e.name));
      if (isos.length <= ISOS_IN_USE) continue;
      const bytes = isos.reduce((n, e) => n + e.allocatedBytes, 0);
      out.push({
        id: "docker-isocache", status: "warn",
        title: `${t.name}: Docker Desktop's isocache holds ${isos.length} ISO files (${formatBytes(bytes)}); one release uses ${ISOS_IN_USE}`,
        detail: "Docker Desktop keeps the ISOs of earlier releases after each update and no prune removes them (docker/desktop-feedback#419)",
        fix: `with Docker Desktop running: wsl -d docker-desktop ls -lt /mnt/docker-desktop-disk${ISOCACHE_ENTRIES}, rm the older copies of each ISO, then shrink`,
      });
    } finally {
      await tree.close();
    }
  }
  return out;
};
