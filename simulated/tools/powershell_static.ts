/**
 * The static .NET methods the emulated PowerShell knows (`[Type]::Method(args)`), as .NET documents
 * them: Convert.FromBase64String, Encoding.UTF8/ASCII.GetString, BitConverter.ToString, Environment.GetEnvironmentVariable and
 * GetFolderPath, Path.Combine, File.Exists / WriteAllBytes / Move / Delete, Directory.CreateDirectory / Exists / Delete,
 * Console.Out/Error.WriteLine. Files are the machine's (its drives under the state folder).
 * @module
 */
import { Buffer } from "node:buffer";
import { win32 } from "node:path";
import type { ToolContext } from "./tool.ts";

/** What a static method may touch: the tool's context and the script's output. */
export interface StaticScope {
  ctx: ToolContext;
  out: string[];
  err: string[];
}

type StaticMethod = (args: unknown[], scope: StaticScope) => Promise<unknown>;

const text = (v: unknown) => (v === null || v === undefined ? "" : String(v));

/** Convert.FromBase64String: rejects anything but the base64 alphabet (a FormatException in .NET). */
function fromBase64(args: unknown[]): Promise<Uint8Array> {
  const s = text(args[0]).replace(/[ \t\r\n]/g, "");
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(s) || s.length % 4 !== 0) {
    return Promise.reject(new Error("The input is not a valid Base-64 string as it contains a non-base 64 character, more than two padding characters, or an illegal character among the padding characters."));
  }
  return Promise.resolve(new Uint8Array(Buffer.from(s, "base64")));
}

function bytesOf(v: unknown): Uint8Array {
  if (v instanceof Uint8Array) return v;
  throw new Error("Cannot convert the value to type \"System.Byte[]\".");
}

/** `bytes[index .. index+count)`, all of it without index; out of range is an error as in .NET. */
function range(bytes: Uint8Array, index: unknown, count: unknown): Uint8Array {
  if (index === undefined) return bytes;
  const [i, n] = [Number(index), Number(count ?? bytes.length - Number(index))];
  if (!(i >= 0 && n >= 0 && i + n <= bytes.length)) throw new Error("Index and count must refer to a location within the buffer.");
  return bytes.subarray(i, i + n);
}

/** Static methods by lower-case `[type]::member.method` name. */
export const STATIC_METHODS: Record<string, StaticMethod> = {
  "[console]::error.writeline": (a, s) => Promise.resolve(void s.err.push(`${a.map(text).join("")}\n`)),
  "[console]::out.writeline": (a, s) => Promise.resolve(void s.out.push(`${a.map(text).join("")}\n`)),
  "[convert]::frombase64string": fromBase64,
  "[text.encoding]::utf8.getstring": (a) => Promise.resolve(new TextDecoder().decode(bytesOf(a[0]))),
  // Encoding.ASCII.GetString(bytes[, index, count]): bytes above 0x7F become '?'.
  "[text.encoding]::ascii.getstring": (a) => Promise.resolve(Array.from(range(bytesOf(a[0]), a[1], a[2]), (b) => (b < 0x80 ? String.fromCharCode(b) : "?")).join("")),
  // BitConverter.ToString(bytes, start, length): "AA-BB-…"; ArgumentOutOfRange past the end.
  "[bitconverter]::tostring": (a) => Promise.resolve(Array.from(range(bytesOf(a[0]), a[1], a[2]), (b) => b.toString(16).toUpperCase().padStart(2, "0")).join("-")),
  "[environment]::getenvironmentvariable": (a, s) => {
    const name = text(a[0]).toLowerCase();
    const key = Object.keys(s.ctx.env).find((k) => k.toLowerCase() === name);
    return Promise.resolve(key === undefined ? null : s.ctx.env[key]);
  },
  // Environment.SpecialFolder.Windows: the SystemRoot folder.
  "[environment]::getfolderpath": (a, s) => {
    if (text(a[0]).toLowerCase() !== "windows") return Promise.reject(new Error(`the special folder '${text(a[0])}' is not emulated`));
    const key = Object.keys(s.ctx.env).find((k) => k.toLowerCase() === "systemroot");
    return Promise.resolve(key === undefined ? "C:\\Windows" : s.ctx.env[key]);
  },
  "[io.path]::combine": (a) => Promise.resolve(win32.join(...a.map(text))),
  // File.Exists: false for folders, devices and anything that cannot be read.
  "[io.file]::exists": async (a, s) => {
    const info = await s.ctx.machine.fs.stat(text(a[0])).catch(() => null);
    return info !== null && !info.isDirectory;
  },
  // File.WriteAllBytes: creates the file, or overwrites an existing one.
  "[io.file]::writeallbytes": async (a, s) => {
    const path = text(a[0]);
    const bytes = bytesOf(a[1]);
    if (await s.ctx.machine.fs.exists(path)) await s.ctx.machine.fs.remove(path);
    const f = await s.ctx.machine.fs.open(path, "create");
    try {
      await f.write(0, bytes);
    } finally {
      await f.close();
    }
  },
  // File.Move: fails when the source is missing or the destination exists (an atomic rename otherwise).
  "[io.file]::move": async (a, s) => {
    const [from, to] = [text(a[0]), text(a[1])];
    if (!(await s.ctx.machine.fs.exists(from))) throw new Error(`Could not find file '${from}'.`);
    if (await s.ctx.machine.fs.exists(to)) throw new Error("Cannot create a file when that file already exists.");
    await s.ctx.machine.fs.rename(from, to);
  },
  "[io.file]::delete": async (a, s) => {
    await s.ctx.machine.fs.remove(text(a[0]));
  },
  "[io.directory]::createdirectory": async (a, s) => {
    await s.ctx.machine.fs.mkdir(text(a[0]));
  },
  "[io.directory]::exists": async (a, s) => (await s.ctx.machine.fs.stat(text(a[0])).catch(() => null))?.isDirectory === true,
  // Directory.Delete(path, recursive): the folder and, when recursive is true, everything in it.
  "[io.directory]::delete": async (a, s) => {
    if (a[1] !== true && (await s.ctx.machine.fs.listDir(text(a[0]))).length > 0) throw new Error("The directory is not empty.");
    await s.ctx.machine.fs.remove(text(a[0]));
  },
};
