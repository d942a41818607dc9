import { strict as assert } from "node:assert";
import { resourceSchema, singular, snakeCase, terraformType, type Schema } from "../tools/export/aws-schema";
import { planResources, terraformPlan, PLAN_FORMAT_VERSION } from "../tools/export/terraform-plan";
import { mockGeneratedSecret } from "../tools/harness/mocks";
import { regionOf } from "../tools/harness/run";
import { runStack, stackFile, type Graph } from "./support/harness";
import { syntheticGraph } from "./support/policy";

/**
 * The Terraform type of every AWS resource type the stacks create, as the Terraform AWS provider's registry
 * documentation names them (registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/<name>).
 */
const TERRAFORM_TYPES: Readonly<Record<string, string>> = {
  "aws:kms/key:Key": "aws_kms_key",
  "aws:kms/alias:Alias": "aws_kms_alias",
  "aws:ec2/vpc:Vpc": "aws_vpc",
  "aws:ec2/subnet:Subnet": "aws_subnet",
  "aws:ec2/internetGateway:InternetGateway": "aws_internet_gateway",
  "aws:ec2/routeTable:RouteTable": "aws_route_table",
  "aws:ec2/route:Route": "aws_route",
  "aws:ec2/instance:Instance": "aws_instance",
  "aws:iam/instanceProfile:InstanceProfile": "aws_iam_instance_profile",
  "aws:scheduler/schedule:Schedule": "aws_scheduler_schedule",
  "aws:appautoscaling/scheduledAction:ScheduledAction": "aws_appautoscaling_scheduled_action",
  "aws:ec2/routeTableAssociation:RouteTableAssociation": "aws_route_table_association",
  "aws:ec2/eip:Eip": "aws_eip",
  "aws:ec2/natGateway:NatGateway": "aws_nat_gateway",
  "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": "aws_default_security_group",
  "aws:ec2/flowLog:FlowLog": "aws_flow_log",
  "aws:ec2/vpcEndpoint:VpcEndpoint": "aws_vpc_endpoint",
  "aws:ec2/securityGroup:SecurityGroup": "aws_security_group",
  "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": "aws_vpc_security_group_ingress_rule",
  "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": "aws_vpc_security_group_egress_rule",
  "aws:cloudwatch/logGroup:LogGroup": "aws_cloudwatch_log_group",
  "aws:cloudwatch/metricAlarm:MetricAlarm": "aws_cloudwatch_metric_alarm",
  "aws:cloudwatch/dashboard:Dashboard": "aws_cloudwatch_dashboard",
  "aws:iam/role:Role": "aws_iam_role",
  "aws:iam/rolePolicy:RolePolicy": "aws_iam_role_policy",
  "aws:iam/rolePolicyAttachment:RolePolicyAttachment": "aws_iam_role_policy_attachment",
  "aws:backup/vault:Vault": "aws_backup_vault",
  "aws:backup/plan:Plan": "aws_backup_plan",
  "aws:backup/selection:Selection": "aws_backup_selection",
  "aws:rds/subnetGroup:SubnetGroup": "aws_db_subnet_group",
  "aws:rds/clusterParameterGroup:ClusterParameterGroup": "aws_rds_cluster_parameter_group",
  "aws:rds/cluster:Cluster": "aws_rds_cluster",
  "aws:rds/clusterInstance:ClusterInstance": "aws_rds_cluster_instance",
  "aws:elasticache/subnetGroup:SubnetGroup": "aws_elasticache_subnet_group",
  "aws:elasticache/replicationGroup:ReplicationGroup": "aws_elasticache_replication_group",
  "aws:secretsmanager/secret:Secret": "aws_secretsmanager_secret",
  "aws:secretsmanager/secretVersion:SecretVersion": "aws_secretsmanager_secret_version",
  "aws:ecs/cluster:Cluster": "aws_ecs_cluster",
  "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders": "aws_ecs_cluster_capacity_providers",
  "aws:ecs/taskDefinition:TaskDefinition": "aws_ecs_task_definition",
  "aws:ecs/service:Service": "aws_ecs_service",
  "aws:s3/bucket:Bucket": "aws_s3_bucket",
  "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": "aws_s3_bucket_public_access_block",
  "aws:s3/bucketOwnershipControls:BucketOwnershipControls": "aws_s3_bucket_ownership_controls",
  "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration":
    "aws_s3_bucket_server_side_encryption_configuration",
  "aws:s3/bucketVersioning:BucketVersioning": "aws_s3_bucket_versioning",
  "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": "aws_s3_bucket_lifecycle_configuration",
  "aws:s3/bucketPolicy:BucketPolicy": "aws_s3_bucket_policy",
  "aws:s3/bucketObjectv2:BucketObjectv2": "aws_s3_object",
  "aws:lb/loadBalancer:LoadBalancer": "aws_lb",
  "aws:lb/listener:Listener": "aws_lb_listener",
  "aws:lb/targetGroup:TargetGroup": "aws_lb_target_group",
  "aws:lb/listenerRule:ListenerRule": "aws_lb_listener_rule",
  "aws:acm/certificate:Certificate": "aws_acm_certificate",
  "aws:acm/certificateValidation:CertificateValidation": "aws_acm_certificate_validation",
  "aws:route53/record:Record": "aws_route53_record",
  "aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace":
    "aws_service_discovery_private_dns_namespace",
  "aws:servicediscovery/service:Service": "aws_service_discovery_service",
  "aws:appautoscaling/target:Target": "aws_appautoscaling_target",
  "aws:appautoscaling/policy:Policy": "aws_appautoscaling_policy",
  "aws:wafv2/webAcl:WebAcl": "aws_wafv2_web_acl",
  "aws:cloudfront/originAccessControl:OriginAccessControl": "aws_cloudfront_origin_access_control",
  "aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy": "aws_cloudfront_response_headers_policy",
  "aws:cloudfront/function:Function": "aws_cloudfront_function",
  "aws:cloudfront/distribution:Distribution": "aws_cloudfront_distribution",
  "aws:cloudfront/vpcOrigin:VpcOrigin": "aws_cloudfront_vpc_origin",
  "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration":
    "aws_wafv2_web_acl_logging_configuration",
  "aws:sns/topic:Topic": "aws_sns_topic",
  "aws:sns/topicSubscription:TopicSubscription": "aws_sns_topic_subscription",
};

