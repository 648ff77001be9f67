/**
 * The TSDoc of every public export, read with the TypeScript compiler from each entry point's
 * sources: which exports have documentation and an `@example`, and the examples themselves,
 * turned into ES modules that run against the built packages and check the values their
 * comments claim (`f(x); // returns 0.5`).
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** One entry point of a published package. */
export interface Entry {
  /** The import specifier, e.g. `@hyperposition/plots/node`. */
  specifier: string;
  /** Its TypeScript source (the `source` condition). */
  source: string;
  /** Its built module (the `default` condition). */
  dist: string;
}

/** Every entry point of the five packages, from their package.json `exports`. */
export function entries(): Entry[] {
  const out: Entry[] = [];
  for (const name of ['hypervector', 'interference', 'toy-models', 'plots', 'cli']) {
    const dir = join(root, 'packages', name);
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
      name: string;
      exports: Record<string, string | { source: string; default: string }>;
    };
    for (const [sub, target] of Object.entries(pkg.exports)) {
      if (typeof target === 'string') continue;
      out.push({
        specifier: sub === '.' ? pkg.name : `${pkg.name}/${sub.slice(2)}`,
        source: join(dir, target.source),
        dist: join(dir, target.default),
      });
    }
  }
  return out;
}

/** One exported name and what its TSDoc holds. */
export interface DocumentedExport {
  entry: string;
  name: string;
  /** A function, class, variable or enum (something that exists at run time). */
  value: boolean;
  /** The summary text (empty where there is none). */
  doc: string;
  /** The code of each `@example` (fences removed). */
  examples: string[];
  /** Where it is declared, for messages. */
  where: string;
}

function exampleCode(text: string): string {
  const fenced = /```[a-z]*\n([\s\S]*?)```/.exec(text);
  return (fenced ? fenced[1] : text).replace(/\s+$/, '') + '\n';
}

/** The exports of every entry point with their TSDoc. */
export function documentedExports(): DocumentedExport[] {
  const list = entries();
  const program = ts.createProgram(
    list.map((e) => e.source),
    {
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2022,
      skipLibCheck: true,
      noEmit: true,
      customConditions: ['source'],
    },
  );
  const checker = program.getTypeChecker();
  const out: DocumentedExport[] = [];
  for (const e of list) {
    const sf = program.getSourceFile(e.source);
    const mod = sf && checker.getSymbolAtLocation(sf);
    if (!mod) throw new Error(`no module symbol for ${e.source}`);
    for (const sym of checker.getExportsOfModule(mod)) {
      const s = sym.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(sym) : sym;
      const decl = s.getDeclarations()?.[0];
      const where = decl
        ? `${decl.getSourceFile().fileName.slice(root.length + 1)}:${
            decl.getSourceFile().getLineAndCharacterOfPosition(decl.getStart()).line + 1
          }`
        : '?';
      const value =
        (s.flags &
          (ts.SymbolFlags.Function |
            ts.SymbolFlags.Class |
            ts.SymbolFlags.Variable |
            ts.SymbolFlags.Enum)) !==
        0;
      const examples = s
        .getJsDocTags(checker)
        .filter((t) => t.name === 'example')
        .map((t) => exampleCode(ts.displayPartsToString(t.text)));
      out.push({
        entry: e.specifier,
        name: sym.name,
        value,
        doc: ts.displayPartsToString(s.getDocumentationComment(checker)).trim(),
        examples,
        where,
      });
      // the examples of its members (an interface's methods, a class's methods and statics),
      // checked like the others; members are not required to have one
      const members = [
        ...(s.members?.values() ?? []),
        ...(s.flags & ts.SymbolFlags.Class ? (s.exports?.values() ?? []) : []),
      ];
      for (const m of members) {
        const memberExamples = m
          .getJsDocTags(checker)
          .filter((t) => t.name === 'example')
          .map((t) => exampleCode(ts.displayPartsToString(t.text)));
        if (memberExamples.length === 0) continue;
        out.push({
          entry: e.specifier,
          name: `${sym.name}.${m.name}`,
          value: false,
          doc: 'member',
          examples: memberExamples,
          where,
        });
      }
    }
  }
  return out;
}

/** A value claimed in an example's comment, and how to compare with it. */
export type Claim =
  | { kind: 'number'; value: number; tol: number }
  | { kind: 'exact'; value: unknown }
  | { kind: 'type'; value: string; length?: number }
  | { kind: 'array'; items: Claim[]; partial: boolean; tail?: Claim[] }
  | { kind: 'object'; fields: [string, Claim][] }
  | { kind: 'throws'; value: string }
  | { kind: 'prefix'; value: string }
  | { kind: 'unreadable'; value: string };

