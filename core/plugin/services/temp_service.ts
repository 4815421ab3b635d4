/**
 * Temporary space as a strategy may use it, as methods on `ctx.temp`: where temporary files go by
 * default, free space on a volume, and a temporary folder that is removed afterwards.
 * @module
 */
import type { Host } from "../../host/host.ts";

/** Temporary-space operations. */
export interface TempService {
  /** The default folder for big temporary files: %TEMP%, else the folder of `near`. */
  defaultDir(near: string): string;
  /** Free bytes on the volume holding `path`. */
  freeSpace(path: string): Promise<number>;
  /** A new empty folder, for `use` only: removed afterwards, after failures too. */
  withDir<T>(prefix: string, use: (dir: string) => Promise<T>): Promise<T>;
}

/** The temporary-space service over a host. */
export function tempService(host: Host): TempService {
  return {
    defaultDir: (near) => host.env("TEMP") ?? host.path.dirname(near),
    freeSpace: (path) => host.fs.freeSpace(path),
    async withDir(prefix, use) {
      const dir = await host.fs.makeTempDir(prefix);
      try {
        return await use(dir);
      } finally {
        await host.fs.remove(dir).catch(() => undefined);
      }
    },
  };
}
