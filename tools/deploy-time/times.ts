import type { GraphResource } from "../harness/graph";

/**
 * Typical creation times, in seconds, of what the first `pulumi up` waits for. `source` is where a figure
 * comes from; "estimate" marks a typical time from experience that no page states.
 */
export interface CreationTime {
  readonly seconds: number;
  readonly source: string;
}

const estimate = (seconds: number): CreationTime => ({ seconds, source: "estimate" });

/** Anything not listed: an API call that returns when the object exists. */
export const DEFAULT_TIME = estimate(5);

export const CREATION_TIMES: Readonly<Record<string, CreationTime>> = {
  // An Aurora cluster is only storage and endpoints; its instances are the long part.
  "aws:rds/cluster:Cluster": estimate(240),
  "aws:rds/clusterInstance:ClusterInstance": estimate(600),
  "aws:elasticache/replicationGroup:ReplicationGroup": estimate(720),
  "aws:elasticache/serverlessCache:ServerlessCache": {
    seconds: 60,
    source: 'https://aws.amazon.com/elasticache/pricing/ ("create a cache in under a minute")',
  },
  // The provider waits for the distribution's status to be Deployed.
  "aws:cloudfront/distribution:Distribution": estimate(300),
  "aws:ec2/natGateway:NatGateway": estimate(120),
  "aws:acm/certificateValidation:CertificateValidation": estimate(180),
  "aws:lb/loadBalancer:LoadBalancer": estimate(180),
  "aws:wafv2/webAcl:WebAcl": estimate(30),
  "aws:kms/key:Key": estimate(10),
  "aws:iam/role:Role": estimate(10),
  "aws:ec2/vpc:Vpc": estimate(15),
  "aws:ec2/subnet:Subnet": estimate(10),
  "aws:ec2/internetGateway:InternetGateway": estimate(10),
  "aws:ec2/vpcEndpoint:VpcEndpoint": estimate(60),
  "aws:ecs/cluster:Cluster": estimate(10),
  "aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace": estimate(60),
  "aws:backup/vault:Vault": estimate(10),
  "aws:route53/record:Record": estimate(40),
  "aws:s3/bucket:Bucket": estimate(5),
  "random:index/randomPassword:RandomPassword": { seconds: 0, source: "computed locally by the provider" },
  // Pulumi's Kubernetes provider waits for readiness (its await logic): rollouts, bound volumes, addresses.
  "kubernetes:apps/v1:Deployment": estimate(60),
  "kubernetes:apps/v1:StatefulSet": estimate(90),
  "kubernetes:core/v1:PersistentVolumeClaim": estimate(30),
  "kubernetes:networking.k8s.io/v1:Ingress": estimate(60),
};

/**
 * The time of one resource. An ECS service that waits for steady state (`waitForSteadyState`) takes its tasks'
 * start and health checks; otherwise the API returns at once.
 */
export function creationTime(resource: GraphResource): CreationTime {
  if (resource.type === "aws:ecs/service:Service") {
    return resource.inputs.waitForSteadyState === true ? estimate(180) : estimate(10);
  }
  if (!resource.custom) return { seconds: 0, source: "a component: it only groups its children" };
  return CREATION_TIMES[resource.type] ?? DEFAULT_TIME;
}
