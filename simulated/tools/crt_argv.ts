/**
 * How a Windows program built with the Microsoft C runtime splits its command line into argv
 * (learn.microsoft.com/cpp/cpp/main-function-command-line-args, "Parsing C++ command-line arguments";
 * docs/windows-facts.md §3). The emulated `Start-Process` joins its `-ArgumentList` with single
 * spaces (PowerShell Process.cs, docs/windows-facts.md §2) and the started program splits the
 * result with these rules: that is where unquoted paths with spaces fall apart.
 * @module
 */

/** Splits a command-line tail (no program name) into arguments. */
export function splitCrtCommandLine(line: string): string[] {
  const args: string[] = [];
  let i = 0;
  while (i < line.length) {
    while (line[i] === " " || line[i] === "\t") i++;
    if (i >= line.length) break;
    let arg = "";
    let quoted = false;
    for (; i < line.length; i++) {
      const c = line[i];
      if (!quoted && (c === " " || c === "\t")) break;
      if (c === "\\") {
        let n = 0;
        while (line[i] === "\\") n++, i++;
        if (line[i] === '"') {
          // 2n backslashes + quote: n backslashes and a delimiter; 2n+1: n backslashes and a literal quote.
          arg += "\\".repeat(Math.floor(n / 2));
          if (n % 2 === 1) arg += '"';
          else i--; // let the quote be handled as a delimiter below
        } else {
          arg += "\\".repeat(n);
          i--;
        }
        continue;
      }
      if (c === '"') {
        // Inside quotes, "" is one literal quote (the rule since the 2008 runtime).
        if (quoted && line[i + 1] === '"') {
          arg += '"';
          i++;
        } else quoted = !quoted;
        continue;
      }
      arg += c;
    }
    args.push(arg);
  }
  return args;
}
