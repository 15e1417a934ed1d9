/**
 * Referral contacts at rest: AES-256-GCM (node:crypto) under the deployment's key
 * (REFERRAL_CONTACT_KEY). A sealed value is `gcm1.<keyId>.<iv>.<tag>.<ciphertext>` (base64url);
 * keyId is the first 8 hex digits of the key's SHA-256, so a value names the key that opens it
 * without storing the key. The referral id is the additional authenticated data: a sealed
 * contact copied onto another referral does not open.
 *
 * Rotation: put the new key in REFERRAL_CONTACT_KEY and the old one in
 * REFERRAL_CONTACT_PREVIOUS_KEYS, restart, run `npm run referral-contacts -- rotate` (re-seals
 * every stored contact under the new key), then drop the old key.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

export interface ContactKeys {
  current: Buffer;
  previous: Buffer[];
}

const PREFIX = 'gcm1';

export function keyId(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}

export function sealContact(keys: ContactKeys, referralId: string, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keys.current, iv);
  cipher.setAAD(Buffer.from(referralId, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [
    PREFIX,
    keyId(keys.current),
    iv.toString('base64url'),
    cipher.getAuthTag().toString('base64url'),
    ciphertext.toString('base64url'),
  ].join('.');
}

/** The key id a sealed value was made with (for rotation), or null for a value that is not one. */
export function sealedKeyId(sealed: string): string | null {
  const parts = sealed.split('.');
  return parts.length === 5 && parts[0] === PREFIX ? parts[1]! : null;
}

/** Opens a sealed contact; throws when no configured key fits or the value was tampered with. */
export function openContact(keys: ContactKeys, referralId: string, sealed: string): string {
  const [prefix, id, iv, tag, body] = sealed.split('.');
  if (prefix !== PREFIX || !id || !iv || !tag || body === undefined)
    throw new Error('not a sealed referral contact');
  const key = [keys.current, ...keys.previous].find((k) => keyId(k) === id);
  if (!key)
    throw new Error(
      `no configured key opens this referral contact (key ${id}); set it in REFERRAL_CONTACT_PREVIOUS_KEYS`,
    );
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAAD(Buffer.from(referralId, 'utf8'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([
    decipher.update(Buffer.from(body, 'base64url')),
    decipher.final(),
  ]).toString('utf8');
}
