/**
 * The names of the emulated Windows programs, apart from the programs themselves: PowerShell asks
 * whether a name is a program (to run it, or to refuse `Start-Process` on an unknown file) without
 * importing the table that holds PowerShell itself.
 * @module
 */

/** Emulated programs by lower-case base name without `.exe`. */
export const TOOL_NAMES = ["wsl", "docker", "cmd", "diskpart", "powershell", "fsutil", "net", "whoami", "reg", "tasklist", "taskkill", "schtasks", "defrag", "sc", "rdctl", "podman"] as const;

/** One emulated program's name. */
export type ToolName = typeof TOOL_NAMES[number];

/**
 * The emulated program a command names (`C:\Windows\System32\wsl.exe`, `WSL`, `powershell.exe`),
 * or undefined: Windows matches program names case-insensitively and `.exe` may be left out.
 */
export function toolName(cmd: string): ToolName | undefined {
  const base = cmd.replace(/^.*[\\/]/, "").toLowerCase().replace(/\.exe$/, "");
  return (TOOL_NAMES as readonly string[]).includes(base) ? base as ToolName : undefined;
}
