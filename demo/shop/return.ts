/**
 * The page Ecart Pay sends the customer back to (`redirect_url`).
 *
 * Inside the checkout's frame it only tells the element on the shop's page
 * that the frame has arrived; the element reads the address and confirms
 * the status with the merchant's backend. Opened as the whole tab (a
 * checkout that had to leave the shop's page), it hosts the element
 * itself, which resumes the checkout from the address.
 */
import '../../src/element/index.ts';

import { byId } from './dom.ts';
import { t, type Language } from './i18n.ts';

const language: Language =
  localStorage.getItem('tostadero-language') === 'en' ? 'en' : 'es';

document.documentElement.lang = language;
byId('return-title').textContent = t(language, 'return.title');
byId('back').textContent = t(language, 'return.back');

if (window.parent !== window) {
  window.parent.postMessage({ type: 'ecartpay-return' }, location.origin);
} else {
  showOutcomeOfResumedCheckout();
}

function showOutcomeOfResumedCheckout(): void {
  const checkout = byId('checkout');
  const outcome = byId('outcome');
  const show = (key: Parameters<typeof t>[1], values = {}) => {
    byId('return-title').textContent = t(language, 'return.done');
    outcome.textContent = t(language, key, values);
    byId('back').hidden = false;
  };

  checkout.addEventListener('ecartpay-success', (event) => {
    sessionStorage.removeItem('tostadero-cart');
    outcome.dataset.outcome = 'success';
    show('outcome.success', { number: event.detail.order.number ?? '' });
  });
  checkout.addEventListener('ecartpay-pending', (event) => {
    outcome.dataset.outcome = 'pending';
    show('outcome.pending', { number: event.detail.order.number ?? '' });
  });
  checkout.addEventListener('ecartpay-error', (event) => {
    outcome.dataset.outcome = 'error';
    show('outcome.error', { message: event.detail.message });
  });
}
