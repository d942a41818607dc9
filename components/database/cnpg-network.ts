import type * as pulumi from "@pulumi/pulumi";
import type { CnpgDatabaseArgs } from "./cnpg";
import { DATABASE_CLIENT_LABELS } from "./client-labels";
import { allowIngress } from "../network/allow";
import { allowEgress, objectStoreDestination, type EgressDestination } from "../network/egress";
import { POSTGRES_PORT, STATUS_PORT } from "./cnpg-names";

/**
 * The paths a CloudNativePG Cluster needs through the namespace's default-deny (CloudNativePG 1.29,
 * "Networking" and "Security: Exposed Ports"): the services to PostgreSQL; the operator's namespace to the
 * instance manager's status port and PostgreSQL; the instances to each other (streaming replication, status);
 * and out: the object store (WAL archive, base backups, through the plugin's sidecar) and the API server.
 */
export function createCnpgPolicies(
  name: string,
  spec: {
    readonly clusterName: string;
    readonly args: CnpgDatabaseArgs;
    readonly labels: Record<string, string>;
  },
  parent: pulumi.Resource,
): void {
  const { args, labels } = spec;
  const instances = { "cnpg.io/cluster": spec.clusterName };
  const base = { namespace: args.namespace, to: instances, labels };
  allowIngress(
    `${name}-allow-clients`,
    { ...base, from: [{ pods: DATABASE_CLIENT_LABELS }], ports: [POSTGRES_PORT] },
    { parent },
  );
  allowIngress(
    `${name}-allow-operator`,
    {
      ...base,
      from: [{ namespace: args.cloudnativePg.operatorNamespace }],
      ports: [STATUS_PORT, POSTGRES_PORT],
    },
    { parent },
  );
  allowIngress(
    `${name}-allow-peers`,
    { ...base, from: [{ pods: instances }], ports: [POSTGRES_PORT, STATUS_PORT] },
    { parent },
  );
  allowEgress(
    `${name}-egress`,
    { namespace: args.namespace, from: instances, to: cnpgEgress(spec.clusterName, args), labels },
    { parent },
  );
}

/** Exactly what the instances may reach besides DNS. */
export function cnpgEgress(clusterName: string, args: CnpgDatabaseArgs): EgressDestination[] {
  const api = args.cloudnativePg.apiServer!;
  return [
    { to: [{ pods: { "cnpg.io/cluster": clusterName } }], ports: [POSTGRES_PORT, STATUS_PORT] },
    { to: [{ cidrs: api.cidrs }], ports: [api.port] },
    objectStoreDestination(args.backup.s3!.egress),
  ];
}