/**
 * Nested blocks and attributes as the Terraform AWS provider names them (its registry documentation), for the
 * inputs whose names the bridge changed: plural block lists, one-element blocks, names with digits.
 */
const TERRAFORM_PATHS: Readonly<Record<string, string[]>> = {
  aws_ecs_service: [
    "network_configuration[].security_groups",
    "network_configuration[].assign_public_ip",
    "load_balancer[].target_group_arn",
    "capacity_provider_strategy[].capacity_provider",
    "deployment_circuit_breaker[].rollback",
  ],
  aws_ecs_task_definition: [
    "container_definitions",
    "requires_compatibilities",
    "runtime_platform[].cpu_architecture",
  ],
  aws_ecs_cluster: ["setting[].name"],
  aws_lb: ["access_logs[].enabled", "drop_invalid_header_fields", "security_groups", "subnets"],
  // The one listener of the internal load balancer answers 404 to anything no rule routes: HTTP in dev, HTTPS on
  // the domain's certificate in prod (nothing to redirect: only CloudFront's VPC origin reaches it).
  aws_lb_listener: [
    "default_action[].fixed_response[].status_code",
    "default_action[].type",
    "certificate_arn",
    "ssl_policy",
  ],
  aws_lb_listener_rule: ["condition[].path_pattern[].values", "action[].type"],
  aws_lb_target_group: ["health_check[].matcher"],
  aws_cloudfront_distribution: [
    "origin[].domain_name",
    "origin[].origin_access_control_id",
    "default_cache_behavior[].viewer_protocol_policy",
    "default_cache_behavior[].function_association[].event_type",
    "ordered_cache_behavior[].path_pattern",
    "viewer_certificate[].minimum_protocol_version",
    "restrictions[].geo_restriction[].restriction_type",
    "logging_config[].bucket",
    "is_ipv6_enabled",
    "web_acl_id",
  ],
  aws_cloudfront_response_headers_policy: [
    "security_headers_config[].strict_transport_security[].access_control_max_age_sec",
  ],
  // One-element list blocks, the endpoint's ARN unknown until the load balancer exists; `timeouts` is the
  // Plugin Framework's single nested block, an object.
  aws_cloudfront_vpc_origin: [
    "vpc_origin_endpoint_config[].arn",
    "vpc_origin_endpoint_config[].http_port",
    "vpc_origin_endpoint_config[].https_port",
    "vpc_origin_endpoint_config[].origin_protocol_policy",
    "vpc_origin_endpoint_config[].origin_ssl_protocols[].items",
    "vpc_origin_endpoint_config[].origin_ssl_protocols[].quantity",
    "timeouts.create",
  ],
  // `redacted_fields` is plural in Terraform too, one block a redacted part.
  aws_wafv2_web_acl_logging_configuration: [
    "log_destination_configs",
    "resource_arn",
    "redacted_fields[].single_header[].name",
  ],
  aws_wafv2_web_acl: [
    "default_action[].allow",
    "rule[].override_action[].none",
    "rule[].statement[].managed_rule_group_statement[].vendor_name",
    "rule[].visibility_config[].metric_name",
  ],
  aws_s3_bucket_server_side_encryption_configuration: [
    "rule[].apply_server_side_encryption_by_default[].sse_algorithm",
  ],
  aws_s3_bucket_versioning: ["versioning_configuration[].status"],
  aws_s3_bucket_lifecycle_configuration: [
    "rule[].expiration[].days",
    "rule[].abort_incomplete_multipart_upload[].days_after_initiation",
  ],
  aws_s3_bucket_ownership_controls: ["rule[].object_ownership"],
  aws_rds_cluster: [
    "enabled_cloudwatch_logs_exports",
    "iam_database_authentication_enabled",
    "storage_encrypted",
  ],
  aws_rds_cluster_parameter_group: ["parameter[].name"],
  aws_elasticache_replication_group: ["log_delivery_configuration[].log_type", "transit_encryption_enabled"],
  aws_backup_plan: ["rule[].lifecycle[].delete_after", "rule[].copy_action[].lifecycle[].delete_after"],
  aws_service_discovery_service: ["dns_config[].dns_records[].type"],
  aws_route53_record: ["alias[].evaluate_target_health"],
  aws_appautoscaling_policy: [
    "target_tracking_scaling_policy_configuration[].predefined_metric_specification[].predefined_metric_type",
  ],
  aws_cloudwatch_metric_alarm: ["metric_query[].metric[].metric_name", "alarm_actions"],
  aws_s3_object: ["source", "content_type"],
};

