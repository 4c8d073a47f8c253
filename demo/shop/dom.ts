/** The element with `id`; a missing one is a bug in the page. */
export function byId<T extends HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`The page has no #${id}`);
  return element as T;
}

/** A copy of the first element of `<template id=...>`. */
export function fromTemplate(id: string): HTMLElement {
  const template = byId<HTMLTemplateElement>(id);
  return template.content.firstElementChild!.cloneNode(true) as HTMLElement;
}

/** The descendant of `root` matching `selector`; it must exist. */
export function part<T extends HTMLElement>(
  root: HTMLElement,
  selector: string,
): T {
  return root.querySelector<T>(selector)!;
}
