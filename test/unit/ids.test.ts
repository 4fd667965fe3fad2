import fc from "fast-check";
import { isValidId, parseId } from "../../src/common/ids";
import { BadUserInputError } from "../../src/common/errors";

describe("ids", () => {
  test.each(["1", "42", "9007199254740993", "9223372036854775807"])("%p is a valid id", (id) => {
    expect(isValidId(id)).toBe(true);
    expect(parseId(id, "userId")).toBe(id);
  });

  test.each(["0", "-1", "abc", "01", "00", "1.0", "1e3", " 1", "1 ", "+1", "", "0x1f", "9223372036854775808", "18446744073709551616", "٣"])(
    "%p is not",
    (id) => {
      expect(isValidId(id)).toBe(false);
      expect(() => parseId(id, "achievementId")).toThrow(BadUserInputError);
    },
  );

  test.each([1, null, undefined, {}, ["1"]])("a non-string %p is not", (id) => {
    expect(isValidId(id)).toBe(false);
  });

  test("parseId names the field in BAD_USER_INPUT", () => {
    try {
      parseId("x", "userId");
      throw new Error("no error");
    } catch (e) {
      expect(e).toBeInstanceOf(BadUserInputError);
      expect((e as BadUserInputError).extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "userId" });
    }
  });

  test("exactly the integers 1 .. 2^63-1 written plainly are valid", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(2n ** 64n), max: 2n ** 64n }), (n) => isValidId(n.toString()) === (n >= 1n && n < 2n ** 63n)),
      { numRuns: 2000 },
    );
  });
});
