/**
 * A Vite plugin that shrinks the text of Lit's `css` and `html` tagged
 * templates in the browser bundles. Rolldown's minifier leaves template
 * literals as they are, so the stylesheet's comments and indentation and
 * the templates' indentation otherwise ship to every customer.
 *
 * Only the static parts of a template change; every `${}` expression,
 * nested templates included, stays byte for byte (a nested `css` or
 * `html` template is minified on its own). Only templates whose tag is
 * `css` or `html` imported under that name from Lit are touched: the
 * sandbox's own server-side `html` is not Lit's.
 *
 * It runs before TypeScript is compiled (`enforce: 'pre'`) and parses
 * with the oxc parser that Vite itself exports, rather than a
 * hand-written scanner that would have to tell a regular expression from
 * a division and know TypeScript's syntax. Its edits go through
 * magic-string, whose source map keeps positions after a shortened
 * template on their line and column.
 *
 * Limits, by choice: an `html` template is left whole when it holds a
 * `<pre>`, `<textarea>`, `<script>` or `<style>`; but a template
 * rendered inside another's `<pre>`, or text under `white-space: pre`,
 * would see its line breaks turn into spaces. A local variable that
 * shadows the imported `css` or `html` is not told apart from it.
 */
import MagicString from 'magic-string';
import { parseSync, Visitor, type Plugin } from 'vite';

export function minifyLitLiterals(): Plugin {
  return {
    name: 'minify-lit-literals',
    apply: 'build',
    enforce: 'pre',
    transform: {
      filter: {
        id: { include: SCRIPT_MODULE, exclude: /[\\/]node_modules[\\/]/ },
        code: TAGGED_TEMPLATE,
      },
      handler(code, id) {
        return minifyModule(code, id);
      },
    },
  };
}

const SCRIPT_MODULE = /\.[cm]?[jt]sx?(?:\?.*)?$/;
const TAGGED_TEMPLATE = /\b(?:css|html)\s*`/;

/** Modules that export Lit's `css` and `html`. */
const LIT_MODULE =
  /^(?:lit|lit-html|lit-element|@lit\/reactive-element)(?:\/|$)/;

type Minifier = (text: string) => string;

const MINIFIERS: Record<string, Minifier> = {
  css: minifyCss,
  html: minifyHtml,
};

interface Edit {
  start: number;
  end: number;
  text: string;
}

/** The module with its Lit templates minified, or null if none changed. */
function minifyModule(code: string, id: string) {
  const file = id.replace(/\?.*$/, '');
  const { program } = parseSync(file, code, { lang: languageOf(file) });
  const edits = litTemplateEdits(program, code);
  if (edits.length === 0) return null;
  return applyEdits(code, edits, file);
}

function languageOf(file: string): 'js' | 'jsx' | 'ts' | 'tsx' {
  const extension = /\.[cm]?([jt]sx?)$/.exec(file)?.[1];
  return (extension ?? 'js') as 'js' | 'jsx' | 'ts' | 'tsx';
}

type Program = ReturnType<typeof parseSync>['program'];

interface TemplateElementNode {
  start: number;
  end: number;
  tail: boolean;
  value: { raw: string; cooked: string | null };
}

/** An edit for every static part of a Lit template that gets shorter. */
function litTemplateEdits(program: Program, code: string): Edit[] {
  const tags = litTagsImported(program);
  const edits: Edit[] = [];
  new Visitor({
    TaggedTemplateExpression(node) {
      if (node.tag.type !== 'Identifier' || !tags.has(node.tag.name)) return;
      const minify = MINIFIERS[node.tag.name]!;
      const parts = node.quasi.quasis as TemplateElementNode[];
      edits.push(...templateEdits(parts, code, minify));
    },
  }).visit(program);
  return edits.sort((a, b) => a.start - b.start);
}

/** `css` and `html` when imported from Lit under their own names. */
function litTagsImported(program: Program): Set<string> {
  const tags = new Set<string>();
  for (const statement of program.body) {
    if (statement.type !== 'ImportDeclaration') continue;
    if (statement.importKind === 'type') continue;
    if (!LIT_MODULE.test(statement.source.value)) continue;
    for (const specifier of statement.specifiers) {
      if (specifier.type !== 'ImportSpecifier') continue;
      if (specifier.importKind === 'type') continue;
      const { imported, local } = specifier;
      const name = imported.type === 'Identifier' ? imported.name : '';
      if (name === local.name && name in MINIFIERS) tags.add(name);
    }
  }
  return tags;
}

/**
 * Stands for an expression while the static parts are minified as one
 * text: a character no template here contains, checked per template.
 */
const HOLE = '\uFFFF';

/**
 * Lit reads the cooked strings, so the minifiers work on those and the
 * result is escaped back into template source. A template is left as it
 * is when a part has no cooked value (an invalid escape), contains the
 * hole character, or the minifier did not keep every hole.
 */
function templateEdits(
  parts: TemplateElementNode[],
  code: string,
  minify: Minifier,
): Edit[] {
  const cooked = parts.map((part) => part.value.cooked);
  if (cooked.some((text) => text === null || text.includes(HOLE))) return [];
  const minified = minify(cooked.join(HOLE)).split(HOLE);
  if (minified.length !== parts.length) return [];

  const edits: Edit[] = [];
  parts.forEach((part, index) => {
    const text = minified[index]!;
    if (text === cooked[index]) return;
    const start = part.start + 1;
    const end = part.end - (part.tail ? 1 : 2);
    const source = code.slice(start, end).replace(/\r\n?/g, '\n');
    if (source !== part.value.raw) return;
    edits.push({ start, end, text: escapeTemplateText(text) });
  });
  return edits;
}

/**
 * Template source for a cooked text: backslashes, backticks and `${`
 * escaped, and carriage returns too, which a template would read as
 * line feeds.
 */
function escapeTemplateText(text: string): string {
  return text
    .replace(/[\\`]/g, '\\$&')
    .replace(/\$\{/g, '\\${')
    .replace(/\r/g, '\\r');
}

