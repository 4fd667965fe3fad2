import { GraphQLError, Kind } from "graphql";
import { DateScalar, DateTimeScalar, parseInstant } from "../../src/graphql/scalars";

describe("DateTime input", () => {
  test.each([
    ["2024-05-01T10:00:00Z", "2024-05-01T10:00:00.000Z"],
    ["2024-05-01T13:00:00+03:00", "2024-05-01T10:00:00.000Z"],
    ["2024-05-01T04:30:00-05:30", "2024-05-01T10:00:00.000Z"],
    ["2024-05-01T10:00Z", "2024-05-01T10:00:00.000Z"],
    ["2024-05-01T10:00:00.1Z", "2024-05-01T10:00:00.100Z"],
    ["2024-05-01T10:00:00.123456789Z", "2024-05-01T10:00:00.123Z"],
    ["2024-02-29T23:59:59.999+00:00", "2024-02-29T23:59:59.999Z"],
  ])("%p is the instant %p", (input, iso) => {
    expect(parseInstant(input).toISOString()).toBe(iso);
    expect(DateTimeScalar.parseValue(input)).toEqual(new Date(iso));
    expect(DateTimeScalar.parseLiteral({ kind: Kind.STRING, value: input })).toEqual(new Date(iso));
  });

  test.each([
    "2025-01-01T00:00:00",
    "2025-01-01T00:00:00.000",
    "2025-01-01",
    "2025-01-01 00:00:00Z",
    "2025-01-01T00:00:00+0300",
    "2025-01-01T00:00:00+03",
    "2025-02-29T00:00:00Z",
    "2025-13-01T00:00:00Z",
    "2025-00-10T00:00:00Z",
    "2025-04-31T00:00:00Z",
    "2025-01-01T24:00:00Z",
    "2025-01-01T23:60:00Z",
    "2025-01-01T23:59:60Z",
    "yesterday",
    "",
  ])("%p is refused with BAD_USER_INPUT", (input) => {
    expect(() => parseInstant(input)).toThrow(GraphQLError);
    try {
      parseInstant(input);
    } catch (e) {
      expect((e as GraphQLError).extensions.code).toBe("BAD_USER_INPUT");
      expect((e as GraphQLError).message.length).toBeLessThan(200);
    }
  });

  test.each([1_700_000_000_000, null, undefined, {}, true])("a non-string %p is refused", (v) => {
    expect(() => parseInstant(v)).toThrow(GraphQLError);
  });

  test("a non-string literal is refused", () => {
    expect(() => DateTimeScalar.parseLiteral({ kind: Kind.INT, value: "1700000000" })).toThrow(GraphQLError);
  });
});

describe("DateTime output", () => {
  test("is toISOString(), milliseconds included, from a Date or a string", () => {
    expect(DateTimeScalar.serialize(new Date(Date.UTC(2024, 0, 2, 3, 4, 5)))).toBe("2024-01-02T03:04:05.000Z");
    expect(DateTimeScalar.serialize(new Date("2024-01-02T06:04:05.678+03:00"))).toBe("2024-01-02T03:04:05.678Z");
    expect(DateTimeScalar.serialize("2024-01-02T03:04:05.678+00:00")).toBe("2024-01-02T03:04:05.678Z");
  });
  test("an invalid date is an error, not a string", () => {
    expect(() => DateTimeScalar.serialize(new Date(Number.NaN))).toThrow();
  });
});

describe("Date", () => {
  test("serves YYYY-MM-DD", () => {
    expect(DateScalar.serialize("2024-02-29")).toBe("2024-02-29");
    expect(DateScalar.serialize(new Date(Date.UTC(2024, 1, 29, 23)))).toBe("2024-02-29");
    expect(() => DateScalar.serialize("29.02.2024")).toThrow();
  });
  test("accepts only YYYY-MM-DD", () => {
    expect(DateScalar.parseValue("2024-02-29")).toBe("2024-02-29");
    for (const bad of ["2024-2-29", "2024-02-29T00:00:00Z", "20240229", "2024-13-01", 20240229]) {
      expect(() => DateScalar.parseValue(bad)).toThrow(GraphQLError);
    }
  });
});
