/**
 * The security headers every response of the front end carries, on both targets (Checkov CKV2_AWS_32 asks
 * for them on CloudFront). One table, so CloudFront's response headers policy and nginx cannot drift.
 */
export const SECURITY_HEADERS = {
  /**
   * Two years, more than the HSTS preload list's minimum of one. `preload` is opt-in (cdn.hstsPreload): once
   * browsers ship the list, every subdomain of the registered domain must serve HTTPS, and leaving takes months.
   */
  strictTransportSecurity: { maxAgeSeconds: 63_072_000, includeSubdomains: true },
  /** Same-origin scripts, styles and API calls only; no framing, no plugins. */
  contentSecurityPolicy:
    "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
  frameOptions: "DENY",
  referrerPolicy: "strict-origin-when-cross-origin",
  contentTypeOptions: "nosniff",
} as const;

/** The same headers as name/value pairs, for servers configured by text (nginx). */
export function securityHeaderPairs(preload = false): [string, string][] {
  const hsts = SECURITY_HEADERS.strictTransportSecurity;
  return [
    [
      "Strict-Transport-Security",
      `max-age=${hsts.maxAgeSeconds}${hsts.includeSubdomains ? "; includeSubDomains" : ""}${preload ? "; preload" : ""}`,
    ],
    ["Content-Security-Policy", SECURITY_HEADERS.contentSecurityPolicy],
    ["X-Frame-Options", SECURITY_HEADERS.frameOptions],
    ["Referrer-Policy", SECURITY_HEADERS.referrerPolicy],
    ["X-Content-Type-Options", SECURITY_HEADERS.contentTypeOptions],
  ];
}
