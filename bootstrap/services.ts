/**
 * The IAM services a Strata deploy calls, by the Pulumi module of the resources it creates (aws:<module>/…).
 * test/bootstrap-roles.test.ts runs the real program on every shipped aws stack and fails when a resource's
 * module is missing here: a new kind of resource cannot reach CI without its deploy role being able to make it.
 */
export const SERVICES_BY_MODULE: Readonly<Record<string, readonly string[]>> = {
  acm: ["acm"],
  appautoscaling: ["application-autoscaling"],
  // Creating a vault also mounts its storage (backup-storage:MountCapsule).
  backup: ["backup", "backup-storage"],
  cloudfront: ["cloudfront"],
  // aws:cloudwatch holds log groups (logs), alarms and dashboards (cloudwatch) and event rules (events).
  cloudwatch: ["cloudwatch", "logs", "events"],
  ec2: ["ec2"],
  ecr: ["ecr"],
  ecs: ["ecs"],
  elasticache: ["elasticache"],
  iam: ["iam"],
  kms: ["kms"],
  lb: ["elasticloadbalancing"],
  rds: ["rds"],
  route53: ["route53"],
  s3: ["s3"],
  // The NAT instance's start and stop schedules (EventBridge Scheduler).
  scheduler: ["scheduler"],
  secretsmanager: ["secretsmanager"],
  // A private DNS namespace is a Route 53 private hosted zone that Cloud Map makes.
  servicediscovery: ["servicediscovery", "route53"],
  sns: ["sns"],
  // aws:vpc holds the security group rules, an EC2 API.
  vpc: ["ec2"],
  wafv2: ["wafv2"],
};

/** Services whose every action the deploy role may call in its regions; iam and s3 are scoped by name instead. */
export function regionalServices(): string[] {
  const all = new Set(Object.values(SERVICES_BY_MODULE).flat());
  for (const scoped of ["iam", "s3"]) all.delete(scoped);
  return [...all].sort();
}

/** The services that create the service-linked roles a first deploy into an account needs. */
export const SERVICE_LINKED_ROLE_SERVICES = [
  "ecs.amazonaws.com",
  "ecs.application-autoscaling.amazonaws.com",
  "elasticache.amazonaws.com",
  "elasticloadbalancing.amazonaws.com",
  "rds.amazonaws.com",
] as const;