/** The absolute tolerance of a number as written: half a unit in its last digit. */
function numberClaim(text: string, about: boolean): Claim {
  const value = Number(text);
  const m = /^-?(\d*)(?:\.(\d+))?(?:e([-+]?\d+))?$/i.exec(text);
  const decimals = m?.[2]?.length ?? 0;
  const exp = m?.[3] !== undefined ? Number(m[3]) : 0;
  let tol = 0.5 * 10 ** (exp - decimals);
  if (about) tol = Math.max(tol, 0.05 * Math.abs(value));
  // an integer written without digits after the point is exact unless it is "about" (up to
  // float rounding: a computed 2e-14 reads as 0)
  if (!about && decimals === 0 && exp === 0) tol = 1e-9 * Math.max(1, Math.abs(value));
  return { kind: 'number', value, tol };
}

/**
 * The value at the start of a claim (`0.6366 (2/pi)`, `[1, 2, ...]`, `{ mean: 0.5, ... }`,
 * `true`, `'text'`, `Float64Array(3)`), or null where it does not start with one.
 */
export function parseClaim(text: string): Claim | null {
  let s = text.trim();
  let about = false;
  const a = /^(about|approximately|~|≈)\s*/i.exec(s);
  if (a) {
    about = true;
    s = s.slice(a[0].length);
  }
  const r = parseValue(s, about);
  return r ? r.claim : null;
}

