import { describe, test } from 'node:test';
import assert from 'node:assert/strict';

import {
  APPROVED,
  CHALLENGE,
  DECLINED,
  api,
  cardFields,
  createOrder,
  getToken,
  orderBody,
  postForm,
  useSandbox,
} from './helpers.ts';

const SHOP = 'https://shop.example/thanks?cart=42';

function hintsOf(location: string | null) {
  assert.ok(location, 'a Location header');
  const url = new URL(location);
  return {
    base: `${url.origin}${url.pathname}`,
    cart: url.searchParams.get('cart'),
    orderId: url.searchParams.get('order_id'),
    status: url.searchParams.get('status'),
  };
}

describe('hosted pay page', async () => {
  const sandbox = await useSandbox();

  test('shows the items and the total in the order currency', async () => {
    const order = await createOrder(sandbox, {
      currency: 'USD',
      items: [
        { name: 'Mug <handmade>', quantity: 2, price: 12.5 },
        { name: 'Tea', quantity: 1, price: 7.25 },
      ],
      shipping_items: [{ name: 'Courier', amount: 5 }],
    });
    const response = await fetch(order.pay_link);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type')!, /^text\/html/);
    const page = await response.text();

    assert.match(page, /Mug &lt;handmade&gt;/);
    assert.doesNotMatch(page, /<handmade>/);
    assert.match(page, /Tea/);
    assert.match(page, /\$37\.25 USD/);
    assert.match(page, new RegExp(order.number));
  });

  test('labels every card field and documents the test cards', async () => {
    const order = await createOrder(sandbox);
    const page = await (await fetch(order.pay_link)).text();

    for (const name of ['name', 'number', 'expiry', 'cvc']) {
      assert.match(page, new RegExp(`<label for="card-${name}">`), name);
      assert.match(page, new RegExp(`<input id="card-${name}"`), name);
    }
    for (const card of [APPROVED, DECLINED, CHALLENGE]) {
      assert.ok(page.includes(card), card);
    }
  });

  test('sets no cookie and allows no script', async () => {
    const order = await createOrder(sandbox);
    const response = await fetch(order.pay_link);
    assert.equal(response.headers.get('set-cookie'), null);
    const policy = response.headers.get('content-security-policy')!;
    assert.match(policy, /default-src 'none'/);
    assert.doesNotMatch(policy, /script-src/);
    assert.doesNotMatch(await response.text(), /<script/);
  });

  test('speaks Spanish when the browser prefers it', async () => {
    const order = await createOrder(sandbox);
    const spanish = await fetch(order.pay_link, {
      headers: { 'accept-language': 'es-MX,es;q=0.9,en;q=0.5' },
    });
    assert.equal(spanish.headers.get('content-language'), 'es');
    const page = await spanish.text();
    assert.match(page, /<html lang="es">/);
    assert.match(page, /Número de tarjeta/);

    const english = await fetch(order.pay_link, {
      headers: { 'accept-language': 'fr-FR,en;q=0.8,es;q=0.5' },
    });
    assert.match(await english.text(), /Card number/);
  });

  test('is also served at /checkout?id=<id>', async () => {
    const order = await createOrder(sandbox);
    const response = await fetch(`${sandbox.url}/checkout?id=${order.id}`);
    assert.equal(response.status, 200);
    const page = await response.text();
    assert.match(page, new RegExp(`action="/pay/${order.id}"`));
  });

  test('an unknown order shows a 404 page', async () => {
    for (const path of [`/pay/${'0'.repeat(24)}`, '/pay/nope', '/checkout']) {
      const response = await fetch(`${sandbox.url}${path}`);
      assert.equal(response.status, 404, path);
      assert.match(await response.text(), /Order not found/);
    }
  });

  test('the stylesheet is served from the sandbox origin', async () => {
    const response = await fetch(`${sandbox.url}/assets/pay.css`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type')!, /^text\/css/);
  });
});

describe('paying by card', async () => {
  const sandbox = await useSandbox();

  test('4242... approves: paid, then 303 to redirect_url', async () => {
    const order = await createOrder(sandbox, { redirect_url: SHOP });
    const response = await postForm(order.pay_link, cardFields(APPROVED));

    assert.equal(response.status, 303);
    const hints = hintsOf(response.headers.get('location'));
    assert.deepEqual(hints, {
      base: 'https://shop.example/thanks',
      cart: '42',
      orderId: order.id,
      status: 'paid',
    });
    const paid = sandbox.getOrder(order.id);
    assert.equal(paid.status, 'paid');
    assert.equal(paid.confirmed, true);
  });

  test('form-action allows the redirect to the shop', async () => {
    const order = await createOrder(sandbox, { redirect_url: SHOP });
    const response = await fetch(order.pay_link);
    const policy = response.headers.get('content-security-policy')!;
    assert.match(policy, /form-action 'self' https:\/\/shop\.example/);
  });

  test('without redirect_url, approval shows a result page', async () => {
    const order = await createOrder(sandbox);
    const response = await postForm(order.pay_link, cardFields(APPROVED));
    assert.equal(response.status, 303);
    assert.equal(response.headers.get('location'), `/pay/${order.id}`);

    const page = await (await fetch(order.pay_link)).text();
    assert.match(page, /Payment received/);
    assert.match(page, /You can close this window/);
  });

  test('4000...0002 declines: stays on the form, may retry', async () => {
    const order = await createOrder(sandbox, { redirect_url: SHOP });
    const declined = await postForm(order.pay_link, cardFields(DECLINED));

    assert.equal(declined.status, 200);
    const page = await declined.text();
    assert.match(page, /role="alert"/);
    assert.match(page, /Your card was declined/);
    assert.match(page, /value="Ada Lovelace"/);
    assert.equal(sandbox.getOrder(order.id).status, 'created');

    const retry = await postForm(order.pay_link, cardFields(APPROVED));
    assert.equal(retry.status, 303);
    assert.equal(hintsOf(retry.headers.get('location')).status, 'paid');
    assert.equal(sandbox.getOrder(order.id).status, 'paid');
  });

  test('4000...3220 asks for 3-D Secure; approving pays', async () => {
    const order = await createOrder(sandbox, { redirect_url: SHOP });
    const submitted = await postForm(order.pay_link, cardFields(CHALLENGE));
    assert.equal(submitted.status, 303);
    const challengeUrl = new URL(
      submitted.headers.get('location')!,
      sandbox.url,
    );
    assert.equal(challengeUrl.pathname, `/pay/${order.id}/3ds`);
    assert.equal(sandbox.getOrder(order.id).status, 'created');

    const challengePage = await (await fetch(challengeUrl)).text();
    assert.match(challengePage, /3-D Secure/);
    assert.match(challengePage, /Card ending in .*3220<\/p>/s);
    const challenge = /name="challenge" value="([0-9a-f]+)"/.exec(
      challengePage,
    )![1]!;

    const approved = await postForm(`${order.pay_link}/3ds`, {
      challenge,
      outcome: 'approve',
    });
    assert.equal(approved.status, 303);
    const hints = hintsOf(approved.headers.get('location'));
    assert.equal(hints.status, 'paid');
    assert.equal(hints.orderId, order.id);
    assert.equal(sandbox.getOrder(order.id).status, 'paid');
  });

  test('failing 3-D Secure returns to the form with an error', async () => {
    const order = await createOrder(sandbox, { redirect_url: SHOP });
    const submitted = await postForm(order.pay_link, cardFields(CHALLENGE));
    const challengeUrl = new URL(
      submitted.headers.get('location')!,
      sandbox.url,
    );
    const challenge = challengeUrl.searchParams.get('challenge')!;

    const failed = await postForm(`${order.pay_link}/3ds`, {
      challenge,
      outcome: 'fail',
    });
    assert.equal(failed.status, 303);
    const back = new URL(failed.headers.get('location')!, sandbox.url);
    assert.equal(back.pathname, `/pay/${order.id}`);

    const page = await (await fetch(back)).text();
    assert.match(page, /could not verify this payment/);
    assert.equal(sandbox.getOrder(order.id).status, 'created');

    const reused = await postForm(`${order.pay_link}/3ds`, {
      challenge,
      outcome: 'approve',
    });
    const expired = new URL(reused.headers.get('location')!, sandbox.url);
    assert.equal(expired.searchParams.get('error'), 'challenge_expired');
    assert.equal(sandbox.getOrder(order.id).status, 'created');
  });

  test('a challenge id made up by the client is refused', async () => {
    const order = await createOrder(sandbox);
    const response = await postForm(`${order.pay_link}/3ds`, {
      challenge: 'f'.repeat(32),
      outcome: 'approve',
    });
    assert.equal(response.status, 303);
    assert.equal(sandbox.getOrder(order.id).status, 'created');
  });

  test('a paid order is never charged twice', async () => {
    const order = await createOrder(sandbox, { redirect_url: SHOP });
    await postForm(order.pay_link, cardFields(APPROVED));
    const before = sandbox.deliveries().length;

    const again = await postForm(order.pay_link, cardFields(APPROVED));
    assert.equal(again.status, 303);
    assert.equal(again.headers.get('location'), `/pay/${order.id}`);

    const page = await (await fetch(order.pay_link)).text();
    assert.match(page, /Payment received/);
    assert.match(page, /Return to the shop/);
    assert.ok(page.includes(`order_id=${order.id}&amp;status=paid`));
    assert.doesNotMatch(page, /<form/);
    assert.equal(sandbox.deliveries().length, before);
  });
});

describe('card form validation', async () => {
  const sandbox = await useSandbox({
    now: () => Date.parse('2026-06-15T12:00:00Z'),
  });
  const order = await createOrder(sandbox);

  async function fieldError(
    fields: Record<string, string>,
    field: string,
    message: RegExp,
  ) {
    const response = await postForm(order.pay_link, fields);
    assert.equal(response.status, 200);
    const page = await response.text();
    const error = new RegExp(
      `<p class="field-error" id="card-${field}-error">([^<]*)</p>`,
    ).exec(page);
    assert.ok(error, `an error for ${field}`);
    assert.match(error[1]!, message);
    assert.match(page, new RegExp(`id="card-${field}"[^>]*aria-invalid`));
  }

  test('every field is required', async () => {
    const response = await postForm(order.pay_link, { method: 'card' });
    assert.equal(response.status, 200);
    const page = await response.text();
    assert.equal(page.match(/class="field-error"/g)?.length, 4);
  });

  test('the card number must be valid and a test card', async () => {
    const card = (number: string) => cardFields(number);
    await fieldError(card('1234'), 'number', /not valid/);
    await fieldError(card('4242 4242 4242 4241'), 'number', /not valid/);
    await fieldError(card('5555 5555 5555 4444'), 'number', /test cards/);
  });

  test('the expiry must be MM/YY and not past', async () => {
    const expiry = (value: string) => cardFields(APPROVED, { expiry: value });
    await fieldError(expiry('13/30'), 'expiry', /MM\/YY/);
    await fieldError(expiry('soon'), 'expiry', /MM\/YY/);
    await fieldError(expiry('05/26'), 'expiry', /expired/);
  });

  test('the current month is still valid', async () => {
    const own = await createOrder(sandbox);
    const fields = cardFields(APPROVED, { expiry: '06/26' });
    const response = await postForm(own.pay_link, fields);
    assert.equal(response.status, 303);
  });

  test('the CVC has 3 digits', async () => {
    const cvc = (value: string) => cardFields(APPROVED, { cvc: value });
    await fieldError(cvc('12'), 'cvc', /3 digits/);
    await fieldError(cvc('abc'), 'cvc', /3 digits/);
  });

  test('a form that is not urlencoded is 415', async () => {
    const response = await fetch(order.pay_link, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    assert.equal(response.status, 415);
  });
});

describe('paying cash at OXXO', async () => {
  const sandbox = await useSandbox();

  test('shows a reference; the order stays created until paid', async () => {
    const order = await createOrder(sandbox, { redirect_url: SHOP });

    const choice = await (await fetch(`${order.pay_link}?method=cash`)).text();
    assert.match(choice, /name="method" value="cash"/);

    const chosen = await postForm(order.pay_link, { method: 'cash' });
    assert.equal(chosen.status, 303);
    const referenceUrl = new URL(
      chosen.headers.get('location')!,
      sandbox.url,
    );
    assert.equal(referenceUrl.pathname, `/pay/${order.id}/cash`);

    const page = await (await fetch(referenceUrl)).text();
    const reference = /class="reference"[^>]*>([\d ]+)</.exec(page)?.[1];
    assert.match(reference ?? '', /^\d{4} \d{4} \d{4} \d{2}$/);
    const back = /<a class="button" href="([^"]+)"/.exec(page)![1]!;
    const hints = hintsOf(back.replaceAll('&amp;', '&'));
    assert.equal(hints.status, 'pending');
    assert.equal(hints.orderId, order.id);
    assert.equal(hints.cart, '42');
    assert.equal(sandbox.getOrder(order.id).status, 'created');

    const again = await (await fetch(referenceUrl)).text();
    assert.ok(again.includes(reference!), 'the same reference on reload');

    const paid = await fetch(
      `${sandbox.url}/_sandbox/orders/${order.id}/pay`,
      { method: 'POST' },
    );
    assert.equal(paid.status, 200);
    assert.equal(((await paid.json()) as { status: string }).status, 'paid');
    assert.equal(sandbox.getOrder(order.id).status, 'paid');
  });

  test('markPaid() marks an order paid in-process', async () => {
    const order = await createOrder(sandbox);
    await postForm(order.pay_link, { method: 'cash' });
    assert.equal(sandbox.markPaid(order.id).status, 'paid');
    assert.equal(sandbox.markPaid(order.id).status, 'paid');
    assert.equal(sandbox.getOrder(order.id).status, 'paid');
  });

  test('paying an unknown order is 404', async () => {
    const response = await fetch(
      `${sandbox.url}/_sandbox/orders/${'9'.repeat(24)}/pay`,
      { method: 'POST' },
    );
    assert.equal(response.status, 404);
    assert.throws(() => sandbox.markPaid('nope'), /not found/);
  });
});

