import fc from "fast-check";
import { codePointLength, escapeLike, foldCase, hasControlChars, hasLoneSurrogates } from "../../src/common/text";

describe("codePointLength", () => {
  test.each([
    ["", 0],
    ["abc", 3],
    ["Пётр", 4],
    ["😀", 1],
    ["😀".repeat(64), 64],
    ["𝄞a", 2],
    ["e\u0301", 2], // a combining accent is its own code point
  ])("%p has %i code points", (s, n) => {
    expect(codePointLength(s)).toBe(n);
  });

  test("equals the length of the string's code point array", () => {
    fc.assert(fc.property(fc.string({ unit: "binary" }), (s) => codePointLength(s) === Array.from(s).length));
  });
});

describe("hasControlChars (Unicode category Cc)", () => {
  test.each(["\u0000", "\u0007", "a\tb", "line\nbreak", "\r", "\u001f", "\u007f", "\u0080", "\u0085", "\u009f"])("%p has one", (s) => {
    expect(hasControlChars(s)).toBe(true);
  });
  test.each(["", "plain", "Пётр", "😀", "\u00a0", "\u200b", "\u2028", "\u00ad", " "])("%p has none", (s) => {
    expect(hasControlChars(s)).toBe(false);
  });
  test("agrees with the code point ranges of Cc for every BMP code point", () => {
    for (let cp = 0; cp < 0x10000; cp++) {
      const cc = cp <= 0x1f || (cp >= 0x7f && cp <= 0x9f);
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      expect([cp, hasControlChars(String.fromCodePoint(cp))]).toEqual([cp, cc]);
    }
  });
});

describe("hasLoneSurrogates", () => {
  test.each(["\ud800", "a\udc00", "\ud83d", "x\ude00y", "\udc00\ud800"])("%p has one", (s) => expect(hasLoneSurrogates(s)).toBe(true));
  test.each(["", "plain", "😀", "𝄞", "\ud83d\ude00", "\ufffd"])("%p has none", (s) => expect(hasLoneSurrogates(s)).toBe(false));
  test("is false exactly for strings that survive a UTF-8 round trip", () => {
    fc.assert(fc.property(fc.string({ unit: "binary" }), (s) => hasLoneSurrogates(s) === (Buffer.from(s, "utf8").toString("utf8") !== s)));
  });
});

describe("foldCase", () => {
  test.each([
    ["Пётр", "ПЁТР"],
    ["пётр", "ПёТр"],
    ["Ёлка", "ёЛКА"],
    ["ALICE", "alice"],
    ["Straße", "STRASSE"],
    ["ΣΊΣΥΦΟΣ", "σίσυφος"],
    ["e\u0301", "\u00e9"], // NFC: the composed and decomposed é are one name
  ])("%p and %p fold to the same key", (a, b) => {
    expect(foldCase(a)).toBe(foldCase(b));
  });

  test.each([
    ["Пётр", "Петр"],
    ["a", "b"],
    ["Alice", "Alice "],
  ])("%p and %p stay apart", (a, b) => {
    expect(foldCase(a)).not.toBe(foldCase(b));
  });

  test("is idempotent and ignores case changes", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: "grapheme" }), fc.constantFrom("ΐ", "ΰ", "ẞ", "ß", "İ", "ǅ", "ﬁ")), (s) => {
        const k = foldCase(s);
        return foldCase(k) === k && foldCase(s.toUpperCase()) === k && foldCase(s.toLowerCase()) === k;
      }),
    );
  });
});

describe("escapeLike", () => {
  test.each([
    ["%", "\\%"],
    ["_", "\\_"],
    ["\\", "\\\\"],
    ["100%_\\x", "100\\%\\_\\\\x"],
    ["plain Пётр", "plain Пётр"],
  ])("%p → %p", (s, escaped) => {
    expect(escapeLike(s)).toBe(escaped);
  });

  /** A LIKE matcher with `\` as escape, as PostgreSQL runs it. */
  function like(text: string, pattern: string): boolean {
    let re = "";
    for (let i = 0; i < pattern.length; i++) {
      const c = pattern[i]!;
      if (c === "\\") re += (pattern[++i] ?? "").replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");
      else if (c === "%") re += "[\\s\\S]*";
      else if (c === "_") re += "[\\s\\S]";
      else re += c.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");
    }
    return new RegExp(`^${re}$`, "u").test(text);
  }

  test("an escaped search is a literal substring match", () => {
    const alphabet = fc.constantFrom("a", "b", "%", "_", "\\", "ё");
    fc.assert(
      fc.property(fc.string({ unit: alphabet }), fc.string({ unit: alphabet }), (text, search) => {
        return like(text, `%${escapeLike(search)}%`) === text.includes(search);
      }),
      { numRuns: 2000 },
    );
  });
});
