/**
 * Plugins of `npm run analyze`, which writes custom-elements.json (the
 * `customElements` field of package.json) from the element's JSDoc. The
 * globs and `--litelement` are on the command line in package.json.
 */

/** A string literal as the analyzer records a default: `'x'` -> `x`. */
function stringLiteral(text) {
  const match = /^(['"`])([^'"`]*)\1$/.exec(text ?? '');
  return match ? match[2] : undefined;
}

/**
 * The analyzer records `customElements.define(TAG_NAME, ...)` with the
 * constant's name as the tag. Tools read the tag from the manifest, so
 * the constant is replaced by its value wherever it stands for a tag.
 */
function resolveTagConstants() {
  return {
    name: 'resolve-tag-constants',
    packageLinkPhase({ customElementsManifest }) {
      const constants = new Map();
      for (const module of customElementsManifest.modules) {
        for (const declaration of module.declarations ?? []) {
          const value = stringLiteral(declaration.default);
          if (declaration.kind === 'variable' && value !== undefined) {
            constants.set(declaration.name, value);
          }
        }
      }

      for (const module of customElementsManifest.modules) {
        for (const declaration of module.declarations ?? []) {
          if (constants.has(declaration.tagName)) {
            declaration.tagName = constants.get(declaration.tagName);
          }
        }
        for (const definition of module.exports ?? []) {
          const isTag = definition.kind === 'custom-element-definition';
          if (isTag && constants.has(definition.name)) {
            definition.name = constants.get(definition.name);
          }
        }
      }
    },
  };
}

export default {
  plugins: [resolveTagConstants()],
};
