import type { Messages } from './messages.ts';

/** What the sandbox's bank does with each test card. */
export type CardBehaviour = 'approve' | 'decline' | 'challenge';

/** The test cards, documented on the page and in the README. */
export const TEST_CARDS: Record<string, CardBehaviour> = {
  '4242424242424242': 'approve',
  '4000000000000002': 'decline',
  '4000000000003220': 'challenge',
};

/** The card fields as the form posts them. */
export interface CardForm {
  name: string;
  number: string;
  expiry: string;
  cvc: string;
}

export type CardField = keyof CardForm;

export type CardCheck =
  | { ok: true; behaviour: CardBehaviour; last4: string }
  | { ok: false; errors: Partial<Record<CardField, string>> };

/**
 * Validates the card form. "Any future expiry" counts the current month
 * as valid, as cards are good until the month's last day.
 */
export function checkCard(
  form: CardForm,
  now: Date,
  messages: Messages['errors'],
): CardCheck {
  const errors: Partial<Record<CardField, string>> = {};

  if (form.name.trim() === '') errors.name = messages.nameRequired;

  const digits = form.number.replace(/[\s-]/g, '');
  if (digits === '') errors.number = messages.numberRequired;
  else if (!/^\d{12,19}$/.test(digits) || !passesLuhn(digits)) {
    errors.number = messages.numberInvalid;
  } else if (!(digits in TEST_CARDS)) {
    errors.number = messages.numberUnknown;
  }

  const expiry = parseExpiry(form.expiry);
  if (form.expiry.trim() === '') errors.expiry = messages.expiryRequired;
  else if (!expiry) errors.expiry = messages.expiryInvalid;
  else if (isPast(expiry, now)) errors.expiry = messages.expiryPast;

  const cvc = form.cvc.trim();
  if (cvc === '') errors.cvc = messages.cvcRequired;
  else if (!/^\d{3}$/.test(cvc)) errors.cvc = messages.cvcInvalid;

  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, behaviour: TEST_CARDS[digits]!, last4: digits.slice(-4) };
}

/** Accepts `MM/YY`, `MM / YY`, `MM/YYYY` and `MMYY`. */
function parseExpiry(text: string): { month: number; year: number } | null {
  const match = /^\s*(\d{1,2})\s*\/?\s*(\d{2}|\d{4})\s*$/.exec(text);
  if (!match) return null;

  const month = Number(match[1]);
  const year = Number(match[2]!.length === 2 ? `20${match[2]}` : match[2]);
  if (month < 1 || month > 12) return null;
  return { month, year };
}

function isPast(expiry: { month: number; year: number }, now: Date): boolean {
  const thisMonth = now.getUTCFullYear() * 12 + now.getUTCMonth();
  return expiry.year * 12 + (expiry.month - 1) < thisMonth;
}

function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let index = 0; index < digits.length; index += 1) {
    let digit = Number(digits[digits.length - 1 - index]);
    if (index % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}
