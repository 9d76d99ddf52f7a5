import type { AuditService } from '../audit/service.js';
import type { Ctx } from '../context.js';
import type { PiiCipher } from './cipher.js';

export interface RevealRequest {
  /** What the value belongs to, for the audit trail. */
  targetType: string;
  targetId: string;
  placeId?: string | null;
  placePath?: string | null;
  field: string;
  reason: string;
  ciphertext: string | null;
}

/**
 * The one way to show a full ID or phone number: the caller has already checked the permission
 * and scope; this records who looked, at what and why, in the same breath as decrypting it.
 */
export function createPiiReveal({ audit, pii }: { audit: AuditService; pii: PiiCipher }) {
  return async (ctx: Ctx, r: RevealRequest): Promise<string | null> => {
    await audit.record(ctx, {
      action: 'pii.reveal',
      targetType: r.targetType,
      targetId: r.targetId,
      placeId: r.placeId ?? null,
      placePath: r.placePath ?? null,
      after: { field: r.field, reason: r.reason },
    });
    return r.ciphertext === null ? null : pii.decrypt(r.ciphertext);
  };
}

export type PiiReveal = ReturnType<typeof createPiiReveal>;
