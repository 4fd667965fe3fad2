import { GraphQLError, GraphQLID, GraphQLScalarType, Kind } from "graphql";
import { InvalidDateTime } from "../common/time";

// An instant with an explicit offset: Z or ±hh:mm (api-contract.md, awardedAt).
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})$/i;

function badValue(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: "BAD_USER_INPUT" } });
}

function parseInstantOrInvalid(value: unknown): Date | InvalidDateTime {
  if (typeof value !== "string") throw badValue("DateTime must be an ISO-8601 string with an offset");
  try {
    return parseInstant(value);
  } catch (e) {
    return new InvalidDateTime(e instanceof Error ? e.message.replace(/^DateTime/, "awardedAt") : "invalid DateTime");
  }
}

export function parseInstant(value: unknown): Date {
  if (typeof value !== "string") throw badValue("DateTime must be an ISO-8601 string with an offset");
  const m = INSTANT.exec(value);
  if (!m) throw badValue(`DateTime must be ISO-8601 with an explicit offset (Z or ±hh:mm), got "${value.slice(0, 40)}"`);
  const [, y, mo, d, h, mi, s] = m;
  const month = Number(mo);
  const day = Number(d);
  const daysInMonth = new Date(Date.UTC(Number(y), month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth || Number(h) > 23 || Number(mi) > 59 || Number(s ?? 0) > 59) {
    throw badValue(`DateTime "${value.slice(0, 40)}" is not a real instant`);
  }
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw badValue(`DateTime "${value.slice(0, 40)}" is not a real instant`);
  return date;
}

export const DateTimeScalar = new GraphQLScalarType({
  name: "DateTime",
  description: 'ISO-8601 instant; served in UTC ("2026-11-26T14:00:00.000Z"); input accepts any offset',
  serialize(value) {
    const d = value instanceof Date ? value : new Date(value as string);
    if (Number.isNaN(d.getTime())) throw new GraphQLError("DateTime cannot represent an invalid date");
    return d.toISOString();
  },
  parseValue: parseInstantOrInvalid,
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw badValue("DateTime must be a string");
    return parseInstantOrInvalid(ast.value);
  },
});

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export const DateScalar = new GraphQLScalarType({
  name: "Date",
  description: 'Calendar date, "YYYY-MM-DD"',
  serialize(value) {
    if (typeof value === "string" && DAY.test(value)) return value;
    if (value instanceof Date) return value.toISOString().slice(0, 10);
    throw new GraphQLError("Date cannot represent this value");
  },
  parseValue(value) {
    if (typeof value !== "string" || !DAY.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) {
      throw badValue('Date must be "YYYY-MM-DD"');
    }
    return value;
  },
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING || !DAY.test(ast.value)) throw badValue('Date must be "YYYY-MM-DD"');
    return ast.value;
  },
});

/**
 * ID as api-contract.md has it: a string (of digits; the services check the digits and range).
 * GraphQL's built-in ID also takes integers; this one refuses them, so `{"userId": 32}` is
 * BAD_USER_INPUT rather than silently the string "32". Output is the built-in's.
 */
export const IdScalar = new GraphQLScalarType({
  name: "ID",
  description: GraphQLID.description,
  serialize: GraphQLID.serialize,
  parseValue(value) {
    if (typeof value !== "string") throw badValue('IDs are strings of digits, such as "42"');
    return value;
  },
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw badValue('IDs are strings of digits, such as "42"');
    return ast.value;
  },
});
