/**
 * Parses a PowerShell `-Command` string into statements: commands with their arguments, variable
 * assignments, `try`/`catch`/`finally`, `if`/`else`, `exit`, `throw` and static method calls such as
 * `[Console]::Error.WriteLine(...)`, also as values (`$b = [Convert]::FromBase64String('...')`,
 * nested). Single-quoted strings group words and open and close at any of the five characters
 * about_Quoting_Rules counts as a single quote (U+0027, U+2018, U+2019, U+201A, U+201B), a quote
 * followed by another one standing for the second (docs/windows-facts.md §10); double quotes
 * (straight or U+201C/U+201D/U+201E, no expansion here) likewise. `;` and new lines separate
 * statements. Enough for the scripts the strategies and the elevation relaunch send; not a
 * PowerShell parser (about_Parsing, about_Try_Catch_Finally, about_If describe the real grammar).
 * @module
 */

/** Tokens of one command: unquoted words and strings, `,` between list items. */
export type Statement = string[];

/**
 * An operand: a literal, a variable (`$p`, `$p.ExitCode`, `$_.Exception.Message`), `@()`, or a
 * static method call whose value is used (`[Convert]::FromBase64String('...')`).
 */
export type Operand = { literal: string } | { variable: string; path: string[] } | { call: string; args: Operand[] };

/** A condition inside `if (...)`. */
export type Condition =
  | { op: "truthy"; value: Operand; negate: boolean }
  | { op: "-eq" | "-ne" | "-gt" | "-lt"; left: Operand; right: Operand };

/** A cmdlet or program call; `quoted` marks the tokens that were strings. */
export interface CommandNode {
  kind: "command";
  tokens: Statement;
  quoted: boolean[];
}

/** One statement of a script. */
export type Node =
  | CommandNode
  | { kind: "assign"; name: string; value: CommandNode | Operand }
  | { kind: "try"; body: Node[]; catchBody?: Node[]; finallyBody?: Node[] }
  | { kind: "if"; cond: Condition; then: Node[]; otherwise?: Node[] }
  | { kind: "exit"; value?: Operand }
  | { kind: "throw"; value?: Operand }
  | { kind: "call"; target: string; args: Operand[] };

interface Token {
  text: string;
  /** A quoted string (never a keyword, operator or punctuation). */
  quoted: boolean;
}

const PUNCT = new Set([";", "\n", "{", "}", "(", ")", ",", "="]);
/** about_Quoting_Rules: the single-quote and double-quote characters (not the product's list). */
const SINGLE = new Set(["\u0027", "\u2018", "\u2019", "\u201A", "\u201B"]);
const DOUBLE = new Set(["\u0022", "\u201C", "\u201D", "\u201E"]);

function tokenize(script: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < script.length) {
    const c = script[i];
    if (c === " " || c === "\t" || c === "\r") i++;
    else if (SINGLE.has(c) || DOUBLE.has(c)) {
      const kind = SINGLE.has(c) ? SINGLE : DOUBLE;
      let word = "";
      for (i++; i < script.length; i++) {
        // Any quote of the kind followed by another: the second one is the character kept.
        if (kind.has(script[i]) && kind.has(script[i + 1])) word += script[++i];
        else if (kind.has(script[i])) break;
        else word += script[i];
      }
      i++;
      tokens.push({ text: word, quoted: true });
    } else if (PUNCT.has(c)) {
      // `@()` is one word (the empty array); `=` inside `-eq`-like words does not occur.
      tokens.push({ text: c, quoted: false });
      i++;
    } else {
      let word = "";
      while (i < script.length && !/[\s;{}(),=]/.test(script[i]) && !SINGLE.has(script[i]) && !DOUBLE.has(script[i])) word += script[i++];
      if (word === "@" && script[i] === "(" && script[i + 1] === ")") {
        word = "@()";
        i += 2;
      }
      tokens.push({ text: word, quoted: false });
    }
  }
  return tokens;
}

/** Parses a `-Command` script. Throws on what it does not understand. */
export function parsePowerShell(script: string): Node[] {
  const p = new Parser(tokenize(script));
  const nodes = p.block(false);
  if (!p.done()) throw new Error(`unexpected '${p.peek()?.text}' in the PowerShell script`);
  return nodes;
}

