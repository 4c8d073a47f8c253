import { expect, fixture, html } from '@open-wc/testing';
import { LitElement } from 'lit';
import { customElement, property } from 'lit/decorators.js';
@customElement('x-smoke')
class XSmoke extends LitElement { @property() name = 'a'; }
it('renders', async () => {
  const el = await fixture<XSmoke>(html`<x-smoke></x-smoke>`);
  expect(el.name).to.equal('a');
  await expect(el).to.be.accessible();
});
