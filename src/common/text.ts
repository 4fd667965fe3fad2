/**
 * Text rules of api-contract.md: characters are Unicode code points counted after trimming
 * (JavaScript's trim()), control characters are category Cc, and case is ignored in every script.
 */

const CONTROL = /\p{Cc}/u;

export function codePointLength(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

export function hasControlChars(s: string): boolean {
  return CONTROL.test(s);
}

const LONE_SURROGATE = /\p{Cs}/u;

/**
 * True when `s` holds a lone UTF-16 surrogate: not a Unicode character, and not storable as
 * text (the UTF-8 encoder would silently replace it with U+FFFD).
 */
export function hasLoneSurrogates(s: string): boolean {
  return LONE_SURROGATE.test(s);
}

/**
 * The case-insensitive key of a name. Upper- then lower-casing folds the cases that lower-casing
 * alone keeps apart (ß/SS, final sigma, …) and works the same in every script, independent of the
 * database's locale (PostgreSQL's lower() in the C locale folds ASCII only).
 */
export function foldCase(s: string): string {
  // Repeat until stable: "ẞ" lower-cases to "ß", which folds further to "ss"; NFC keeps
  // composed and decomposed spellings ("ΐ") one key.
  let key = s.normalize("NFC");
  for (let i = 0; i < 4; i++) {
    const next = key.toUpperCase().toLowerCase().normalize("NFC");
    if (next === key) break;
    key = next;
  }
  return key;
}

/** Escapes LIKE metacharacters so that `%`, `_` and `\` match themselves. */
export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}
