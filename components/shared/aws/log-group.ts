import * as aws from "./sdk";
import type * as pulumi from "@pulumi/pulumi";
import type { Layer, Naming } from "../../naming";

export interface LogGroupSpec {
  readonly naming: Naming;
  readonly layer: Layer;
  /** The group's role, e.g. `vpc-flow-logs` or `service-api`; the physical name is /strata/<project>-<stack>-<role>. */
  readonly role: string;
  /** A name fixed by the AWS service that writes to the group (RDS: /aws/rds/cluster/<id>/<type>). */
  readonly physicalName?: string;
  /** Every log group has a retention (Checkov CKV_AWS_66, CKV_AWS_338 asks for a year in prod). */
  readonly retentionDays: number;
  /** Every log group is encrypted with the stack's logs key (Checkov CKV_AWS_158). */
  readonly kmsKeyArn: pulumi.Input<string>;
}

/** The one way the platform makes a CloudWatch log group, so none is left without retention or encryption. */
export function createLogGroup(
  name: string,
  spec: LogGroupSpec,
  opts: pulumi.CustomResourceOptions,
): aws.cloudwatch.LogGroup {
  return new aws.cloudwatch.LogGroup(
    name,
    {
      name: spec.physicalName ?? `/strata/${spec.naming.physicalName(spec.role, 400)}`,
      retentionInDays: spec.retentionDays,
      kmsKeyId: spec.kmsKeyArn,
      tags: spec.naming.tags(spec.layer, { Name: spec.naming.physicalName(spec.role, 255) }),
    },
    opts,
  );
}
