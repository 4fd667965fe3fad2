import { BadUserInputError } from "./errors";

const MAX_ID = 2n ** 63n - 1n;
const ID_PATTERN = /^[1-9][0-9]{0,18}$/;

/** True for a positive integer below 2^63 written as a decimal string without sign or zeros in front. */
export function isValidId(raw: unknown): raw is string {
  return typeof raw === "string" && ID_PATTERN.test(raw) && BigInt(raw) <= MAX_ID;
}

export function parseId(raw: unknown, field: string): string {
  if (!isValidId(raw)) {
    throw new BadUserInputError(field, `${field} must be a positive integer below 2^63 written as a string`);
  }
  return raw;
}
