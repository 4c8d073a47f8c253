/**
 * The build plugin that minifies Lit's `css` and `html` templates, run
 * on sample modules: what it keeps is what a browser needs to read the
 * same stylesheet and the same DOM.
 */
import assert from 'node:assert/strict';
import { SourceMap } from 'node:module';
import { describe, test } from 'node:test';

import { minifyLitLiterals } from '../../scripts/minify-lit-literals.ts';

interface Transformed {
  code: string;
  map: { mappings: string; sources: string[] };
}

type TransformHandler = (code: string, id: string) => Transformed | null;

/** The plugin's transform, called as Vite calls it on a module. */
function transform(code: string, id = '/src/element/sample.ts') {
  const hook = minifyLitLiterals().transform;
  assert.ok(hook && typeof hook === 'object', 'an object transform hook');
  const handler = hook.handler as unknown as TransformHandler;
  return handler.call(undefined, code, id);
}

const LIT_IMPORT = "import { css, html } from 'lit';\n";

/** A module body after the transform, below Lit's import. */
function minified(body: string): string {
  const result = transform(LIT_IMPORT + body);
  return result === null ? body : result.code.slice(LIT_IMPORT.length);
}

/** `css` of the given text, as a module body. */
function cssOf(text: string): string {
  return `export const styles = css\`${text}\`;`;
}

function htmlOf(text: string): string {
  return `export const view = html\`${text}\`;`;
}

describe('css templates', () => {
  test('lose comments, indentation and the last semicolon', () => {
    const source = cssOf(`
      /* The host. */
      :host {
        display: inline-block;
        color: red;
      }
    `);
    assert.equal(
      minified(source),
      cssOf(':host{display:inline-block;color:red}'),
    );
  });

  test('keep one space for a descendant combinator', () => {
    const source = cssOf('\n  .close   svg ,\n  .a\n  .b { x: y; }\n');
    assert.equal(minified(source), cssOf('.close svg,.a .b{x:y}'));
  });

  test('drop the spaces around a child combinator', () => {
    assert.equal(minified(cssOf('.a > .b { x: y }')), cssOf('.a>.b{x:y}'));
  });

  test('keep the space of a descendant before a pseudo-class', () => {
    const source = cssOf('.a :hover, .b:focus { x: y }');
    assert.equal(minified(source), cssOf('.a :hover,.b:focus{x:y}'));
  });

  test('leave quoted strings as they are', () => {
    const source = cssOf(
      "[part='button'] { content: ' '; }\n" +
        '.a::after { content: "a ;  } /* b */"; }',
    );
    assert.equal(
      minified(source),
      cssOf(
        "[part='button']{content:' '}" +
          '.a::after{content:"a ;  } /* b */"}',
      ),
    );
  });

  test('keep the spaces around + and - in math functions', () => {
    const source = cssOf(
      '.a { width: calc(100% - 2rem); height: calc( 1px + 2vh ); ' +
        'max-width: min(480px, 100vw - 2rem); }',
    );
    assert.equal(
      minified(source),
      cssOf(
        '.a{width:calc(100% - 2rem);height:calc(1px + 2vh);' +
          'max-width:min(480px,100vw - 2rem)}',
      ),
    );
  });

  test('keep media queries valid', () => {
    const source = cssOf(
      '@media (max-width: 600px) { a { b: c; } }\n' +
        '@media screen and (min-width: 1px) and (hover: hover) { }',
    );
    assert.equal(
      minified(source),
      cssOf(
        '@media (max-width:600px){a{b:c}}' +
          '@media screen and (min-width:1px) and (hover:hover){}',
      ),
    );
  });

  test('keep the values of custom properties', () => {
    const source = cssOf(
      ':host { --shadow: 0 12px 40px rgb(0 0 0 / 0.3); ' +
        '--accent: var(--theme-accent, #1f4fd1); --empty: ; }',
    );
    assert.equal(
      minified(source),
      cssOf(
        ':host{--shadow:0 12px 40px rgb(0 0 0 / 0.3);' +
          '--accent:var(--theme-accent,#1f4fd1);--empty: }',
      ),
    );
  });

  test('keep tokens apart that only a comment separated', () => {
    const source = cssOf('.a/* x */{ margin: 1px/* y */2px; }');
    assert.equal(minified(source), cssOf('.a{margin:1px/**/2px}'));
  });

  test('keep escapes, unquoted URLs and !important', () => {
    const source = cssOf(
      '.a\\\\:b, .\\\\31 0 { background: url( img/a.png ) ' +
        '!important; content: "\\\\2014"; quotes: "\\`" }',
    );
    assert.equal(
      minified(source),
      cssOf(
        '.a\\\\:b,.\\\\31 0{background:url(img/a.png)' +
          '!important;content:"\\\\2014";quotes:"\\`"}',
      ),
    );
  });

  test('leave interpolated expressions untouched', () => {
    const source =
      'export const styles = css`\n' +
      '  .a {\n' +
      '    color: ${ theme.color  };\n' +
      '    margin: ${a} ${b}px;\n' +
      '  }\n' +
      '  ${unsafeCSS(`  raw  `)}\n' +
      '  /* ${kept} */\n' +
      '`;';
    assert.equal(
      minified(source),
      'export const styles = css`' +
        '.a{color:${ theme.color  };margin:${a} ${b}px}' +
        '${unsafeCSS(`  raw  `)} /* ${kept} */`;',
    );
  });

  test('minify a css template nested in another one', () => {
    const source = cssOf('${ css` .a { x: y; } ` }\n  .b { x: y; }');
    assert.equal(minified(source), cssOf('${ css`.a{x:y}` } .b{x:y}'));
  });
});

