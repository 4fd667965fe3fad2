import crypto from "node:crypto";

/** `sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">` (api-contract.md, Events). */
export function signature(secret: string, timestamp: number, body: string): string {
  return `sha256=${crypto.createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

/** A new signing secret: 32 random bytes, hex, prefixed so it is recognisable in a vault. */
export function newSecret(): string {
  return `whsec_${crypto.randomBytes(32).toString("hex")}`;
}
