/**
 * Types that let frameworks check `<ecartpay-checkout>` in their
 * templates: JSX (React 19, Preact), Vue and Svelte. Everything is
 * derived from the element's class and its event map, so the typing
 * follows the element as it changes. Types only: nothing here runs.
 *
 * Each framework's module is augmented only where that framework is
 * installed; elsewhere TypeScript ignores the augmentation.
 *
 * Shipped as a hand-written declaration file beside the emitted ones:
 * TypeScript refuses, in a source file, to augment a module that the
 * program does not import, and the package must not import frameworks.
 */
import type { EcartPayCheckout } from './ecartpay-checkout.ts';
import type { CheckoutEventMap } from './events.ts';

/** Properties a page sets; `lang` is left to each framework's own. */
type SettableProperty =
  | 'endpoint'
  | 'statusEndpoint'
  | 'items'
  | 'currency'
  | 'order'
  | 'createOrder'
  | 'getOrder'
  | 'payOrigins'
  | 'label'
  | 'disabled'
  | 'timeout'
  | 'mode';

/** The element's properties, each optional. */
export type EcartPayCheckoutProperties = Partial<
  Pick<EcartPayCheckout, SettableProperty>
>;

/** The attributes whose names differ from their property's. */
export interface EcartPayCheckoutAttributes {
  'status-endpoint'?: EcartPayCheckout['statusEndpoint'];
  'pay-origins'?: EcartPayCheckout['payOrigins'];
}

/**
 * `on` + the event's name, as React 19, Preact and Svelte 5 bind events
 * of custom elements: `onecartpay-success={(event) => ...}`.
 */
export type EcartPayCheckoutEventProps = {
  [Type in keyof CheckoutEventMap as `on${Type}`]?: (
    event: CheckoutEventMap[Type],
  ) => void;
};

/** What a JSX or Svelte template may set on the tag. */
export type EcartPayCheckoutProps = EcartPayCheckoutProperties &
  EcartPayCheckoutAttributes &
  EcartPayCheckoutEventProps;

type Camelize<Text extends string> =
  Text extends `${infer Head}-${infer Tail}`
    ? `${Head}${Capitalize<Camelize<Tail>>}`
    : Text;

/**
 * Vue's name for a listener prop: `@ecartpay-success` in a template is
 * checked as `onEcartpaySuccess`.
 */
export type EcartPayCheckoutVueListeners = {
  [Type in keyof CheckoutEventMap as `on${Capitalize<Camelize<Type>>}`]?: (
    event: CheckoutEventMap[Type],
  ) => void;
};

type UnionToIntersection<Union> = (
  Union extends unknown ? (member: Union) => void : never
) extends (intersection: infer Intersection) => void
  ? Intersection
  : never;

/**
 * One `$emit` overload per event, the shape from which Vue's tooling
 * types `@ecartpay-success="(event) => ..."`.
 */
export type EcartPayCheckoutVueEmit = UnionToIntersection<
  {
    [Type in keyof CheckoutEventMap]: (
      type: Type,
      event: CheckoutEventMap[Type],
    ) => void;
  }[keyof CheckoutEventMap]
>;

/**
 * The tag as Vue's tooling sees a component: the element's instance,
 * whose `$props` are what a template may bind and whose `$emit` lists
 * its events.
 */
export type EcartPayCheckoutVueComponent = new () => EcartPayCheckout & {
  $props: EcartPayCheckoutProperties &
    EcartPayCheckoutAttributes &
    EcartPayCheckoutVueListeners & { lang?: string };
  $emit: EcartPayCheckoutVueEmit;
};

/**
 * What every tag takes in JSX and Svelte. Spelled out here rather than
 * borrowed from React's, Preact's or Svelte's types, so that this file
 * type-checks in a project that has none of them installed.
 */
export interface CustomElementBaseProps<Element> {
  id?: string;
  class?: string;
  className?: string;
  slot?: string;
  title?: string;
  lang?: string;
  dir?: 'ltr' | 'rtl' | 'auto';
  hidden?: boolean;
  tabIndex?: number;
  style?: string | Record<string, string | number | undefined>;
  children?: unknown;
  ref?:
    | { current: Element | null }
    | ((element: Element | null) => void | (() => void))
    | null;
}

/** The tag's typing in JSX (React 19, Preact) and Svelte 5 templates. */
export type EcartPayCheckoutElementProps = EcartPayCheckoutProps &
  CustomElementBaseProps<EcartPayCheckout>;

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'ecartpay-checkout': EcartPayCheckoutElementProps;
    }
  }
}

declare module 'preact' {
  namespace JSX {
    interface IntrinsicElements {
      'ecartpay-checkout': EcartPayCheckoutElementProps;
    }
  }
}

declare module 'vue' {
  interface GlobalComponents {
    'ecartpay-checkout': EcartPayCheckoutVueComponent;
  }
}

declare module 'svelte/elements' {
  interface SvelteHTMLElements {
    'ecartpay-checkout': EcartPayCheckoutElementProps;
  }
}