class Parser {
  #t: Token[];
  #i = 0;
  constructor(tokens: Token[]) {
    this.#t = tokens;
  }
  done(): boolean {
    return this.#i >= this.#t.length;
  }
  peek(): Token | undefined {
    return this.#t[this.#i];
  }
  #is(text: string): boolean {
    const t = this.peek();
    return t !== undefined && !t.quoted && t.text.toLowerCase() === text;
  }
  #expect(text: string): void {
    if (!this.#is(text)) throw new Error(`expected '${text}' in the PowerShell script, found '${this.peek()?.text ?? "end"}'`);
    this.#i++;
  }
  #skipSeparators(): void {
    while (this.#is(";") || this.#is("\n")) this.#i++;
  }
  /** Statements up to the end or (when `braced`) the closing `}`. */
  block(braced: boolean): Node[] {
    const nodes: Node[] = [];
    for (this.#skipSeparators(); !this.done() && !(braced && this.#is("}")); this.#skipSeparators()) nodes.push(this.#statement());
    return nodes;
  }
  #braced(): Node[] {
    this.#expect("{");
    const body = this.block(true);
    this.#expect("}");
    return body;
  }
  #statement(): Node {
    if (this.#is("try")) {
      this.#i++;
      const node: Node = { kind: "try", body: this.#braced() };
      if (this.#is("catch")) (this.#i++, node.catchBody = this.#braced());
      if (this.#is("finally")) (this.#i++, node.finallyBody = this.#braced());
      return node;
    }
    if (this.#is("if")) {
      this.#i++;
      this.#expect("(");
      const cond = this.#condition();
      this.#expect(")");
      const then = this.#braced();
      if (!this.#is("else")) return { kind: "if", cond, then };
      this.#i++;
      return { kind: "if", cond, then, otherwise: this.#braced() };
    }
    if (this.#is("exit") || this.#is("throw")) {
      const kind = this.#t[this.#i++].text.toLowerCase() as "exit" | "throw";
      return this.#atEnd() ? { kind } : { kind, value: this.#operand() };
    }
    const first = this.peek()!;
    if (!first.quoted && first.text.startsWith("$") && this.#t[this.#i + 1]?.text === "=" && !this.#t[this.#i + 1].quoted) {
      this.#i += 2;
      const next = this.peek();
      const single = this.#t[this.#i + 1] === undefined || [";", "\n", "}"].includes(this.#t[this.#i + 1].text);
      const isValue = next !== undefined && (next.quoted || next.text.startsWith("$") || /^-?\d+$/.test(next.text) || next.text === "@()");
      const name = first.text.slice(1).toLowerCase();
      if (this.#isCall()) return { kind: "assign", name, value: this.#operand() };
      return { kind: "assign", name, value: isValue && single ? this.#operand() : this.#command() };
    }
    if (this.#isCall()) {
      const call = this.#operand() as { call: string; args: Operand[] };
      return { kind: "call", target: call.call, args: call.args };
    }
    return this.#command();
  }
  #atEnd(): boolean {
    return this.done() || this.#is(";") || this.#is("\n") || this.#is("}");
  }
  #command(): CommandNode {
    const tokens: string[] = [], quoted: boolean[] = [];
    while (!this.#atEnd()) {
      const t = this.#t[this.#i++];
      tokens.push(t.text);
      quoted.push(t.quoted);
    }
    return { kind: "command", tokens, quoted };
  }
  /** At `[Type]::Member(`: a static method call. */
  #isCall(): boolean {
    const t = this.peek();
    return t !== undefined && !t.quoted && t.text.startsWith("[") && t.text.includes("::") && this.#t[this.#i + 1]?.text === "(" && !this.#t[this.#i + 1].quoted;
  }
  #operand(): Operand {
    if (this.#isCall()) {
      const target = this.#t[this.#i].text.toLowerCase();
      this.#i += 2;
      const args: Operand[] = [];
      while (!this.#is(")")) {
        if (this.done()) throw new Error(`unclosed '(' after ${target} in the PowerShell script`);
        if (this.#is(",")) this.#i++;
        else args.push(this.#operand());
      }
      this.#i++;
      return { call: target, args };
    }
    const t = this.#t[this.#i++];
    if (!t) throw new Error("missing value in the PowerShell script");
    if (t.quoted || !t.text.startsWith("$")) return { literal: t.text };
    const [name, ...path] = t.text.slice(1).split(".");
    return { variable: name.toLowerCase(), path: path.map((p) => p.toLowerCase()) };
  }
  #condition(): Condition {
    if (this.#is("-not") || this.#is("!")) {
      this.#i++;
      return { op: "truthy", value: this.#operand(), negate: true };
    }
    const left = this.#operand();
    const op = this.peek()?.text.toLowerCase();
    if (op === "-eq" || op === "-ne" || op === "-gt" || op === "-lt") {
      this.#i++;
      return { op, left, right: this.#operand() };
    }
    return { op: "truthy", value: left, negate: false };
  }
}

/** The value after `-Name` (case-insensitive; exact parameter names only). */
export function paramValue(tokens: string[], name: string): string | undefined {
  const i = tokens.findIndex((t) => t.toLowerCase() === `-${name.toLowerCase()}`);
  return i >= 0 ? tokens[i + 1] : undefined;
}

/** A comma-separated list value after `-Name` (`'a','b'`, one string, or `@()`). */
export function listValue(tokens: string[], name: string): string[] {
  const i = tokens.findIndex((t) => t.toLowerCase() === `-${name.toLowerCase()}`);
  if (i < 0 || tokens[i + 1] === "@()" || tokens[i + 1] === undefined) return [];
  const out = [tokens[i + 1]];
  for (let j = i + 2; tokens[j] === "," && j + 1 < tokens.length; j += 2) out.push(tokens[j + 1]);
  return out;
}

/** True when `-Name` is present. */
export function switchSet(tokens: string[], name: string): boolean {
  return tokens.some((t) => t.toLowerCase() === `-${name.toLowerCase()}`);
}
