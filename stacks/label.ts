/**
 * Text as lower-case letters, digits and single hyphens, with none at either end: what a DNS label (a Kubernetes
 * namespace) and AWS's names for RDS, ElastiCache and load balancers accept. After the collapse at most one
 * hyphen can start or end the text, so `^-|-$` (not `^-+|-+$`) strips them: no dead quantifier. Cut to
 * `maxLength`, it drops the hyphen a cut can end on.
 */
export function asLabel(text: string, maxLength = Infinity): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, "-")
    .replace(/-+/g, "-")
    .replace(/^-|-$/g, "")
    .slice(0, maxLength)
    .replace(/-$/, "");
}