describe('language kept in the URL', async () => {
  const sandbox = await useSandbox();

  test('?lang=es survives a failed attempt and the redirects', async () => {
    const order = await createOrder(sandbox);
    const page = await (await fetch(`${order.pay_link}?lang=es`)).text();
    assert.match(page, /<input type="hidden" name="lang" value="es">/);

    const declined = await postForm(
      order.pay_link,
      cardFields(DECLINED, { lang: 'es' }),
      { 'accept-language': 'en' },
    );
    assert.match(await declined.text(), /Tu tarjeta fue rechazada/);

    const cash = await postForm(order.pay_link, { method: 'cash', lang: 'es' });
    assert.match(cash.headers.get('location')!, /[?&]lang=es/);
  });
});

describe('what the hosted page renders is escaped', async () => {
  const sandbox = await useSandbox();
  const ATTACK = `"><script>alert(1)</script><img src=x onerror=alert(2)>`;

  /** Fails if `page` holds markup an attacker could have injected. */
  function assertInert(page: string, where: string) {
    assert.doesNotMatch(page, /<script|<img/i, where);
  }

  test('item names, shipping names and redirect_url', async () => {
    const order = await createOrder(sandbox, {
      items: [{ name: ATTACK, quantity: 1, price: 10 }],
      shipping_items: [{ name: ATTACK, amount: 1 }],
      redirect_url: `https://shop.example/t?next=${ATTACK}#${ATTACK}`,
    });

    const form = await (await fetch(order.pay_link)).text();
    assertInert(form, 'the form');
    assert.ok(form.includes('&lt;script&gt;'), 'the name, escaped');

    await postForm(order.pay_link, { method: 'cash' });
    const cash = await (await fetch(`${order.pay_link}/cash`)).text();
    assertInert(cash, 'the cash reference and its link back');

    sandbox.markPaid(order.id);
    const settled = await (await fetch(order.pay_link)).text();
    assertInert(settled, 'the settled page and its link back');
  });

  test('query parameters and posted card fields', async () => {
    const order = await createOrder(sandbox);
    const query = new URLSearchParams({
      lang: ATTACK,
      error: ATTACK,
      method: ATTACK,
      challenge: ATTACK,
    });
    for (const path of ['', '/3ds', '/cash']) {
      const response = await fetch(`${order.pay_link}${path}?${query}`);
      assertInert(await response.text(), path || 'the form');
    }

    const fields = { name: ATTACK, expiry: ATTACK, cvc: ATTACK };
    const retried = await postForm(
      order.pay_link,
      cardFields(ATTACK, { ...fields, lang: ATTACK }),
    );
    assert.equal(retried.status, 200);
    const page = await retried.text();
    assertInert(page, 'the form shown again');
    assert.ok(page.includes('value="&quot;&gt;&lt;script'), 'kept, escaped');
  });

  test('redirect_url must not be javascript: or data:', async () => {
    const token = await getToken(sandbox);
    for (const redirect_url of [
      'javascript:alert(1)',
      'JavaScript:alert(1)//https://shop.example',
      'data:text/html,<script>alert(1)</script>',
    ]) {
      const { status, body } = await api(
        sandbox,
        token,
        '/api/orders',
        orderBody({ redirect_url }),
      );
      assert.equal(status, 400, redirect_url);
      assert.match(body.message, /^redirect_url /);
    }
  });
});

describe('hints appended to redirect_url', async () => {
  const sandbox = await useSandbox();

  test('replace same-named parameters, keep the rest encoded', async () => {
    const order = await createOrder(sandbox, {
      redirect_url:
        'https://shop.example/thanks?status=forged&order_id=x' +
        '&next=%2Fa%26b%3Dc&cart=7#top',
    });
    const paid = await postForm(order.pay_link, cardFields(APPROVED));
    assert.equal(paid.status, 303);

    const landed = new URL(paid.headers.get('location')!);
    assert.deepEqual(landed.searchParams.getAll('status'), ['paid']);
    assert.deepEqual(landed.searchParams.getAll('order_id'), [order.id]);
    assert.equal(landed.searchParams.get('next'), '/a&b=c');
    assert.equal(landed.searchParams.get('cart'), '7');
    assert.equal(landed.hash, '#top');
    assert.equal(landed.host + landed.pathname, 'shop.example/thanks');
  });
});
