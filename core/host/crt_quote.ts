/**
 * Quoting of command-line arguments for programs that split their command line by the rules of the
 * Microsoft C runtime (learn.microsoft.com/cpp/cpp/main-function-command-line-args; docs/windows-facts.md §3).
 * Needed where nobody else quotes: PowerShell's `Start-Process -ArgumentList` joins its items with
 * single spaces and adds no quotes (docs/windows-facts.md §2), so the caller hands it one string.
 * @module
 */

/** Characters that end an unquoted argument, and the quote itself. */
const NEEDS_QUOTES = /[ \t\n\v"]/;

/**
 * One argument as the C runtime will read it back: unchanged when it has no blank and no quote;
 * otherwise in double quotes, with each `"` escaped as `\"` and the backslashes before a `"` (and
 * before the closing quote) doubled, because only backslashes followed by a quote are special.
 * @example
 * quoteCrtArg("C:\\Users\\Dev User\\a.txt"); // "\"C:\\Users\\Dev User\\a.txt\""
 */
export function quoteCrtArg(arg: string): string {
  if (arg.length > 0 && !NEEDS_QUOTES.test(arg)) return arg;
  let out = '"';
  let backslashes = 0;
  for (const c of arg) {
    if (c === "\\") {
      backslashes++;
      continue;
    }
    out += c === '"' ? "\\".repeat(backslashes * 2 + 1) + '"' : "\\".repeat(backslashes) + c;
    backslashes = 0;
  }
  return out + "\\".repeat(backslashes * 2) + '"';
}

/** A whole argument list as one command-line tail (each argument quoted, single spaces between). */
export function crtCommandLine(args: string[]): string {
  return args.map(quoteCrtArg).join(" ");
}
