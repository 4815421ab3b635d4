/**
 * What the Docker view needs from a filesystem tree (the read side of {@link FsTree}: list, stat,
 * readFile), and small helpers that read Docker's metadata files through it.
 * @module
 */
import type { FsEntry, FsTree } from "../fs_tree.ts";

/** One directory entry: the scanner's {@link FsEntry}. */
export type TreeEntry = FsEntry;

/** The read side of {@link FsTree} that the Docker view walks. */
export type DockerTree = Pick<FsTree, "list" | "stat" | "readFile">;

/** Largest metadata file the view reads (image configs with long histories stay well under it). */
export const MAX_METADATA_BYTES = 4 * 1024 * 1024;

/** True when the entry is a directory. */
export function isDirectory(entry: TreeEntry | null): boolean {
  return entry !== null && entry.type === "dir";
}

/** Joins an absolute directory path and a relative path with single slashes. */
export function joinPath(dir: string, ...parts: string[]): string {
  let out = dir === "/" ? "" : dir.replace(/\/+$/, "");
  for (const p of parts) if (p) out += "/" + p.replace(/^\/+|\/+$/g, "");
  return out || "/";
}

/** The entries of `path`, or an empty list when it is missing or not a directory. */
export async function listDir(tree: DockerTree, path: string): Promise<readonly TreeEntry[]> {
  if (!isDirectory(await tree.stat(path))) return [];
  return await tree.list(path);
}

/** A small text file's contents, or null when it is missing or not a regular file. */
export async function readText(tree: DockerTree, path: string, maxBytes = MAX_METADATA_BYTES): Promise<string | null> {
  const entry = await tree.stat(path);
  if (entry === null || entry.type !== "file") return null;
  if (entry.apparentBytes > maxBytes) return null;
  return new TextDecoder().decode(await tree.readFile(path, maxBytes));
}

/** A small JSON file parsed, or null when it is missing, too large or not valid JSON. */
export async function readJson(tree: DockerTree, path: string, maxBytes = MAX_METADATA_BYTES): Promise<unknown> {
  const text = await readText(tree, path, maxBytes);
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
