// Access tokens of the /control and /rig namespaces: from the command line, else the environment,
// else generated at random (and printed by the caller). Never a fixed default.
import { randomBytes, timingSafeEqual, createHash } from 'node:crypto';

export const RIG_TOKEN_ENV = 'CORRIDOR_RIG_TOKEN';
export const CONTROL_TOKEN_ENV = 'CORRIDOR_CONTROL_TOKEN';

export type TokenSource = 'option' | 'env' | 'generated';

export interface ResolvedToken {
  token: string;
  source: TokenSource;
}

/** A fresh random token: 24 bytes, base64url (32 characters). */
export function generateToken(): string {
  return randomBytes(24).toString('base64url');
}

/** The given token, else the environment variable, else a random one. Empty strings count as absent. */
export function resolveToken(given: string | undefined, envName: string, env: NodeJS.ProcessEnv = process.env): ResolvedToken {
  if (given !== undefined && given !== '') return { token: given, source: 'option' };
  const fromEnv = env[envName];
  if (fromEnv !== undefined && fromEnv !== '') return { token: fromEnv, source: 'env' };
  return { token: generateToken(), source: 'generated' };
}

export function resolveTokens(
  given: { rigToken?: string | undefined; controlToken?: string | undefined },
  env: NodeJS.ProcessEnv = process.env,
): { rig: ResolvedToken; control: ResolvedToken } {
  return { rig: resolveToken(given.rigToken, RIG_TOKEN_ENV, env), control: resolveToken(given.controlToken, CONTROL_TOKEN_ENV, env) };
}

export type TokenCheck = 'ok' | 'missing-token' | 'wrong-token';

/** Compares in constant time (over hashes, so the lengths do not leak either). */
export function checkToken(presented: unknown, expected: string): TokenCheck {
  if (typeof presented !== 'string' || presented === '') return 'missing-token';
  const a = createHash('sha256').update(presented).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b) ? 'ok' : 'wrong-token';
}
