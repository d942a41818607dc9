import type * as aws from "../../components/shared/aws/sdk";
import type { Unwrap } from "@pulumi/pulumi";
import { asArray, known, parseJson, resourceRule } from "../rule";

type Cluster = Unwrap<aws.ecs.ClusterArgs>;
type Service = Unwrap<aws.ecs.ServiceArgs>;
type TaskDefinition = Unwrap<aws.ecs.TaskDefinitionArgs>;

/** The fields of an ECS container definition these rules read (containerDefinitions is a JSON string). */
interface ContainerDefinition {
  readonly name?: string;
  readonly privileged?: boolean;
  readonly readonlyRootFilesystem?: boolean;
}

/** The task's containers; reading the JSON string throws "unknown during preview" when it is computed. */
function containersOf(task: TaskDefinition): ContainerDefinition[] {
  return asArray(parseJson<ContainerDefinition[]>(task.containerDefinitions));
}

const label = (c: ContainerDefinition, i: number) => c.name ?? `#${i + 1}`;

export const ecsPolicies = [
  resourceRule<Cluster>(
    {
      id: "CKV_AWS_65",
      description: "ECS clusters have Container Insights on.",
      fix: 'Add settings: [{ name: "containerInsights", value: "enabled" }] (or "enhanced").',
    },
    ["aws:ecs/cluster:Cluster"],
    (cluster, _args, fail) => {
      const setting = asArray(known<Cluster["settings"]>(cluster, "settings")).find(
        (s) => s.name === "containerInsights",
      );
      if (!setting || !["enabled", "enhanced"].includes(setting.value)) fail("Container Insights is off.");
    },
  ),
  resourceRule<Service>(
    {
      id: "CKV_AWS_333",
      description:
        "ECS services get no public IP address; they sit in private subnets behind the load balancer.",
      fix: "Set networkConfiguration.assignPublicIp: false and use private subnets.",
    },
    ["aws:ecs/service:Service"],
    (service, _args, fail) => {
      if (known<Service["networkConfiguration"]>(service, "networkConfiguration")?.assignPublicIp === true) {
        fail("Tasks get a public IP address.");
      }
    },
  ),
  resourceRule<TaskDefinition>(
    {
      id: "CKV_AWS_334",
      description: "ECS containers are not privileged.",
      fix: "Remove privileged: true from the container definition.",
    },
    ["aws:ecs/taskDefinition:TaskDefinition"],
    (task, _args, fail) => {
      containersOf(task).forEach((c, i) => {
        if (c.privileged === true) fail(`Container ${label(c, i)} is privileged.`);
      });
    },
  ),
  resourceRule<TaskDefinition>(
    {
      id: "CKV_AWS_336",
      description: "ECS containers have a read-only root filesystem.",
      fix: "Set readonlyRootFilesystem: true in each container definition; mount a volume where the app writes.",
    },
    ["aws:ecs/taskDefinition:TaskDefinition"],
    (task, _args, fail) => {
      containersOf(task).forEach((c, i) => {
        if (c.readonlyRootFilesystem !== true)
          fail(`Container ${label(c, i)} can write its root filesystem.`);
      });
    },
  ),
  resourceRule<TaskDefinition>(
    {
      id: "CKV_AWS_249",
      description: "ECS tasks use separate roles to start (execution role) and to run (task role).",
      fix: "Give the task definition its own taskRoleArn, different from executionRoleArn.",
    },
    ["aws:ecs/taskDefinition:TaskDefinition"],
    (task, _args, fail) => {
      const execution = task.executionRoleArn;
      if (execution !== undefined && execution === task.taskRoleArn) {
        fail("The execution role is also the task role: the app could pull any image and read every secret.");
      }
    },
  ),
];
