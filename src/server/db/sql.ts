/** Escapes LIKE/ILIKE wildcards so user text matches literally (the default escape is backslash). */
export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}
