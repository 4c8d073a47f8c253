import {
  createHash,
  createHmac,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';

import { HttpError } from './http.ts';

/**
 * Issues and checks the API's bearer-less JWTs. Signed HS512 like the
 * real tokens, with a secret that lives only as long as the sandbox, so a
 * token from another sandbox (or an edited one) is refused.
 */
export class TokenAuthority {
  readonly #secret = randomBytes(32);
  readonly #basic: Buffer;
  readonly #lifetimeSeconds: number;
  readonly #now: () => number;

  /** The id in every token: the sandbox has one API key pair. */
  readonly authorizationId: string;
  readonly accountId: string;

  constructor(options: {
    publicKey: string;
    privateKey: string;
    lifetimeSeconds: number;
    now: () => number;
  }) {
    const pair = `${options.publicKey}:${options.privateKey}`;
    this.#basic = digest(pair);
    this.#lifetimeSeconds = options.lifetimeSeconds;
    this.#now = options.now;
    this.accountId = hexId(`account:${options.publicKey}`);
    this.authorizationId = hexId(`authorization:${options.publicKey}`);
  }

  /**
   * Answers `POST /api/authorizations/token`: the `Authorization` header
   * must be `Basic base64(public:private)`.
   */
  issue(authorization: string | undefined): string {
    const credentials = parseBasic(authorization);
    if (!timingSafeEqual(digest(credentials), this.#basic)) {
      throw unauthorized('Invalid API keys');
    }

    const iat = Math.floor(this.#now() / 1000);
    return this.#sign({
      id: this.authorizationId,
      account_id: this.accountId,
      iat,
      exp: iat + this.#lifetimeSeconds,
    });
  }

  /**
   * Checks the `Authorization` header of an API call: the bare JWT, as
   * Ecart Pay documents it. Throws 401 otherwise.
   */
  verify(authorization: string | undefined): void {
    if (!authorization) {
      throw unauthorized('Missing Authorization header');
    }
    if (/^bearer\s/i.test(authorization)) {
      throw unauthorized(
        'Send the bare token in Authorization, without "Bearer"',
      );
    }

    const parts = authorization.trim().split('.');
    if (parts.length !== 3) throw unauthorized('Malformed token');
    const [header, payload, signature] = parts as [string, string, string];

    const expected = this.#signature(`${header}.${payload}`);
    const given = Buffer.from(signature, 'base64url');
    if (
      given.length !== expected.length ||
      !timingSafeEqual(given, expected)
    ) {
      throw unauthorized('Invalid token signature');
    }

    const claims = decodeClaims(payload);
    if (claims.exp * 1000 <= this.#now()) {
      throw unauthorized('Token expired');
    }
  }

  #sign(claims: TokenClaims): string {
    const header = encodeJson({ alg: 'HS512', typ: 'JWT' });
    const payload = encodeJson(claims);
    const signature = this.#signature(`${header}.${payload}`);
    return `${header}.${payload}.${signature.toString('base64url')}`;
  }

  #signature(text: string): Buffer {
    return createHmac('sha512', this.#secret).update(text).digest();
  }
}

interface TokenClaims {
  id: string;
  account_id: string;
  iat: number;
  exp: number;
}

function parseBasic(authorization: string | undefined): string {
  const match = /^basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(authorization ?? '');
  if (!match) {
    throw unauthorized(
      'Authorization must be Basic base64(public_key:private_key)',
    );
  }
  const credentials = Buffer.from(match[1]!, 'base64').toString('utf8');
  if (!credentials.includes(':')) throw unauthorized('Invalid API keys');
  return credentials;
}

function decodeClaims(payload: string): TokenClaims {
  try {
    const claims = JSON.parse(
      Buffer.from(payload, 'base64url').toString('utf8'),
    );
    if (typeof claims?.exp === 'number') return claims;
  } catch {
    // Falls through to the same answer as a claim-less token.
  }
  throw unauthorized('Malformed token');
}

function encodeJson(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** Fixed-length digest, so comparing secrets takes constant time. */
function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** A stable 24-hex id (Mongo-style, like Ecart Pay's) derived from text. */
function hexId(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 24);
}

function unauthorized(message: string): HttpError {
  return new HttpError(401, message);
}
