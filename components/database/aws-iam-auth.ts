import * as pulumi from "@pulumi/pulumi";
import type * as aws from "../shared/aws/sdk";

/**
 * The rds-db:connect grant that lets a service's task role log in to the cluster as `user` with IAM database
 * authentication: a token the task signs with its own role's credentials, valid 15 minutes for opening
 * connections. Nothing is stored, so nothing rotates under a running task (docs/data.md, "Credentials").
 */
export function connectStatement(cluster: aws.rds.Cluster, user: string) {
  const resource = pulumi.all([cluster.arn, cluster.clusterResourceId]).apply(([arn, resourceId]) => {
    // arn:<partition>:rds:<region>:<account>:cluster:<id>
    const [, partition, , region, account] = arn.split(":");
    return `arn:${partition}:rds-db:${region}:${account}:dbuser:${resourceId}/${user}`;
  });
  return {
    Sid: "ConnectToDatabase",
    Effect: "Allow" as const,
    Action: ["rds-db:connect"],
    Resource: [resource],
  };
}
