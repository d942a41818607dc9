import { asArray, known, resourceRule } from "../rule";
import { objectName } from "./pods";

export const DEFAULT_SERVICE_TYPES = ["ClusterIP"];

export const servicePolicies = [
  resourceRule(
    {
      id: "kube-score-service-type",
      description:
        "Services are ClusterIP: traffic enters through the ingress controller, not node ports or cloud load balancers.",
      fix: 'Use type ClusterIP behind an Ingress; if the stack really needs one, allow it in the pack\'s config: { "kube-score-service-type": { "allowedServices": ["<name>"] } }.',
      configSchema: {
        properties: {
          allowedTypes: { type: "array", items: { type: "string" }, default: DEFAULT_SERVICE_TYPES },
          allowedServices: { type: "array", items: { type: "string" }, default: [] },
        },
      },
    },
    ["kubernetes:core/v1:Service"],
    (service, args, fail) => {
      const config = args.getConfig<{ allowedTypes?: string[]; allowedServices?: string[] }>();
      const type = known<{ type?: string }>(service, "spec")?.type ?? "ClusterIP";
      const names = [args.name, objectName(service)];
      if (asArray(config.allowedServices).some((allowed) => names.includes(allowed))) return;
      if (!(config.allowedTypes ?? DEFAULT_SERVICE_TYPES).includes(type)) fail(`Service of type ${type}.`);
    },
  ),
];
