import { GraphQLError, GraphQLScalarType, Kind } from "graphql";

// An instant with an explicit offset: Z or ±hh:mm (api-contract.md, awardedAt).
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})$/i;

function badValue(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: "BAD_USER_INPUT" } });
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
  parseValue: parseInstant,
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw badValue("DateTime must be a string");
    return parseInstant(ast.value);
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
