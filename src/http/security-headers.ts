import type { RequestHandler } from "express";

/**
 * The security headers nginx adds (nginx.conf), on the API's own answers too, so that a service
 * run without nginx (`npm start`) serves the console as safely. A test compares them with
 * nginx.conf. nginx hides these from the API's answers and sends its own, so none is doubled.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  "X-Content-Type-Options": "nosniff",
  "X-Frame-Options": "DENY",
  "Referrer-Policy": "strict-origin-when-cross-origin",
  "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
  "Cross-Origin-Opener-Policy": "same-origin",
});

/** The console loads only its own scripts and styles. */
export const CONSOLE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

/**
 * Paths without the console's Content-Security-Policy: `/graphql`, where a browser gets Apollo
 * Sandbox, which loads its scripts and frames from Apollo's CDN (nginx sends none there either).
 */
const WITHOUT_CSP = new Set(["/graphql"]);

export const securityHeaders: RequestHandler = (req, res, next) => {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
  if (!WITHOUT_CSP.has(req.path)) res.setHeader("Content-Security-Policy", CONSOLE_CSP);
  next();
};
