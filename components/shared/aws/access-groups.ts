import type * as pulumi from "@pulumi/pulumi";
import * as aws from "./sdk";
import type { Layer, Naming } from "../../naming";

export interface AccessGroupsSpec {
  readonly naming: Naming;
  readonly layer: Layer;
  readonly vpcId: pulumi.Input<string>;
  /** The TCP port the store listens on. */
  readonly port: number;
}

/** The store's security group and the group its clients carry. */
export interface AccessGroups {
  /** Attached to the store: admits only the client group, on the store's port. */
  readonly server: aws.ec2.SecurityGroup;
  /** Attached by compute to each service that uses the store: lets it out to the store's port, nothing else. */
  readonly client: aws.ec2.SecurityGroup;
}

/**
 * Access by membership rather than by address: a service reaches the store exactly when compute gives it the
 * client group, so no CIDR range (and nothing else in the VPC) is ever admitted.
 */
export function createAccessGroups(
  name: string,
  spec: AccessGroupsSpec,
  parent: pulumi.Resource,
): AccessGroups {
  const group = (role: string, physical: string, description: string) =>
    new aws.ec2.SecurityGroup(
      `${name}-${role}`,
      {
        name: spec.naming.physicalName(physical, 255),
        description,
        vpcId: spec.vpcId,
        // No inline rules: the provider then removes AWS's default allow-all egress, and rules are separate
        // resources (inline and separate rules on one group fight each other).
        tags: spec.naming.tags(spec.layer, { Name: spec.naming.physicalName(physical, 255) }),
      },
      { parent },
    );
  const server = group("sg", spec.layer, `The ${spec.layer}: admits only its clients on port ${spec.port}`);
  const client = group(
    "client-sg",
    `${spec.layer}-clients`,
    `Services that use the ${spec.layer}: out to it on port ${spec.port} only`,
  );
  new aws.vpc.SecurityGroupIngressRule(
    `${name}-from-clients`,
    {
      securityGroupId: server.id,
      referencedSecurityGroupId: client.id,
      ipProtocol: "tcp",
      fromPort: spec.port,
      toPort: spec.port,
      description: `Clients of the ${spec.layer}`,
      tags: spec.naming.tags(spec.layer),
    },
    { parent },
  );
  // Both ends are needed: the group has no default egress, and a task's other groups only let it out on 443.
  new aws.vpc.SecurityGroupEgressRule(
    `${name}-to-server`,
    {
      securityGroupId: client.id,
      referencedSecurityGroupId: server.id,
      ipProtocol: "tcp",
      fromPort: spec.port,
      toPort: spec.port,
      description: `To the ${spec.layer}`,
      tags: spec.naming.tags(spec.layer),
    },
    { parent },
  );
  return { server, client };
}
