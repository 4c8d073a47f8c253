/**
 * Locks the page's scrolling while any payment window is open. Counted,
 * so that two elements on one page (or one opened twice) release the
 * page only when the last window is gone. Styles are set through the
 * CSSOM, which a strict CSP without `unsafe-inline` allows.
 */
let holders = 0;
let saved: { overflow: string; paddingRight: string } | null = null;

/** Locks scrolling; the returned function releases this hold, once. */
export function lockPageScroll(): () => void {
  if (holders === 0) applyLock();
  holders++;

  let released = false;
  return () => {
    if (released) return;
    released = true;
    holders--;
    if (holders === 0) removeLock();
  };
}

/** How many holds are active; for tests. */
export function pageScrollHolders(): number {
  return holders;
}

function applyLock(): void {
  const root = document.documentElement;
  const { overflow, paddingRight } = root.style;
  saved = { overflow, paddingRight };

  // Hiding the scroll bar would shift the page sideways; pad it instead.
  const scrollBar = window.innerWidth - root.clientWidth;
  if (scrollBar > 0) root.style.paddingRight = `${scrollBar}px`;
  root.style.overflow = 'hidden';
}

function removeLock(): void {
  if (!saved) return;
  const root = document.documentElement;
  root.style.overflow = saved.overflow;
  root.style.paddingRight = saved.paddingRight;
  saved = null;
}