// ---------------------------------------------------------------- CSS

const CSS_SPACE = /[ \t\n\r\f]/;

/** After these, a space never separates anything. */
const NO_SPACE_AFTER = new Set(['{', '}', ';', ',', '>', '(', ':']);

/**
 * Before these either. Not `(`: `and (` in a media query must keep its
 * space, or `and(` reads as a function. Not `:`: `a :hover` (any
 * descendant) differs from `a:hover`.
 */
const NO_SPACE_BEFORE = new Set(['{', '}', ';', ',', '>', ')', '!']);

/** Characters that can end or start one token next to another. */
const SEPARATES_TOKENS = /[{}()[\];,:>!"']/;

/**
 * Drops comments, collapses whitespace to one space and drops it where
 * CSS never needs it, and drops the last `;` of a block. Strings, escapes
 * and unquoted `url()`s are copied as they are; spaces around `+` and `-`
 * stay, since `calc(a + b)` needs them.
 */
function minifyCss(css: string): string {
  const out: string[] = [];
  const gap = { spaced: false, commented: false };
  let i = 0;
  while (i < css.length) {
    const char = css[i]!;
    if (CSS_SPACE.test(char)) {
      gap.spaced = true;
      i += 1;
    } else if (css.startsWith('/*', i)) {
      i = skipOrKeepComment(css, i, out, gap);
    } else {
      closeGap(out, gap, char);
      i = copyCssToken(css, i, out);
    }
  }
  return out.join('');
}

interface Gap {
  spaced: boolean;
  commented: boolean;
}

/** Drops a comment, unless it holds an expression, which must stay. */
function skipOrKeepComment(
  css: string,
  start: number,
  out: string[],
  gap: Gap,
): number {
  const close = css.indexOf('*/', start + 2);
  const end = close === -1 ? css.length : close + 2;
  const comment = css.slice(start, end);
  if (comment.includes(HOLE)) {
    closeGap(out, gap, '/');
    out.push(comment);
  } else {
    gap.commented = true;
  }
  return end;
}

/**
 * Writes what separates the last token from the next one: a space if
 * whitespace was there and is needed, an empty comment if a dropped
 * comment alone kept apart two tokens that would merge (`1px`, `2px`).
 */
function closeGap(out: string[], gap: Gap, next: string): void {
  const last = lastChar(out);
  if (gap.spaced && spaceNeeded(last, next)) out.push(' ');
  if (!gap.spaced && gap.commented && !canTouch(last, next)) {
    out.push('/**/');
  }
  gap.spaced = false;
  gap.commented = false;
}

function lastChar(out: string[]): string {
  const last = out[out.length - 1];
  return last === undefined ? '' : last[last.length - 1]!;
}

/** Whether whitespace between `before` and `after` must stay. */
function spaceNeeded(before: string, after: string): boolean {
  if (before === '') return false;
  // `--empty: ;` is a valid custom property where `--empty:;` once was not.
  if (before === ':' && (after === ';' || after === '}')) return true;
  return !NO_SPACE_AFTER.has(before) && !NO_SPACE_BEFORE.has(after);
}

/** Whether two characters a comment separated can be written together. */
function canTouch(before: string, after: string): boolean {
  return (
    before === '' || SEPARATES_TOKENS.test(before) ||
    SEPARATES_TOKENS.test(after)
  );
}

/** Copies the token at `start` into `out`; returns where the next begins. */
function copyCssToken(css: string, start: number, out: string[]): number {
  const char = css[start]!;
  if (char === '"' || char === "'") return copyString(css, start, out);
  if (char === '\\') return copyEscape(css, start, out);
  if (char === '}') dropLastSemicolon(out);
  out.push(char);
  if (char === '(' && /(?:^|[^\w-])url\($/i.test(tail(out, 5))) {
    return copyUnquotedUrl(css, start + 1, out);
  }
  return start + 1;
}

/** A string to its closing quote, or to the line end that breaks it. */
function copyString(css: string, start: number, out: string[]): number {
  const quote = css[start];
  let i = start + 1;
  while (i < css.length && css[i] !== quote && css[i] !== '\n') {
    i += css[i] === '\\' ? 2 : 1;
  }
  const end = css[i] === quote ? i + 1 : Math.min(i, css.length);
  out.push(css.slice(start, end));
  return end;
}

/**
 * A backslash escape: up to six hex digits and the one whitespace that
 * ends them (`\31 0`), or the single character it escapes.
 */
function copyEscape(css: string, start: number, out: string[]): number {
  const hex = /^[0-9a-fA-F]{1,6}(?:\r\n|[ \t\n\r\f])?/.exec(
    css.slice(start + 1, start + 9),
  );
  const end = start + 1 + (hex ? hex[0].length : 1);
  out.push(css.slice(start, end));
  return end;
}

/** `url(` followed by an address without quotes, up to its `)`. */
function copyUnquotedUrl(css: string, start: number, out: string[]): number {
  const rest = css.slice(start);
  const content = /^[ \t\n\r\f]*/.exec(rest)![0].length;
  if (rest[content] === '"' || rest[content] === "'") return start;
  const close = rest.indexOf(')', content);
  const end = close === -1 ? rest.length : close;
  out.push(rest.slice(content, end).replace(/[ \t\n\r\f]+$/, ''));
  return start + end;
}

function dropLastSemicolon(out: string[]): void {
  if (out[out.length - 1] === ';') out.pop();
}

function tail(out: string[], length: number): string {
  return out.slice(-length).join('').slice(-length);
}

// --------------------------------------------------------------- HTML

/** Elements whose text keeps its whitespace, or is not HTML at all. */
const WHITESPACE_KEEPING = /<(?:pre|textarea|script|style|listing|xmp)\b/i;

const HTML_SPACE = /[ \t\n\r\f]/;
const HTML_SPACE_RUN = /^[ \t\n\r\f]+/;

/**
 * Between tags and in text, a run of whitespace with a line break becomes
 * one space: never nothing, since a space between two inline elements
 * (`<b>a</b> <i>b</i>`) shows. Inside a tag, whitespace between
 * attributes becomes one space, and goes before the tag's `>`. Attribute
 * values, comments and expressions stay as they are.
 */
function minifyHtml(html: string): string {
  if (WHITESPACE_KEEPING.test(html)) return html;
  const out: string[] = [];
  let i = 0;
  while (i < html.length) {
    i = html[i] === '<' ? copyMarkup(html, i, out) : copyText(html, i, out);
  }
  return out.join('');
}

/** Text up to the next `<`, its line-breaking whitespace collapsed. */
function copyText(html: string, start: number, out: string[]): number {
  const next = html.indexOf('<', start + 1);
  const end = next === -1 ? html.length : next;
  const text = html.slice(start, end);
  out.push(text.replace(/[ \t\n\r\f]+/g, collapseLineBreak));
  return end;
}

function collapseLineBreak(run: string): string {
  return run.includes('\n') ? ' ' : run;
}

/** A comment, a tag, or a `<` that is only text. */
function copyMarkup(html: string, start: number, out: string[]): number {
  if (html.startsWith('<!--', start)) {
    return copyUpTo(html, start, '-->', out);
  }
  if (html[start + 1] === '!' || html[start + 1] === '?') {
    return copyUpTo(html, start, '>', out);
  }
  if (/^<\/?[a-zA-Z]/.test(html.slice(start, start + 3))) {
    return copyTag(html, start, out);
  }
  out.push('<');
  return start + 1;
}

function copyUpTo(
  html: string,
  start: number,
  close: string,
  out: string[],
): number {
  const found = html.indexOf(close, start + 1);
  const end = found === -1 ? html.length : found + close.length;
  out.push(html.slice(start, end));
  return end;
}

/** A start or end tag through its `>`, quoted values copied whole. */
function copyTag(html: string, start: number, out: string[]): number {
  let valueNext = false;
  let i = start;
  while (i < html.length) {
    const char = html[i]!;
    if (HTML_SPACE.test(char)) {
      i += HTML_SPACE_RUN.exec(html.slice(i))![0].length;
      if (html[i] !== '>' || !closesTight(lastChar(out))) {
        out.push(' ');
      }
      continue;
    }
    if (valueNext && (char === '"' || char === "'")) {
      const close = html.indexOf(char, i + 1);
      const end = close === -1 ? html.length : close + 1;
      out.push(html.slice(i, end));
      valueNext = false;
      i = end;
      continue;
    }
    out.push(char);
    i += 1;
    if (char === '>') return i;
    valueNext = char === '=';
  }
  return i;
}

/**
 * Whether a tag's `>` may follow `before` directly. Not after a `/`:
 * `<path d="" / >` is not self-closing, which in SVG makes the elements
 * after it its children; `<path d=""/>` is.
 */
function closesTight(before: string): boolean {
  return before !== '/';
}

// --------------------------------------------------------- source map

/** The module with the edits applied, and a source map of them. */
function applyEdits(code: string, edits: Edit[], file: string) {
  const source = new MagicString(code);
  for (const edit of edits) source.overwrite(edit.start, edit.end, edit.text);
  return {
    code: source.toString(),
    map: source.generateMap({
      source: file,
      hires: true,
      includeContent: true,
    }),
  };
}