describe('html templates', () => {
  test('turn a line break between tags into one space', () => {
    const source = htmlOf('\n  <b>a</b>\n  <i>b</i>\n');
    assert.equal(minified(source), htmlOf(' <b>a</b> <i>b</i> '));
  });

  test('keep whitespace without a line break', () => {
    const source = htmlOf('<b>a</b>  <i>b</i>\t${x}');
    assert.equal(minified(source), source);
  });

  test('leave attribute values alone', () => {
    const source = htmlOf(
      '<p\n  title="a\n   b"\n  class=\'x  y\'\n  data-a = "1"\n>t</p>',
    );
    assert.equal(
      minified(source),
      htmlOf('<p title="a\n   b" class=\'x  y\' data-a = "1">t</p>'),
    );
  });

  test('collapse whitespace between attributes and bindings', () => {
    const source = htmlOf(
      '<button\n  type="button"\n  ?disabled=${this.disabled}\n' +
        '  @click=${this.handleClick}\n>\n  ${label}\n</button>',
    );
    assert.equal(
      minified(source),
      htmlOf(
        '<button type="button" ?disabled=${this.disabled} ' +
          '@click=${this.handleClick}> ${label} </button>',
      ),
    );
  });

  test('close tags tight, but not after a slash', () => {
    const source = htmlOf(
      '<span\n  >${x}</span\n  ><svg><path d=""\n / >\n</svg>',
    );
    assert.equal(
      minified(source),
      htmlOf('<span>${x}</span><svg><path d="" / > </svg>'),
    );
  });

  test('minify nested templates and keep their expressions', () => {
    const source = htmlOf(
      '\n  <p>\n    ${ok\n      ? html`<b>\n  ${ a  +  b }\n</b>`\n' +
        '      : nothing}\n  </p>\n',
    );
    assert.equal(
      minified(source),
      htmlOf(
        ' <p> ${ok\n      ? html`<b> ${ a  +  b } </b>`\n' +
          '      : nothing} </p> ',
      ),
    );
  });

  test('leave comments and whitespace-keeping elements alone', () => {
    const comment = htmlOf('<!--\n  a  \n-->\n<b></b>');
    assert.equal(minified(comment), htmlOf('<!--\n  a  \n--> <b></b>'));

    const pre = htmlOf('<pre>\n  a\n</pre>\n<b></b>');
    assert.equal(minified(pre), pre);
  });

  test('keep a text < and the text after it', () => {
    const source = htmlOf('<p>1 <\n  2</p>');
    assert.equal(minified(source), htmlOf('<p>1 < 2</p>'));
  });
});

describe('which modules change', () => {
  test('only tags imported from Lit under their own names', () => {
    const other = "import { html } from './html.ts';\n" + htmlOf('\n<b></b>');
    assert.equal(transform(other), null);

    const renamed = "import { html as h, css } from 'lit';\n" +
      'export const a = h`\n<b></b>`;\nexport const b = html`\n<b></b>`;';
    assert.equal(transform(renamed), null);

    const element = "import { css } from 'lit-element';\n" + cssOf(' a { } ');
    assert.match(transform(element)!.code, /css`a\{\}`/);
  });

  test('nothing when every template is already minified', () => {
    assert.equal(transform(LIT_IMPORT + cssOf('a{b:c}')), null);
  });

  test('TypeScript syntax around the templates', () => {
    const source =
      LIT_IMPORT +
      "const tick: RegExp = /`/;\n" +
      'const half = <T,>(value: T): T => value;\n' +
      '@customElement("x-a")\n' +
      'class A extends LitElement {\n' +
      '  static override styles = css`\n    a { b: c; }\n  `;\n' +
      '  private size = 10 / 2 / half(1);\n' +
      '}\n';
    const result = transform(source, '/src/element/a.ts?lang.ts');
    assert.match(result!.code, /css`a\{b:c\}`/);
    assert.match(result!.code, /const tick: RegExp = \/`\/;/);
  });

  test('an invalid escape leaves its template as it is', () => {
    assert.equal(transform(LIT_IMPORT + cssOf(' a { b: "\\2014" } ')), null);
  });
});

test('the source map keeps code after a template on its line', () => {
  const source =
    LIT_IMPORT +
    'const styles = css`\n  a {\n    b: c;\n  }\n`;\n' +
    'export const after = styles;\n';
  const result = transform(source)!;
  const generated = result.code.split('\n');
  const line = generated.findIndex((text) => text.includes('after ='));
  const column = generated[line]!.indexOf('after');

  const entry = new SourceMap(result.map as never).findEntry(line, column);

  assert.ok('originalLine' in entry, 'the position is mapped');
  assert.equal(entry.originalLine, 6);
  assert.equal(entry.originalColumn, column);
});
