import { sniffImage } from '../../platform/files/index.js';

const starts = (b: Buffer, sig: number[], at = 0) => sig.every((v, i) => b[at + i] === v);
const ascii = (b: Buffer, s: string, at = 0) => b.subarray(at, at + s.length).toString('latin1') === s;

/**
 * The type of an evidence file judged by its bytes, never by its name or the sender's word:
 * photos, PDF, Office documents (zip containers named .docx/.xlsx), recordings and video.
 * Anything else is refused, so a page or a script can never be filed as evidence.
 */
export function sniffEvidence(bytes: Buffer, name: string): string | null {
  const image = sniffImage(bytes);
  if (image) return image;
  if (ascii(bytes, '%PDF-')) return 'application/pdf';
  if (starts(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    if (/\.docx$/i.test(name))
      return 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
    if (/\.xlsx$/i.test(name)) return 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    return null;
  }
  if (ascii(bytes, 'ID3') || starts(bytes, [0xff, 0xfb]) || starts(bytes, [0xff, 0xf3])) return 'audio/mpeg';
  if (ascii(bytes, 'RIFF') && ascii(bytes, 'WAVE', 8)) return 'audio/wav';
  if (ascii(bytes, 'ftyp', 4)) {
    const brand = bytes.subarray(8, 12).toString('latin1');
    return brand.startsWith('M4A') ? 'audio/mp4' : 'video/mp4';
  }
  return null;
}
