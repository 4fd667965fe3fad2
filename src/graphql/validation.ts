import { validate, registerDecorator } from "class-validator";
import type { ValidationArguments, ValidationError, ValidationOptions } from "class-validator";
import { codePointLength, hasControlChars, hasLoneSurrogates } from "../common/text";
import { BadUserInputError } from "../common/errors";
import { canonicalTimeZone } from "../common/time";

/** Text that, trimmed, has `min`..`max` code points and no control character (api-contract.md). */
export function IsCleanText(min: number, max: number, options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: "isCleanText",
      target: object.constructor,
      propertyName,
      options,
      constraints: [min, max],
      validator: {
        validate(value: unknown) {
          if (value === undefined || value === null) return true; // requiredness is the schema's job
          if (typeof value !== "string") return false;
          const t = value.trim();
          const n = codePointLength(t);
          return n >= min && n <= max && !hasControlChars(t) && !hasLoneSurrogates(t);
        },
        defaultMessage(args: ValidationArguments) {
          const v = typeof args.value === "string" ? args.value.trim() : "";
          if (hasControlChars(v)) return `${args.property} must not contain control characters`;
          if (hasLoneSurrogates(v)) return `${args.property} must be Unicode text (it holds a lone surrogate)`;
          return `${args.property} must have ${min} to ${max} characters after trimming`;
        },
      },
    });
}

/** An IANA zone name that Intl accepts (offsets such as +03:00 are not zone names). */
export function IsTimeZone(options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: "isTimeZone",
      target: object.constructor,
      propertyName,
      options,
      validator: {
        validate(value: unknown) {
          if (value === undefined || value === null) return true;
          return typeof value === "string" && canonicalTimeZone(value) !== undefined;
        },
        defaultMessage(args: ValidationArguments) {
          return `${args.property} must be an IANA time zone name such as Europe/Moscow or UTC`;
        },
      },
    });
}

function firstError(errors: readonly ValidationError[], prefix: string): { field: string; message: string } | undefined {
  for (const e of errors) {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    if (e.constraints) {
      const message = Object.values(e.constraints)[0] ?? `${field} is invalid`;
      return { field, message: message.replace(e.property, field) };
    }
    if (e.children?.length) {
      const nested = firstError(e.children, field);
      if (nested) return nested;
    }
  }
  return undefined;
}

/**
 * type-graphql's validateFn: runs class-validator on input and args objects and turns the first
 * failure into BAD_USER_INPUT naming the field by its dotted path inside the input
 * ("name", "translations.1.description"). Values are never echoed back.
 */
export async function validateArgument(value: unknown): Promise<void> {
  if (value === null || typeof value !== "object") return;
  const items = Array.isArray(value) ? value : [value];
  for (const item of items) {
    if (item === null || typeof item !== "object") continue;
    const errors = await validate(item as object, {
      forbidUnknownValues: false,
      validationError: { target: false, value: false },
    });
    const first = firstError(errors, "");
    if (first) throw new BadUserInputError(first.field, first.message);
  }
}
