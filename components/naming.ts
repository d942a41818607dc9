import { createHash } from "node:crypto";
import { asLabel } from "../stacks/label";

export type Layer = "network" | "compute" | "database" | "cache" | "cdn" | "observability" | "bootstrap";

/**
 * Physical names and tags, made in one place: `<project>-<stack>-<name>`, cut to a service's length limit,
 * and one tag set merged into every taggable resource for cost allocation.
 */
export class Naming {
  constructor(
    readonly project: string,
    readonly stack: string,
    private readonly userTags: Readonly<Record<string, string>> = {},
  ) {}

  /**
   * A physical name unique to this project and stack, of lower-case letters, digits and single hyphens. Names longer than `maxLength` keep their start and
   * end a short hash of the whole, so two long names that differ only at the end stay distinct.
   */
  physicalName(name: string, maxLength = 63): string {
    // One hyphen at a time and none at either end: RDS, ElastiCache and load balancers reject both.
    const full = asLabel(`${this.project}-${this.stack}-${name}`);
    if (full.length <= maxLength) return full;
    const hash = createHash("sha256").update(full).digest("hex").slice(0, 7);
    return `${asLabel(full, maxLength - hash.length - 1)}-${hash}`;
  }

  /** The tag set of a layer's resources: Strata's four tags, then the stack's tags, then the child's own. */
  tags(layer: Layer, extra: Readonly<Record<string, string>> = {}): Record<string, string> {
    return {
      Project: this.project,
      Stack: this.stack,
      Layer: layer,
      ManagedBy: "pulumi",
      ...this.userTags,
      ...extra,
    };
  }

  /** The recommended Kubernetes labels (app.kubernetes.io/*) of a layer's objects. */
  labels(layer: Layer, component: string): Record<string, string> {
    return {
      "app.kubernetes.io/name": component,
      "app.kubernetes.io/instance": `${this.project}-${this.stack}`,
      "app.kubernetes.io/component": layer,
      "app.kubernetes.io/part-of": this.project,
      "app.kubernetes.io/managed-by": "pulumi",
    };
  }
}
