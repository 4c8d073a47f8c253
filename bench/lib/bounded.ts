/** Every wait of the bench ends: on its own, or with an error. */

export const STEP_TIMEOUT_MS = 20_000;

/** `promise`, or a rejection naming `what` after `ms`. */
export function bounded<T>(
  promise: Promise<T>,
  what: string,
  ms = STEP_TIMEOUT_MS,
): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what}: no answer in ${ms / 1000} s`)),
      ms,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** A progress line on stderr, so stdout stays the table alone. */
export function progress(line: string): void {
  process.stderr.write(`bench: ${line}\n`);
}
