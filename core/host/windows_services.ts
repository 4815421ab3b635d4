/**
 * Windows services through the Service Control Manager (docs/windows-facts.md §11): the state from
 * QueryServiceStatusEx, stop and start with ControlService / StartServiceW in an elevated process.
 * From a limited token the same request runs elevated through one UAC prompt (PowerShell's
 * Stop-Service / Start-Service, whose output is not read: the state is asked again afterwards).
 * @module
 */
import type { ExecOptions, ExecResult, HostServices, ServiceControlResult, ServiceState } from "./host.ts";
import type { Win32Api } from "./win32/win32_api.ts";
import { ERROR, Win32Error } from "./win32/win32_api.ts";

/** How the services need the rest of the host. */
export interface ServiceHostParts {
  api(): Promise<Win32Api>;
  isElevated(): Promise<boolean>;
  exec(cmd: string, args: string[], opts?: ExecOptions): Promise<ExecResult>;
}

/** Service names are letters, digits, `.`, `_`, `-` and spaces (Learn CreateServiceW: no slashes); anything else is refused before it reaches a script. */
const SERVICE_NAME = /^[A-Za-z0-9._ -]{1,256}$/;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** {@link HostServices} of a Windows machine. */
export function windowsServices(host: ServiceHostParts): HostServices {
  const state = async (name: string): Promise<ServiceState> => {
    try {
      return (await host.api()).serviceState(name);
    } catch {
      return "unknown";
    }
  };
  const control = async (name: string, action: "stop" | "start", opts: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<ServiceControlResult> => {
    if (!SERVICE_NAME.test(name)) throw new Error(`not a service name: ${JSON.stringify(name)}`);
    const want: ServiceState = action === "stop" ? "stopped" : "running";
    let error = 0;
    if (await host.isElevated()) {
      error = (await host.api()).serviceControl(name, action);
    } else {
      const verb = action === "stop" ? "Stop-Service" : "Start-Service";
      const r = await host.exec("powershell.exe", ["-NoProfile", "-NonInteractive", "-Command", `${verb} -Name '${name}'`], { elevated: true, signal: opts.signal, timeoutMs: opts.timeoutMs ?? 120_000 });
      error = r.code === 0 ? 0 : r.code > 0 ? r.code : ERROR.ACCESS_DENIED;
    }
    // The request returns while the service is still STOP_PENDING / START_PENDING: wait for the state asked for.
    const end = Date.now() + (opts.timeoutMs ?? 120_000);
    let now = await state(name);
    while (error === 0 && now !== want && now !== "absent" && Date.now() < end && !opts.signal?.aborted) {
      await sleep(500);
      now = await state(name);
    }
    if (now === want) return { state: now };
    if (now === "absent") return { state: now, error: ERROR.SERVICE_DOES_NOT_EXIST, message: `the service ${name} is not installed` };
    if (error === ERROR.CANCELLED) return { state: now, error, message: "the administrator (UAC) prompt was declined" };
    return { state: now, error: error || undefined, message: error ? new Win32Error(`${action} ${name}`, error).message : `${name} is ${now}, not ${want}` };
  };
  return {
    state,
    stop: (name, opts) => control(name, "stop", opts),
    start: (name, opts) => control(name, "start", opts),
  };
}
