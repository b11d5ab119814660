// Deterministic DICOM UIDs: "2.25." followed by the decimal value of a name-based (SHA-256) 128-bit UUID.
import { createHash } from 'node:crypto';

/** Namespace mixed into every UID so that other projects' names cannot collide with ours. */
const NAMESPACE = 'radcase/tumoral-calcinosis/v1';

/** A UID under the UUID-derived root 2.25 (PS3.5 B.2), stable for the same name. */
export function uidFor(name: string): string {
  const digest = createHash('sha256').update(`${NAMESPACE}/${name}`).digest();
  const bytes = Buffer.from(digest.subarray(0, 16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x80; // version 8: custom (name-based with SHA-256)
  bytes[8] = (bytes[8]! & 0x3f) | 0x80; // RFC 4122 variant
  return `2.25.${BigInt(`0x${bytes.toString('hex')}`).toString(10)}`;
}

/** Our implementation class UID, derived the same way. */
export const IMPLEMENTATION_CLASS_UID = uidFor('implementation');
export const IMPLEMENTATION_VERSION_NAME = 'RADCASE_GEN_1';
