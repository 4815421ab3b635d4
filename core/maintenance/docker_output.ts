/**
 * Parsing what the Docker CLI prints about space: sizes in its decimal units ("1.2GB", "512kB",
 * "0B"), the "Total reclaimed space:" / "Total:" line of the prune commands, and the
 * `docker system df` table (docs.docker.com "docker system df", "docker system prune").
 * @module
 */

/** Decimal multipliers of docker/go-units (`HumanSize`); binary ones (`KiB`) for `--format` output. */
const UNIT_BYTES: Record<string, number> = {
  b: 1, kb: 1e3, mb: 1e6, gb: 1e9, tb: 1e12, pb: 1e15,
  kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3, tib: 1024 ** 4,
};

/**
 * Bytes of a Docker size ("1.2GB", "1.2 GB", "0B"); null when it is not one.
 * @example
 * ```ts
 * parseDockerSize("1.2GB"); // 1_200_000_000
 * ```
 */
export function parseDockerSize(text: string): number | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kKmMgGtTpP]i?)?B\s*$/.exec(text);
  if (!m) return null;
  return Math.round(Number(m[1]) * UNIT_BYTES[`${(m[2] ?? "").toLowerCase()}b`]);
}

/** The bytes a prune reported: `Total reclaimed space: 1.2GB` (system prune) or `Total:\t1.2GB` (builder prune). */
export function parseReclaimed(output: string): number | null {
  const m = /^\s*Total(?: reclaimed space)?:\s*(\d+(?:\.\d+)?\s?[kKmMgGtTpP]?i?B)\s*$/m.exec(output);
  return m ? parseDockerSize(m[1]) : null;
}

/** One row of `docker system df`. */
export interface DockerDfRow {
  /** Images, Containers, Local Volumes, Build Cache. */
  type: string;
  size: number;
  reclaimable: number;
}

/** Parses the `docker system df` table; rows it cannot read are skipped. */
export function parseSystemDf(output: string): DockerDfRow[] {
  const rows: DockerDfRow[] = [];
  for (const line of output.split("\n").slice(1)) {
    // TYPE (may hold a space) TOTAL ACTIVE SIZE RECLAIMABLE [(NN%)]
    const m = /^(\S+(?: \S+)?)\s+\d+\s+\d+\s+(\S+)\s+(\S+)/.exec(line.trim());
    if (!m) continue;
    const size = parseDockerSize(m[2]), reclaimable = parseDockerSize(m[3]);
    if (size !== null && reclaimable !== null) rows.push({ type: m[1], size, reclaimable });
  }
  return rows;
}
