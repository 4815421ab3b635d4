/**
 * Splits a PowerShell `-Command` string into statements and tokens: `;` separates statements,
 * single quotes (with `''` escapes) and double quotes group words, commas join list items.
 * Enough for the one-line cmdlet calls the strategies send; not a PowerShell parser.
 * @module
 */

/** Tokens of one statement. */
export type Statement = string[];

/** Parses a script into statements of unquoted tokens. */
export function parsePowerShell(script: string): Statement[] {
  const statements: Statement[] = [];
  let tokens: string[] = [];
  let word = "";
  let inWord = false;
  const endWord = () => {
    if (inWord) tokens.push(word);
    word = "";
    inWord = false;
  };
  for (let i = 0; i < script.length; i++) {
    const c = script[i];
    if (c === "'" || c === '"') {
      inWord = true;
      for (i++; i < script.length; i++) {
        if (script[i] === c && script[i + 1] === c) {
          word += c;
          i++;
        } else if (script[i] === c) break;
        else word += script[i];
      }
    } else if (c === ";" || c === "\n") {
      endWord();
      if (tokens.length) statements.push(tokens);
      tokens = [];
    } else if (c === " " || c === "\t") endWord();
    else if (c === ",") {
      endWord();
      tokens.push(",");
    } else {
      word += c;
      inWord = true;
    }
  }
  endWord();
  if (tokens.length) statements.push(tokens);
  return statements;
}

/** The value after `-Name` (case-insensitive, PowerShell allows unambiguous prefixes; exact names here). */
export function paramValue(tokens: string[], name: string): string | undefined {
  const i = tokens.findIndex((t) => t.toLowerCase() === `-${name.toLowerCase()}`);
  return i >= 0 ? tokens[i + 1] : undefined;
}

/** A comma-separated list value after `-Name` (`'a','b'` or `@()`). */
export function listValue(tokens: string[], name: string): string[] {
  const i = tokens.findIndex((t) => t.toLowerCase() === `-${name.toLowerCase()}`);
  if (i < 0 || tokens[i + 1] === "@()") return [];
  const out = [tokens[i + 1]];
  for (let j = i + 2; tokens[j] === "," && j + 1 < tokens.length; j += 2) out.push(tokens[j + 1]);
  return out;
}

/** True when `-Name` is present. */
export function switchSet(tokens: string[], name: string): boolean {
  return tokens.some((t) => t.toLowerCase() === `-${name.toLowerCase()}`);
}