function parseValue(s: string, about: boolean): { claim: Claim; rest: string } | null {
  s = s.trimStart();
  // a number, not the start of an expression (`0.1/3 - 0.01/4` claims nothing readable); a
  // sentence's full stop may follow it (`0.5.`), and digits cut short end in `...` (`0.0365...`:
  // checked to one unit of the last digit written)
  let m =
    /^-?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?(?!\d|\.\d|[eE][-+]?\d)(?!\s*[-+*/^]\s*[\d(.])/i.exec(s);
  if (m) {
    const claim = numberClaim(m[0].replace(/\.$/, ''), about) as Extract<Claim, { kind: 'number' }>;
    let rest = s.slice(m[0].length);
    const cut = /^(?:\.\.\.|…)/.exec(rest);
    if (cut) {
      const digits = /\.(\d+)/.exec(m[0])?.[1]?.length ?? 0;
      claim.tol = Math.max(claim.tol, 10 ** -digits);
      rest = rest.slice(cut[0].length);
    }
    return { claim, rest };
  }
  if (/^-?[\d.]/.test(s)) return null;
  m = /^(true|false|null|undefined|NaN|-?Infinity)\b/.exec(s);
  if (m) {
    const v = { true: true, false: false, null: null, undefined, NaN: NaN }[m[1]] as unknown;
    const value = m[1].endsWith('Infinity') ? Number(m[1]) : v;
    return { claim: { kind: 'exact', value }, rest: s.slice(m[0].length) };
  }
  m = /^(['"])((?:\\.|(?!\1).)*)\1/.exec(s);
  if (m) {
    // a string that ends in an ellipsis claims its beginning
    const text = m[2];
    const cut = /(?:…|\.\.\.)$/.exec(text);
    const claim: Claim = cut
      ? { kind: 'prefix', value: text.slice(0, cut.index) }
      : { kind: 'exact', value: text };
    return { claim, rest: s.slice(m[0].length) };
  }
  // a typed array or other class, with its length where one is written: Float64Array(2)
  m = /^([A-Z][A-Za-z0-9]*(?:Array|Error|Map|Set))(?:\((\d+)\))?/.exec(s);
  if (m) {
    const claim: Claim =
      m[2] !== undefined
        ? { kind: 'type', value: m[1], length: Number(m[2]) }
        : { kind: 'type', value: m[1] };
    return { claim, rest: s.slice(m[0].length) };
  }
  if (s.startsWith('[')) {
    // items, and after an ellipsis the last items (`[1, 0.9, ..., 0.1]`)
    const head: Claim[] = [];
    const tail: Claim[] = [];
    let partial = false;
    let rest = s.slice(1);
    for (;;) {
      rest = rest.trimStart();
      if (rest.startsWith(']')) {
        const claim: Claim = partial
          ? { kind: 'array', items: head, partial, tail }
          : { kind: 'array', items: head, partial };
        return { claim, rest: rest.slice(1) };
      }
      const dots = /^(?:\.\.\.|…)/.exec(rest);
      if (dots) {
        if (partial) return null;
        partial = true;
        rest = rest.slice(dots[0].length).trimStart();
        if (rest.startsWith(',')) rest = rest.slice(1);
        continue;
      }
      const v = parseValue(rest, about);
      if (!v) return null;
      (partial ? tail : head).push(v.claim);
      rest = v.rest.trimStart();
      if (rest.startsWith(',')) rest = rest.slice(1);
    }
  }
  if (s.startsWith('{')) {
    // fields; an ellipsis stands for fields not claimed, wherever it is
    const fields: [string, Claim][] = [];
    let rest = s.slice(1);
    for (;;) {
      rest = rest.trimStart();
      if (rest.startsWith('}')) return { claim: { kind: 'object', fields }, rest: rest.slice(1) };
      const dots = /^(?:\.\.\.|…)/.exec(rest);
      if (dots) {
        rest = rest.slice(dots[0].length).trimStart();
        if (rest.startsWith(',')) rest = rest.slice(1);
        continue;
      }
      const k = /^([A-Za-z_$][\w$]*)\s*:/.exec(rest);
      if (!k) return null;
      const v = parseValue(rest.slice(k[0].length), about);
      if (!v) return null;
      fields.push([k[1], v.claim]);
      rest = v.rest.trimStart();
      if (rest.startsWith(',')) rest = rest.slice(1);
    }
  }
  return null;
}

/** Whether `got` matches the claim; a reason where it does not. */
export function checkClaim(got: unknown, claim: Claim, path = 'value'): string | null {
  switch (claim.kind) {
    case 'number': {
      const v = typeof got === 'bigint' ? Number(got) : got;
      if (typeof v !== 'number') return `${path}: expected a number, got ${typeof got}`;
      if (Number.isNaN(claim.value))
        return Number.isNaN(v) ? null : `${path}: expected NaN, got ${v}`;
      const ok = Math.abs(v - claim.value) <= claim.tol * (1 + 1e-9) + 1e-15;
      return ok ? null : `${path}: expected ${claim.value} (±${claim.tol}), got ${v}`;
    }
    case 'exact':
      return Object.is(got, claim.value) || got === claim.value
        ? null
        : `${path}: expected ${String(claim.value)}, got ${String(got)}`;
    case 'type': {
      const name = (got as { constructor?: { name?: string } } | null)?.constructor?.name;
      if (name !== claim.value) return `${path}: expected a ${claim.value}, got ${name}`;
      const length = (got as { length?: unknown }).length;
      return claim.length === undefined || length === claim.length
        ? null
        : `${path}: expected ${claim.value}(${claim.length}), got length ${String(length)}`;
    }
    case 'array': {
      if (
        got === null ||
        typeof got !== 'object' ||
        typeof (got as ArrayLike<unknown>).length !== 'number'
      )
        return `${path}: expected an array, got ${typeof got}`;
      const arr = got as ArrayLike<unknown>;
      if (!claim.partial && arr.length !== claim.items.length)
        return `${path}: expected ${claim.items.length} items, got ${arr.length}`;
      if (arr.length < claim.items.length)
        return `${path}: expected at least ${claim.items.length} items, got ${arr.length}`;
      for (let i = 0; i < claim.items.length; i++) {
        const r = checkClaim(arr[i], claim.items[i], `${path}[${i}]`);
        if (r) return r;
      }
      const tail = claim.tail ?? [];
      if (arr.length < claim.items.length + tail.length)
        return `${path}: expected at least ${claim.items.length + tail.length} items, got ${arr.length}`;
      for (let i = 0; i < tail.length; i++) {
        const at = arr.length - tail.length + i;
        const r = checkClaim(arr[at], tail[i], `${path}[${at}]`);
        if (r) return r;
      }
      return null;
    }
    case 'unreadable':
      return `${path}: the comment claims a value the checker cannot read (write it as a literal)`;
    case 'prefix':
      return typeof got === 'string' && got.startsWith(claim.value)
        ? null
        : `${path}: expected a string that starts ${JSON.stringify(claim.value)}, got ${JSON.stringify(got)}`;
    case 'throws': {
      const thrown = (got as { thrown?: unknown } | null)?.thrown;
      const name = (thrown as { name?: string } | undefined)?.name;
      if (thrown === undefined) return `${path}: expected it to throw ${claim.value}, it returned`;
      return name === claim.value
        ? null
        : `${path}: expected ${claim.value}, threw ${String(thrown)}`;
    }
    case 'object': {
      if (got === null || typeof got !== 'object')
        return `${path}: expected an object, got ${String(got)}`;
      for (const [k, c] of claim.fields) {
        const r = checkClaim((got as Record<string, unknown>)[k], c, `${path}.${k}`);
        if (r) return r;
      }
      return null;
    }
  }
}

/**
 * The claim a statement's comment makes: the comment on its own line after it, or the first
 * comment on the next line (`// returns ...` under a statement too long for one line), or null
 * where neither claims a value. A `returns` comment whose value cannot be read is an
 * `unreadable` claim, which fails: a claim the checker skipped would look checked.
 */
function trailingClaim(text: string, node: ts.Node): { claim: Claim; text: string } | null {
  const end = node.getEnd();
  const line = (pos: number): number => text.slice(0, pos).split('\n').length;
  const ranges = [
    ...(ts.getTrailingCommentRanges(text, end) ?? []),
    // leading comments of whatever follows: only one that starts on the very next line
    ...(ts.getLeadingCommentRanges(text, end) ?? []).filter((r) => line(r.pos) === line(end) + 1),
  ];
  for (const r of ranges) {
    const c = text.slice(r.pos, r.end).replace(/^\/\/\s*|^\/\*\s*|\s*\*\/$/g, '');
    const t = /^throws\s+([A-Z][A-Za-z]*)/.exec(c);
    if (t) return { claim: { kind: 'throws', value: t[1] }, text: c };
    const m = /^(?:returns|→|->|=>)\s+(.*)$/i.exec(c);
    if (m) {
      const claim = parseClaim(m[1]);
      return { claim: claim ?? { kind: 'unreadable', value: c }, text: c };
    }
    // `about 0.61`: a claim where a value follows (`about half the entries` is prose)
    const a = /^((?:about|≈)\s+.*)$/i.exec(c);
    if (a) {
      const claim = parseClaim(a[1]);
      if (claim) return { claim, text: c };
      continue;
    }
    // a bare literal (`// true`, `// 0.5`, `// 'text'`), alone or before an explanation in
    // parentheses or after a colon; bare arrays are not read (`// [2, 3]` notes a shape)
    const bare = /^(?:true|false|-?[\d.]|['"])/.test(c) ? parseValue(c, false) : null;
    if (bare && /^\s*(?:$|[(:;])/.test(bare.rest)) return { claim: bare.claim, text: c };
  }
  return null;
}

/** What {@link exampleModule} made of an example. */
export interface ExampleModule {
  /** The module's JavaScript. */
  code: string;
  /** The claims it checks, in order. */
  claims: string[];
}

/** A claim as JavaScript source (JSON, with NaN and the infinities written out). */
function claimSource(claim: Claim): string {
  return JSON.stringify(claim, (_k, v: unknown) =>
    typeof v === 'number' && !Number.isFinite(v) ? `__${String(v)}__` : v,
  ).replace(/"__(NaN|-?Infinity)__"/g, '$1');
}

/** An import declaration as a destructuring of `await import(url)` (so that it may shadow). */
function importAsConst(st: ts.ImportDeclaration, url: string): string {
  const from = `await import(${JSON.stringify(url)})`;
  const clause = st.importClause;
  if (!clause) return `await import(${JSON.stringify(url)});`;
  const parts: string[] = [];
  if (clause.name) parts.push(`default: ${clause.name.text}`);
  const nb = clause.namedBindings;
  if (nb && ts.isNamespaceImport(nb)) {
    const head = parts.length ? `const { ${parts.join(', ')} } = ${from}; ` : '';
    return `${head}const ${nb.name.text} = ${from};`;
  }
  if (nb && ts.isNamedImports(nb)) {
    for (const el of nb.elements)
      parts.push(el.propertyName ? `${el.propertyName.text}: ${el.name.text}` : el.name.text);
  }
  return `const { ${parts.join(', ')} } = ${from};`;
}

/**
 * An example as an ES module for the runner of {@link runnerSource}: the exports of its own
 * entry point (`names`, by entry point) in an outer scope, its imports of `@hyperposition/*` read from the
 * built files inside the block (so that they may shadow those), and each statement whose
 * comment claims a value (`// returns 0.5`, `// about 3`) passed through
 * `globalThis.__check(index, claim, value)`.
 */
export function exampleModule(
  example: string,
  entry: string,
  names: Map<string, string[]>,
  all: Entry[],
): ExampleModule {
  const sf = ts.createSourceFile('example.ts', example, ts.ScriptTarget.ES2022, true);
  const claims: string[] = [];
  const edits: { pos: number; end: number; text: string }[] = [];
  const urlOf = (spec: string): string => {
    const dist = all.find((e) => e.specifier === spec)?.dist;
    return dist ? pathToFileURL(dist).href : spec;
  };
  const visit = (stmts: readonly ts.Statement[]): void => {
    for (const st of stmts) {
      if (ts.isImportDeclaration(st) && ts.isStringLiteral(st.moduleSpecifier)) {
        edits.push({
          pos: st.getStart(),
          end: st.getEnd(),
          text: importAsConst(st, urlOf(st.moduleSpecifier.text)),
        });
        continue;
      }
      // statements nested anywhere inside (blocks, if/for bodies, functions)
      const nested = (node: ts.Node): void => {
        ts.forEachChild(node, (child) => {
          if (
            ts.isBlock(child) ||
            ts.isModuleBlock(child) ||
            ts.isCaseClause(child) ||
            ts.isDefaultClause(child)
          )
            visit(child.statements);
          else nested(child);
        });
      };
      nested(st);
      const c = trailingClaim(example, st);
      if (!c) continue;
      const i = claims.length;
      claims.push(c.text);
      const claim = claimSource(c.claim);
      if (ts.isExpressionStatement(st) && c.claim.kind === 'throws') {
        // { thrown } where it throws (or its promise rejects), {} where it does not
        edits.push({
          pos: st.getStart(),
          end: st.getStart(),
          text: `__check(${i}, ${claim}, await (async () => { try { await (`,
        });
        edits.push({
          pos: st.expression.getEnd(),
          end: st.expression.getEnd(),
          text: `); return {}; } catch (thrown) { return { thrown }; } })())`,
        });
      } else if (ts.isExpressionStatement(st)) {
        edits.push({ pos: st.getStart(), end: st.getStart(), text: `__check(${i}, ${claim}, (` });
        edits.push({ pos: st.expression.getEnd(), end: st.expression.getEnd(), text: `))` });
      } else if (ts.isVariableStatement(st) && st.declarationList.declarations.length === 1) {
        const d = st.declarationList.declarations[0];
        if (ts.isIdentifier(d.name))
          edits.push({
            pos: st.getEnd(),
            end: st.getEnd(),
            text: ` __check(${i}, ${claim}, ${d.name.text});`,
          });
      }
    }
  };
  visit(sf.statements);
  // later edits first, so that earlier positions hold
  edits.sort((a, b) => b.pos - a.pos || b.end - a.end);
  let code = example;
  for (const e of edits) code = code.slice(0, e.pos) + e.text + code.slice(e.end);
  const js = ts.transpileModule(code, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  }).outputText;
  // the exports of the example's own entry point in scope, and in an outer scope those of the
  // package's other entry points (`featureNorms` in an example of `@hyperposition/plots/node`)
  const pkg = entry.split('/').slice(0, 2).join('/');
  const siblings = [...names.keys()].filter(
    (e) => e !== entry && e.split('/').slice(0, 2).join('/') === pkg,
  );
  const scope = (e: string): string =>
    `const { ${(names.get(e) ?? []).join(', ')} } = await import(${JSON.stringify(urlOf(e))});`;
  const outer = siblings.map((e) => `{\n${scope(e)}\n`).join('');
  return {
    code: `${outer}{\n${scope(entry)}\n{\n${js}\n}\n}\n${'}\n'.repeat(siblings.length)}`,
    claims,
  };
}

/**
 * A Node script that imports the example modules `files` one after another (in the working
 * directory it is started in), checks their claims with {@link checkClaim}, and writes
 * `[{ file, checked: [{ index, failure }], error }]` as JSON to `out`.
 */
export function runnerSource(files: string[], out: string): string {
  return `import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
${checkClaim.toString()}
const files = ${JSON.stringify(files)};
const results = [];
for (const file of files) {
  const r = { file, checked: [], error: null };
  globalThis.__check = (index, claim, value) => {
    r.checked.push({ index, failure: checkClaim(value, claim) });
    return value;
  };
  try {
    await import(pathToFileURL(file).href);
  } catch (e) {
    r.error = String((e && e.stack) || e).split('\\n').slice(0, 4).join('\\n');
  }
  results.push(r);
  writeFileSync(${JSON.stringify(out)}, JSON.stringify(results));
}
process.exit(0);
`;
}
