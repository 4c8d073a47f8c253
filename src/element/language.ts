/**
 * The element's language, and the few texts the button shows before the
 * payment flow is loaded. Every other text is in `i18n.ts`, loaded with
 * the flow.
 */
export const LANGUAGES = ['en', 'es'] as const;

export type Language = (typeof LANGUAGES)[number];

/** The button's label when the page gives none. */
export const PAY_LABELS: Record<Language, string> = {
  en: 'Pay with Ecart Pay',
  es: 'Pagar con Ecart Pay',
};

/** The `load-failed` error: the payment window's code did not arrive. */
export const LOAD_FAILED_MESSAGES: Record<Language, string> = {
  en:
    'The payment window could not be loaded. ' +
    'Check your connection and reload the page.',
  es:
    'No se pudo cargar la ventana de pago. ' +
    'Revisa tu conexión y vuelve a cargar la página.',
};

/**
 * The language for `element`: its own `lang`, else the closest ancestor's
 * (crossing shadow roots), else the document's; English when none of
 * those is a language the element speaks. `es-MX` counts as `es`.
 */
export function languageOf(element: Element): Language {
  const tag = closestLang(element) ?? document.documentElement.lang;
  const primary = tag.trim().toLowerCase().split('-')[0];
  return (LANGUAGES as readonly string[]).includes(primary)
    ? (primary as Language)
    : 'en';
}

function closestLang(element: Element): string | undefined {
  let node: Element | null = element;
  while (node) {
    const tagged = node.closest('[lang]');
    if (tagged) return tagged.getAttribute('lang') ?? undefined;
    const root = node.getRootNode();
    node = root instanceof ShadowRoot ? root.host : null;
  }
  return undefined;
}