type Plan = {
  format_version: string;
  planned_values: { root_module: { resources: PlannedResource[] } };
  resource_changes: {
    address: string;
    change: { actions: string[]; after: Record<string, unknown>; after_unknown: Record<string, unknown> };
  }[];
  configuration: {
    provider_config: Record<string, unknown>;
    root_module: { resources: { address: string; expressions: Record<string, unknown> }[] };
  };
};
type PlannedResource = {
  address: string;
  type: string;
  name: string;
  values: Record<string, unknown>;
  sensitive_values: Record<string, unknown>;
};

/** Every attribute path of a value, one-element and block lists as `[]`. */
function pathsOf(value: unknown, prefix = "", into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) {
    for (const item of value) if (item && typeof item === "object") pathsOf(item, `${prefix}[]`, into);
  } else if (value && typeof value === "object") {
    for (const [key, inner] of Object.entries(value)) {
      const path = prefix ? `${prefix}.${key}` : key;
      into.add(path);
      pathsOf(inner, path, into);
    }
  }
  return into;
}

/** An input the schema does not know, found anywhere in the resource's inputs: a gap in the mapping. */
function unknownInputs(inputs: Record<string, unknown>, schema: Schema, where: string): string[] {
  return Object.entries(inputs).flatMap(([key, value]) => {
    const field = schema.fields.get(key);
    if (!field) return [`${where}.${key}`];
    if (field.kind !== "block" && field.kind !== "blocks" && field.kind !== "object") return [];
    const items = (Array.isArray(value) ? value : [value]) as Record<string, unknown>[];
    return items.flatMap((item) => unknownInputs(item ?? {}, field.schema, `${where}.${key}`));
  });
}

