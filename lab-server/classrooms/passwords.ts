/**
 * Instructor passwords and sign-in tokens. Passwords are hashed with scrypt (Node's built-in KDF)
 * with a random 16-byte salt and explicit cost parameters, stored as one self-describing string
 * `scrypt$<N>$<r>$<p>$<salt>$<hash>` (salt and hash in base64url), so the parameters can be raised
 * later without breaking stored hashes. Verification recomputes with the stored parameters and
 * compares in constant time. Sign-in tokens are random; only their SHA-256 is stored.
 */
import { createHash, randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from "node:crypto";

/** scrypt cost parameters for new hashes: N = 2^15, r = 8, p = 1 (32 MiB, tens of milliseconds). */
export const SCRYPT_PARAMS = { N: 2 ** 15, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;
const SALT_LENGTH = 16;
/** Bounds accepted when reading a stored hash, so a corrupt row cannot ask for absurd work. */
const MAX_N = 2 ** 20;
const MAX_R = 32;
const MAX_P = 16;

function scryptAsync(password: string, salt: Buffer, keyLength: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize("NFC"), salt, keyLength, options, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

function memoryFor(N: number, r: number): number {
  // scrypt needs 128 * N * r bytes; leave room for the rest.
  return 128 * N * r + 16 * 1024 * 1024;
}

/** Hashes a password with a fresh random salt; returns the self-describing string to store. */
export async function hashPassword(password: string): Promise<string> {
  const { N, r, p } = SCRYPT_PARAMS;
  const salt = randomBytes(SALT_LENGTH);
  const key = await scryptAsync(password, salt, KEY_LENGTH, { N, r, p, maxmem: memoryFor(N, r) });
  return ["scrypt", N, r, p, salt.toString("base64url"), key.toString("base64url")].join("$");
}

/** True when `password` matches `stored` (a string from `hashPassword`); false for a malformed `stored`. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split("$");
  if (parts.length !== 6 || parts[0] !== "scrypt") return false;
  const [N, r, p] = parts.slice(1, 4).map((x) => (/^\d{1,8}$/.test(x!) ? Number(x) : Number.NaN)) as [number, number, number];
  if (!(N >= 2 && N <= MAX_N && (N & (N - 1)) === 0 && r >= 1 && r <= MAX_R && p >= 1 && p <= MAX_P)) return false;
  const salt = Buffer.from(parts[4]!, "base64url");
  const expected = Buffer.from(parts[5]!, "base64url");
  if (salt.length === 0 || expected.length < 16) return false;
  const key = await scryptAsync(password, salt, expected.length, { N, r, p, maxmem: memoryFor(N, r) });
  return timingSafeEqual(key, expected);
}

/** A hash of a random password: verified against when the email is unknown, so timing tells nothing. */
let decoy: Promise<string> | undefined;
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword(randomBytes(16).toString("hex"));
  return decoy;
}

/** A new sign-in token for the cookie: 32 random bytes, base64url. */
export function newSessionToken(): string {
  return randomBytes(32).toString("base64url");
}

/** The SHA-256 (hex) of a sign-in token: what the database keeps. */
export function hashSessionToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
