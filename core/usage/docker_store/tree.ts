/**
 * What the Docker view needs from a filesystem tree (the read side of {@link FsTree}: list, stat,
 * readFile), and small helpers that read Docker's metadata files through it.
 * @module
 */
import type { FsEntry, FsTree } from "../fs_tree.ts";
import { UnreadableFilesystemError } from "../../errors.ts";

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

/**
 * The tree with `stat` answering null, as for an absent path, where a damaged or encrypted parent
 * folder makes the path unresolvable (FsTree's `stat` throws {@link UnreadableFilesystemError}
 * then). Listing failures are left to {@link listDir}, which reports them.
 */
export function tolerantTree(tree: DockerTree): DockerTree {
  return {
    list: (path) => tree.list(path),
    readFile: (path, maxBytes) => tree.readFile(path, maxBytes),
    stat: async (path) => {
      try {
        return await tree.stat(path);
      } catch (e) {
        if (e instanceof UnreadableFilesystemError) return null;
        throw e;
      }
    },
  };
}

/** Told about a folder or file that could not be read (its contents are then not counted). */
export type UnreadableReporter = (path: string, reason: string) => void;

/**
 * The entries of `path`; an empty list when it is missing or not a directory, or when it cannot be
 * read (encrypted, damaged): then `onUnreadable` is told.
 */
export async function listDir(tree: DockerTree, path: string, onUnreadable?: UnreadableReporter): Promise<readonly TreeEntry[]> {
  if (!isDirectory(await tree.stat(path))) return [];
  try {
    return await tree.list(path);
  } catch (e) {
    if (!(e instanceof UnreadableFilesystemError)) throw e;
    onUnreadable?.(path, e.message);
    return [];
  }
}

/** A small text file's contents, or null when it is missing or not a regular file. */
export async function readText(tree: DockerTree, path: string, maxBytes = MAX_METADATA_BYTES): Promise<string | null> {
  const entry = await tree.stat(path);
  if (entry === null || entry.type !== "file") return null;
  if (entry.apparentBytes > maxBytes) return null;
  try {
    return new TextDecoder().decode(await tree.readFile(path, maxBytes));
  } catch (e) {
    // A damaged metadata file is treated like a missing one: its record is left out, not guessed.
    if (e instanceof UnreadableFilesystemError) return null;
    throw e;
  }
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
