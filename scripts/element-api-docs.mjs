#!/usr/bin/env node
// Writes the README's API reference of <ecartpay-checkout> as Markdown,
// from custom-elements.json (itself generated from the element's JSDoc
// by `npm run analyze`), so the README never drifts from the code.
//
//   node scripts/element-api-docs.mjs [manifest]            into README.md
//   node scripts/element-api-docs.mjs [manifest] --into FILE
//   node scripts/element-api-docs.mjs [manifest] --check FILE
//   node scripts/element-api-docs.mjs [manifest] -          to stdout
//
// `--into` replaces what stands between the lines
// `<!-- element-api:start -->` and `<!-- element-api:end -->` in FILE;
// `--check` exits 1 when that text is not what it would write.
import { readFileSync, writeFileSync } from 'node:fs';

const TAG = 'ecartpay-checkout';
const START = '<!-- element-api:start -->';
const END = '<!-- element-api:end -->';

const args = process.argv.slice(2);
const toStdout = args.includes('-');
const check = takeOption('--check');
const into =
  takeOption('--into') ?? (check || toStdout ? undefined : 'README.md');
const [manifestPath = 'custom-elements.json'] = args.filter(
  (arg) => arg !== '-',
);

/** The value after `name` in the arguments, taken out of them. */
function takeOption(name) {
  const at = args.indexOf(name);
  return at === -1 ? undefined : args.splice(at, 2)[1];
}

const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
const element = manifest.modules
  .flatMap((module) => module.declarations ?? [])
  .find((declaration) => declaration.tagName === TAG);
if (!element) {
  console.error(`${manifestPath} has no <${TAG}>; run \`npm run analyze\``);
  process.exit(1);
}

/** Text made safe for one Markdown table cell. */
function cell(text) {
  return String(text ?? '')
    .replace(/\s*\n\s*/g, ' ')
    .replace(/\|/g, '\\|')
    .trim();
}

function code(text) {
  return text ? `\`${cell(text)}\`` : '';
}

function table(headings, rows) {
  if (rows.length === 0) return '';
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [
    line(headings),
    line(headings.map(() => '---')),
    ...rows.map(line),
  ].join('\n');
}

function owner(member) {
  return member.static ? `${element.name}.` : '';
}

function section(title, body) {
  return body ? `### ${title}\n\n${body}\n` : '';
}

const publicMembers = (element.members ?? []).filter(
  (member) => (member.privacy ?? 'public') === 'public',
);
const members = publicMembers.filter((member) => !member.static);
const fields = members.filter((member) => member.kind === 'field');
const attributes = element.attributes ?? [];
const propertyOnly = fields.filter(
  (field) => !attributes.some((entry) => entry.fieldName === field.name),
);

const attributeRows = attributes.map((attribute) => [
  code(attribute.name),
  code(attribute.fieldName),
  code(attribute.type?.text),
  code(attribute.default),
  cell(attribute.description),
]);

const propertyRows = propertyOnly.map((field) => [
  code(field.name),
  code(field.type?.text),
  cell(field.description),
]);

// Static methods first, named through the class as they are called.
const methodRows = [
  ...publicMembers.filter((member) => member.static),
  ...members,
]
  .filter((member) => member.kind === 'method')
  .map((method) => {
    const parameters = (method.parameters ?? [])
      .map((parameter) => parameter.name)
      .join(', ');
    const returns = method.return?.type?.text ?? 'void';
    return [
      code(`${owner(method)}${method.name}(${parameters}): ${returns}`),
      cell(method.description),
    ];
  });

const eventRows = (element.events ?? []).map((event) => [
  code(event.name),
  code(event.type?.text),
  cell(event.description),
]);

const slotRows = (element.slots ?? []).map((slot) => [
  slot.name ? code(slot.name) : '(default)',
  cell(slot.description),
]);

const partRows = (element.cssParts ?? []).map((part) => [
  code(part.name),
  cell(part.description),
]);

const cssPropertyRows = (element.cssProperties ?? []).map((property) => [
  code(property.name),
  code(property.default),
  cell(property.description),
]);

const markdown = [
  `## \`<${TAG}>\` API reference\n`,
  `${cell(element.summary)}\n`,
  '<!-- Generated from custom-elements.json by ' +
    'scripts/element-api-docs.mjs; do not edit by hand. -->\n',
  section(
    'Attributes',
    table(
      ['Attribute', 'Property', 'Type', 'Default', 'Description'],
      attributeRows,
    ),
  ),
  section(
    'Properties (JavaScript only)',
    table(['Property', 'Type', 'Description'], propertyRows),
  ),
  section('Methods', table(['Method', 'Description'], methodRows)),
  section('Events', table(['Event', 'Type', 'Description'], eventRows)),
  section('Slots', table(['Slot', 'Description'], slotRows)),
  section('CSS parts', table(['Part', 'Description'], partRows)),
  section(
    'CSS custom properties',
    table(['Property', 'Default', 'Description'], cssPropertyRows),
  ),
]
  .filter(Boolean)
  .join('\n');

/** `file` with the text between the markers replaced by `markdown`. */
function withReference(file) {
  const text = readFileSync(file, 'utf8');
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  if (start === -1 || end < start) {
    console.error(`${file} lacks the lines ${START} and ${END}`);
    process.exit(1);
  }
  const before = text.slice(0, start + START.length);
  return `${before}\n\n${markdown}\n${text.slice(end)}`;
}

if (check) {
  if (readFileSync(check, 'utf8') !== withReference(check)) {
    console.error(`${check} is out of date: run \`npm run docs\``);
    process.exit(1);
  }
} else if (into) writeFileSync(into, withReference(into));
else process.stdout.write(markdown);
