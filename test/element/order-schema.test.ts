import { expect } from '@open-wc/testing';
import {
  isCurrency,
  parseItems,
  parseOrder,
  parseOrderStatus,
} from '../../src/element/order-schema.ts';

// The exact edges of what the element accepts, so that the schemas can be
// rewritten (for bundle size) without the element accepting more or less.

const order = { id: 'o1', pay_link: 'https://pay.example/o1' };

const item = { name: 'Mug', quantity: 1, price: 0 };

describe('parseOrder', () => {
  it('keeps every field of an order, its own and unknown ones', () => {
    const answer = {
      ...order,
      status: 'created',
      totals: { total: 12.5, tax: 2 },
      shop_ref: 7,
    };

    expect(parseOrder(answer)).to.deep.equal(answer);
  });

  it('accepts an order whose optional fields are absent or undefined', () => {
    expect(parseOrder(order)).to.deep.equal(order);
    expect(parseOrder({ ...order, status: undefined })).to.not.equal(null);
    expect(parseOrder({ ...order, totals: {} })).to.not.equal(null);
  });

  const rejected: [string, unknown][] = [
    ['null', null],
    ['a string', 'o1'],
    ['an array', [order]],
    ['no id', { pay_link: order.pay_link }],
    ['an empty id', { ...order, id: '' }],
    ['an empty pay_link', { ...order, pay_link: '' }],
    ['a numeric pay_link', { ...order, pay_link: 42 }],
    ['a null status', { ...order, status: null }],
    ['a numeric number', { ...order, number: 1001 }],
    ['a currency that is not text', { ...order, currency: {} }],
    ['a redirect_url that is not text', { ...order, redirect_url: true }],
    ['totals that are not an object', { ...order, totals: 12 }],
    ['a total that is text', { ...order, totals: { total: '12' } }],
    ['a total that is not finite', { ...order, totals: { total: NaN } }],
  ];

  for (const [name, answer] of rejected) {
    it(`rejects ${name}`, () => {
      expect(parseOrder(answer)).to.equal(null);
    });
  }
});

describe('parseOrderStatus', () => {
  it('keeps the whole status answer', () => {
    const answer = { id: 'o1', status: 'paid', pay_link: 'x', extra: 1 };

    expect(parseOrderStatus(answer)).to.deep.equal(answer);
  });

  const rejected: [string, unknown][] = [
    ['no status', { id: 'o1' }],
    ['an empty status', { id: 'o1', status: '' }],
    ['an empty id', { id: '', status: 'paid' }],
    ['a numeric id', { id: 1, status: 'paid' }],
  ];

  for (const [name, answer] of rejected) {
    it(`rejects ${name}`, () => {
      expect(parseOrderStatus(answer)).to.equal(null);
    });
  }
});

describe('parseItems', () => {
  it('keeps the items, their unknown fields included', () => {
    const items = [item, { name: 'Tea', quantity: 3, price: 9.5, sku: 'T' }];

    expect(parseItems(items)).to.deep.equal(items);
  });

  it('accepts the largest safe quantity', () => {
    const items = [{ ...item, quantity: Number.MAX_SAFE_INTEGER }];

    expect(parseItems(items)).to.deep.equal(items);
  });

  const rejected: [string, unknown][] = [
    ['no items', []],
    ['an object', item],
    ['an item that is not an object', [item, 'Tea']],
    ['an empty name', [{ ...item, name: '' }]],
    ['no quantity', [{ name: 'Mug', price: 1 }]],
    ['a quantity of zero', [{ ...item, quantity: 0 }]],
    ['a negative quantity', [{ ...item, quantity: -1 }]],
    ['a fractional quantity', [{ ...item, quantity: 1.5 }]],
    ['an unsafe quantity', [{ ...item, quantity: 2 ** 53 }]],
    ['a quantity as text', [{ ...item, quantity: '1' }]],
    ['a negative price', [{ ...item, price: -0.01 }]],
    ['an infinite price', [{ ...item, price: Infinity }]],
    ['a price that is not a number', [{ ...item, price: NaN }]],
  ];

  for (const [name, items] of rejected) {
    it(`rejects ${name}`, () => {
      expect(parseItems(items)).to.equal(null);
    });
  }
});

describe('isCurrency', () => {
  it('knows the currencies Ecart Pay lists', () => {
    expect(['MXN', 'USD', 'AUD'].map(isCurrency)).to.deep.equal([
      true,
      true,
      true,
    ]);
  });

  it('refuses other codes, other cases and other types', () => {
    const others = ['XYZ', 'mxn', '', 'toString', null, ['MXN']];

    expect(others.map(isCurrency)).to.deep.equal(others.map(() => false));
  });
});