describe("export: Terraform plan JSON", function () {
  this.timeout(120_000);
  const graphs: Record<string, Graph> = {};
  const plans: Record<string, Plan> = {};

  before(async () => {
    for (const stack of ["dev", "prod"]) {
      graphs[stack] = await runStack(stack, { target: "aws" });
      plans[stack] = terraformPlan(graphs[stack], regionOf(stackFile(stack))) as unknown as Plan;
    }
  });

  const awsTypes = () =>
    [...new Set(Object.values(graphs).flatMap((g) => g.resources.filter((r) => r.custom).map((r) => r.type)))]
      .filter((t) => t.startsWith("aws:"))
      .sort();

  it("maps every AWS resource type the stacks use to its Terraform type", () => {
    const missing = awsTypes().filter((t) => !(t in TERRAFORM_TYPES));
    assert.deepEqual(missing, [], "a new resource type: add its Terraform name to TERRAFORM_TYPES");
    for (const type of awsTypes()) assert.equal(terraformType(type), TERRAFORM_TYPES[type], type);
  });

  it("knows every input the stacks set, nested blocks included, from @pulumi/aws's type definitions", () => {
    for (const graph of Object.values(graphs)) {
      for (const r of graph.resources.filter((r) => r.custom && r.type.startsWith("aws:"))) {
        assert.deepEqual(unknownInputs(r.inputs, resourceSchema(r.type), r.name), [], r.type);
      }
    }
  });

  it("names blocks and attributes as Terraform does (one-element blocks as lists, block lists singular)", () => {
    const paths = new Map<string, Set<string>>();
    for (const plan of Object.values(plans)) {
      // A known value is in `values`, an unknown one in `after_unknown`: the names are the same.
      const unknown = new Map(plan.resource_changes.map((c) => [c.address, c.change.after_unknown]));
      for (const r of plan.planned_values.root_module.resources) {
        paths.set(r.type, pathsOf(r.values, "", paths.get(r.type)));
        pathsOf(unknown.get(r.address), "", paths.get(r.type));
      }
    }
    for (const [type, expected] of Object.entries(TERRAFORM_PATHS)) {
      const found = paths.get(type) ?? new Set();
      assert.deepEqual(
        expected.filter((p) => !found.has(p)),
        [],
        `${type} lacks these paths; it has ${[...found].join(", ")}`,
      );
    }
    // The map of tags keeps its keys as they are: they are data, not attribute names.
    const vpc = plans.prod.planned_values.root_module.resources.find((r) => r.type === "aws_vpc");
    assert.equal((vpc?.values.tags as Record<string, string>).ManagedBy, "pulumi");
  });

  it("reads the bridge's names back: camelCase to snake_case, plurals to singular, deprecation notes", () => {
    assert.equal(snakeCase("ipv6CidrBlock"), "ipv6_cidr_block");
    assert.equal(singular("metricQueries"), "metricQuery");
    assert.equal(singular("aliases"), "alias");
    assert.equal(singular("ingress"), "ingress");
    assert.equal(singular("defaultActions"), "defaultAction");
    // aws.s3.Bucket's `corsRules` input is deprecated with a note that names the Terraform attribute.
    const field = resourceSchema("aws:s3/bucket:Bucket").fields.get("corsRules");
    assert.equal(field?.tf, "cors_rule");
    assert.equal(resourceSchema("aws:ecs/service:Service").fields.get("networkConfiguration")?.kind, "block");
  });

  it("has the shape `terraform show -json` prints: planned values, creates, configuration", () => {
    const plan = plans.prod;
    assert.equal(plan.format_version, PLAN_FORMAT_VERSION);
    const planned = plan.planned_values.root_module.resources;
    const custom = graphs.prod.resources.filter((r) => r.custom && r.type.startsWith("aws:"));
    assert.equal(planned.length, custom.length);
    assert.equal(new Set(planned.map((r) => r.address)).size, planned.length, "addresses are unique");
    for (const r of planned) assert.equal(r.address, `${r.type}.${r.name}`);
    assert.deepEqual(
      plan.resource_changes.map((c) => c.address),
      planned.map((r) => r.address),
    );
    for (const change of plan.resource_changes) {
      assert.deepEqual(change.change.actions, ["create"]);
      assert.equal(change.change.after_unknown.id, true, `${change.address}: the id is unknown until apply`);
    }
    assert.deepEqual(
      plan.configuration.root_module.resources.map((r) => r.address),
      planned.map((r) => r.address),
    );
    // CloudFront's certificate lives in us-east-1: its provider is in the configuration.
    const regions = Object.values(plan.configuration.provider_config).map(
      (p) =>
        (p as { expressions: { region?: { constant_value: string } } }).expressions.region?.constant_value,
    );
    assert.ok(regions.includes("us-east-1"), JSON.stringify(plan.configuration.provider_config));
  });

  it("leaves values read from other resources unknown, and says where they come from in `references`", () => {
    const plan = plans.prod;
    const planned = new Map(plan.planned_values.root_module.resources.map((r) => [r.address, r]));
    const change = new Map(plan.resource_changes.map((c) => [c.address, c.change]));
    const config = new Map(plan.configuration.root_module.resources.map((r) => [r.address, r.expressions]));
    const block = [...planned.values()].find((r) => r.type === "aws_s3_bucket_public_access_block");
    assert.ok(block);
    assert.equal(block.values.bucket, undefined);
    assert.equal(change.get(block.address)?.after_unknown.bucket, true);
    const reference = (config.get(block.address)?.bucket as { references: string[] }).references;
    assert.match(reference[0], /^aws_s3_bucket\.[\w-]+\.id$/);
    assert.ok(planned.has(reference[1]), `${reference[1]} is a resource of the plan`);
    // A log group's key: the connection Checkov's CKV_AWS_158 follows.
    const logGroup = [...planned.values()].find((r) => r.type === "aws_cloudwatch_log_group");
    const key = (config.get(logGroup?.address ?? "")?.kms_key_id as { references: string[] }).references;
    assert.match(key[0], /^aws_kms_key\.[\w-]+\.arn$/);
    // A list of references: one null element per unknown, every reference in one expression.
    const cluster = [...planned.values()].find((r) => r.type === "aws_rds_cluster");
    const ids = cluster?.values.vpc_security_group_ids as unknown[];
    assert.ok(ids.length > 0 && ids.every((v) => v === null), JSON.stringify(ids));
    const groups = (config.get(cluster?.address ?? "")?.vpc_security_group_ids as { references: string[] })
      .references;
    assert.deepEqual(
      groups.filter((g) => g.endsWith(".id")).map((g) => g.split(".")[0]),
      ids.map(() => "aws_security_group"),
    );
    // A value the program wrote itself stays a constant.
    assert.deepEqual(config.get(cluster?.address ?? "")?.engine, { constant_value: "aurora-postgresql" });
  });

  it("keeps secrets redacted and marks them sensitive", () => {
    const text = JSON.stringify(plans.prod);
    assert.ok(!text.includes(mockGeneratedSecret("database-password")));
    const group = plans.prod.planned_values.root_module.resources.find(
      (r) => r.type === "aws_elasticache_replication_group",
    );
    assert.equal(group?.values.auth_token, "[secret]");
    assert.equal(group?.sensitive_values.auth_token, true);
  });

  it("leaves out what is not an AWS resource: providers, components, random passwords", () => {
    const graph = syntheticGraph("dev", [
      { type: "pulumi:providers:aws", name: "east", inputs: { region: "us-east-1" } },
      { type: "random:index/randomPassword:RandomPassword", name: "pw", inputs: { length: 32 } },
      { type: "aws:sns/topic:Topic", name: "alerts", inputs: { name: "alerts" } },
    ]);
    assert.deepEqual(
      [...planResources(graph).values()].map((r) => r.address),
      ["aws_sns_topic.alerts"],
    );
  });

  it("makes names Terraform accepts, unique per type", () => {
    const graph = syntheticGraph("dev", [
      { type: "aws:sns/topic:Topic", name: "1st.topic", inputs: {} },
      { type: "aws:sns/topic:Topic", name: "1st/topic", inputs: {} },
    ]);
    assert.deepEqual(
      [...planResources(graph).values()].map((r) => r.address),
      ["aws_sns_topic._1st_topic", "aws_sns_topic._1st_topic_2"],
    );
  });
});
