export type { PiiCipher } from './cipher.js';
export { createPiiCipher } from './cipher.js';
export type { CitizenIdResult } from './citizen-id.js';
export { citizenIdCheckChar, makeCitizenId, validateCitizenId } from './citizen-id.js';
export { maskIdNumber, maskName, maskPhone } from './mask.js';
export type { MobileResult } from './phone.js';
export { validateMobile } from './phone.js';
export { createPiiReveal, type PiiReveal, type RevealRequest } from './reveal.js';
