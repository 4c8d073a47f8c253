/**
 * The merchant's server toolkit: a client for Ecart Pay's Orders API and
 * web-standard `(request) => Promise<Response>` handlers for the
 * checkout (create an order, read its state, receive notifications).
 * Runs on Node, Deno, Bun, Cloudflare Workers and Next.js route
 * handlers; `toNodeListener` plugs a handler into node:http, Express or
 * Vite.
 *
 * @module
 */
export {
  createEcartPayClient,
  type CallOptions,
  type EcartPayClient,
  type EcartPayClientOptions,
} from './client.ts';
export {
  CheckoutRequestError,
  EcartPayError,
  type EcartPayErrorCode,
} from './errors.ts';
export {
  createCheckoutHandler,
  type CheckoutHandlerOptions,
} from './checkout.ts';
export {
  createOrderHandler,
  type OrderHandlerOptions,
  type UrlOption,
} from './create-order.ts';
export {
  createFramingProbe,
  type FramingAnswer,
  type FramingProbe,
  type FramingProbeOptions,
} from './framing.ts';
export {
  createStatusHandler,
  type StatusHandlerOptions,
} from './order-status.ts';
export {
  createNotificationHandler,
  type NotificationHandlerOptions,
} from './notification.ts';
export {
  createMemoryIdempotencyStore,
  type IdempotencyRecord,
  type IdempotencyStore,
  type MemoryIdempotencyStoreOptions,
} from './idempotency.ts';
export {
  createMemoryStatusStore,
  type MemoryStatusStoreOptions,
  type StatusChangeListener,
  type StatusRecord,
  type StatusStore,
} from './status-tracker.ts';
export type { ResolvedOrder } from './order-input.ts';
export type { PublicOrder } from './order-view.ts';
export type {
  ErrorReporter,
  Handler,
  HandlerContext,
  HandlerName,
} from './http.ts';
export {
  toNodeListener,
  type NodeListener,
  type NodeListenerOptions,
} from './node.ts';
export type {
  CreateOrderInput,
  EcartPayOrder,
  OrderStatus,
  RefundInput,
} from '../shared/ecartpay.ts';
