/** Server secrets: given in options, or generated once and kept in storage. */
import { randomBytes } from 'node:crypto';
import type { Storage } from './storage/storage';

/** Returns `given`, else the stored value of `key`, else a new random one (stored). */
export async function persistentSecret(
  storage: Storage,
  key: string,
  given: string | undefined,
): Promise<{ value: string; generated: boolean }> {
  if (given !== undefined) return { value: given, generated: false };
  const stored = await storage.getSetting(key);
  if (stored !== undefined) return { value: stored, generated: false };
  const value = randomBytes(32).toString('base64url');
  await storage.setSetting(key, value);
  return { value, generated: true };
}
