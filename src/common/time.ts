/** Time zones and instants as the services see them (the GraphQL scalars parse, services decide). */

/** The canonical spelling Intl resolves a zone name to, or undefined when it is not a zone name. */
export function canonicalTimeZone(raw: string): string | undefined {
  const name = raw.trim();
  // Intl also accepts offsets ("+03:00") and is lenient about some spellings; require a name.
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(name) || name.length > 64) return undefined;
  try {
    return new Intl.DateTimeFormat("en-US", { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

/**
 * A DateTime input string that is not a valid instant. The scalar lets it through so that the
 * service can answer BAD_USER_INPUT naming the field (and only after the API key was checked),
 * whether the value came as a variable or in the query text.
 */
export class InvalidDateTime {
  constructor(readonly reason: string) {}
}
