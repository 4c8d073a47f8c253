/**
 * Which Ecart Pay the demo talks to. Without keys in the environment it
 * starts the local emulator; with sandbox keys it uses Ecart Pay's real
 * sandbox. Only the client's configuration differs between the two.
 */
export type EcartPayTarget =
  | { kind: 'emulator' }
  | {
      kind: 'sandbox';
      publicKey: string;
      privateKey: string;
      webhookSecret?: string;
      /**
       * The shop's public origin (a tunnel, for instance), so Ecart Pay's
       * notifications can reach this machine.
       */
      publicUrl?: string;
    };

/** Reads the target from `ECARTPAY_*` and `PUBLIC_URL` variables. */
export function readTarget(env: NodeJS.ProcessEnv): EcartPayTarget {
  const publicKey = nonEmpty(env.ECARTPAY_PUBLIC_KEY);
  const privateKey = nonEmpty(env.ECARTPAY_PRIVATE_KEY);
  if (!publicKey && !privateKey) return { kind: 'emulator' };

  if (!publicKey || !privateKey) {
    const missing = publicKey ? 'ECARTPAY_PRIVATE_KEY' : 'ECARTPAY_PUBLIC_KEY';
    throw new Error(
      `${missing} is not set: set both Ecart Pay sandbox keys, or neither ` +
        'to use the local emulator.',
    );
  }

  return {
    kind: 'sandbox',
    publicKey,
    privateKey,
    webhookSecret: nonEmpty(env.ECARTPAY_WEBHOOK_SECRET),
    publicUrl: publicOrigin(nonEmpty(env.PUBLIC_URL)),
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value?.trim() || undefined;
}

function publicOrigin(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    return new URL(url).origin;
  } catch {
    throw new Error(`PUBLIC_URL is not a URL: ${url}`);
  }
}
