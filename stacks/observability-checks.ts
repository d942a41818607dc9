import { isPlainObject } from "./merge";
import type { ConfigProblem } from "./problems";

/**
 * A protected (production) stack on aws must tell someone when an alarm fires: alarms that publish to a topic
 * with no subscriber fail silently. Kubernetes alerts go through the cluster's own Alertmanager instead.
 */
export function observabilityProblems(stack: Record<string, unknown>): ConfigProblem[] {
  const observability = isPlainObject(stack.observability) ? stack.observability : {};
  const emails = observability.alertEmails;
  if (stack.target !== "aws" || stack.protect !== true || !Array.isArray(emails) || emails.length > 0)
    return [];
  return [
    {
      setting: "observability.alertEmails",
      expected:
        "at least one email address when protect is true (a protected stack's alarms must reach someone)",
      found: "an empty list",
    },
  ];
}
