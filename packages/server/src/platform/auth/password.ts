import { hash, verify } from '@node-rs/argon2';

/** argon2id with the library's defaults (memory-hard; ~tens of ms a hash). */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

// A real hash to verify against when the username does not exist, so timing does not tell.
let dummyHash: Promise<string> | null = null;

export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  if (!passwordHash) {
    dummyHash ??= hash('not-a-real-password');
    await verify(await dummyHash, password).catch(() => false);
    return false;
  }
  return verify(passwordHash, password).catch(() => false);
}
