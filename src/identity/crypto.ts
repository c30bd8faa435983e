import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { dictionary } from '@zxcvbn-ts/language-common';
import { generateSecret, generateURI, verify as verifyOtp } from 'otplib';

/** Password hashing with argon2id at the library's defaults (m=19456 KiB, t=2, p=1: the OWASP minimum). */
export const hashPassword = (password: string) => hash(password);

export async function verifyPassword(storedHash: string, password: string): Promise<boolean> {
  try {
    return await verify(storedHash, password);
  } catch {
    return false;
  }
}

// A real argon2 hash of a random value: checking an unknown account costs the same time as a wrong password.
let dummyHash: Promise<string> | undefined;
export async function burnPasswordCheck(password: string): Promise<void> {
  dummyHash ??= hash(randomBytes(16).toString('hex'));
  await verifyPassword(await dummyHash, password);
}

/** ~49,000 of the most common passwords (zxcvbn-ts common list), lower-cased. */
const commonPasswords = new Set((dictionary['passwords-common'] as string[]).map((p) => p.toLowerCase()));
export const isCommonPassword = (lowercased: string) => commonPasswords.has(lowercased);

/** A random token for cookies and device credentials (256 bits, URL-safe). */
export const randomToken = (prefix = '') => `${prefix}${randomBytes(32).toString('base64url')}`;

/** High-entropy tokens are looked up by SHA-256; argon2 is for low-entropy secrets people choose. */
export const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export const newTotpSecret = () => generateSecret();

export const totpUri = (secret: string, account: string) =>
  generateURI({ issuer: 'ketacare', label: account, secret });

/**
 * Checks a 6-digit code at `now`, allowing ±30 s of clock drift, and never the same or an earlier time step
 * twice (replay protection). Returns the accepted time step.
 */
export async function checkTotp(
  secret: string,
  code: string,
  now: Date,
  lastStep: number | null,
): Promise<number | undefined> {
  if (!/^\d{6}$/.test(code)) return undefined;
  const result = await verifyOtp({
    secret,
    token: code,
    epoch: Math.floor(now.getTime() / 1000),
    epochTolerance: 30,
    ...(lastStep !== null ? { afterTimeStep: lastStep } : {}),
  });
  // The functional API types the result as TOTP-or-HOTP; with a TOTP secret it carries the matched time step.
  return result.valid ? (result as { timeStep?: number }).timeStep : undefined;
}

/** Ten one-time recovery codes like `7kq2-9xmf-p3dw`, shown once and stored hashed. */
export function newRecoveryCodes(count = 10): string[] {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  return Array.from({ length: count }, () => {
    const bytes = randomBytes(12);
    const chars = [...bytes].map((b) => alphabet[b % alphabet.length]).join('');
    return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}`;
  });
}

export const normaliseRecoveryCode = (code: string) => code.trim().toLowerCase().replace(/\s+/g, '');
