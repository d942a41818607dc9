import { z } from "zod";
import * as ipaddr from "ipaddr.js";

/**
 * Building blocks whose every issue carries one phrase: what the setting expects. The error formatter
 * (stacks/errors.ts) adds the setting's path and what was found, so each message reads
 * "<setting>: expected <phrase>, found <value>". A schema's `error` also names the issues of its own checks
 * (int, min, regex, refine: zod.dev/error-customization), so each phrase is given once, on the schema.
 */

export function section<Shape extends z.ZodRawShape>(shape: Shape) {
  const known = Object.keys(shape).join(", ");
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === "unrecognized_keys" ? `one of the known settings (${known})` : "a map of settings",
  });
}

export function wholeNumber(min: number, max: number) {
  const phrase = `a whole number from ${min} to ${max}`;
  return z.number({ error: phrase }).int().min(min).max(max);
}

export function oneOf<const Values extends readonly [string, ...string[]]>(values: Values) {
  return z.enum(values, { error: `one of ${values.join(", ")}` });
}

export const flag = z.boolean({ error: "true or false" });

export function text(phrase: string) {
  return z.string({ error: phrase }).min(1);
}

export function matching(pattern: RegExp, phrase: string) {
  return z.string({ error: phrase }).regex(pattern);
}

/** The retention periods CloudWatch Logs accepts; any other number is rejected by the API at deploy time. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

export const logRetentionDays = z
  .number({ error: `one of the CloudWatch Logs retention periods (${LOG_RETENTION_DAYS.join(", ")})` })
  .refine((days) => (LOG_RETENTION_DAYS as readonly number[]).includes(days));

/** An IPv4 network address in CIDR form whose prefix lies in [minPrefix, maxPrefix] and has no host bits set. */
export function ipv4Block(minPrefix: number, maxPrefix: number) {
  const phrase = `an IPv4 CIDR block from /${minPrefix} to /${maxPrefix} with no host bits set (such as 10.0.0.0/16)`;
  return z.string({ error: phrase }).refine((value) => isNetworkBlock(value, minPrefix, maxPrefix));
}

function isNetworkBlock(value: string, minPrefix: number, maxPrefix: number): boolean {
  if (!ipaddr.IPv4.isValidCIDR(value)) return false;
  const [address, prefix] = ipaddr.IPv4.parseCIDR(value);
  if (prefix < minPrefix || prefix > maxPrefix) return false;
  return ipaddr.IPv4.networkAddressFromCIDR(value).toString() === address.toString();
}

/** Kubernetes object names (namespaces, labels' values) follow RFC 1123 labels. */
export const dnsLabel = matching(
  /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/,
  "a DNS label: lower-case letters, digits and '-', at most 63 characters, starting and ending alphanumeric",
);
