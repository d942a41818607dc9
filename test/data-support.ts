import { mockGeneratedSecret } from "../tools/harness/mocks";
import { byType, type Graph, type GraphResource } from "./support/harness";

/** Every value the graph must never show: generated passwords and the stack secrets a test set. */
export function secretValues(graph: Graph, extra: readonly string[] = []): string[] {
  return [
    ...byType(graph, "random:index/randomPassword:RandomPassword").map((r) => mockGeneratedSecret(r.name)),
    ...extra,
  ];
}

/** Where in the recorded graph (any resource's inputs, the stack outputs) a secret value appears in clear. */
export function leaks(graph: Graph, secrets: readonly string[]): string[] {
  const places = graph.resources.map((r) => ({
    where: `${r.type} ${r.name}`,
    text: JSON.stringify(r.inputs),
  }));
  places.push({ where: "stack outputs", text: JSON.stringify(graph.outputs) });
  return places.flatMap(({ where, text }) =>
    secrets.filter((secret) => text.includes(secret)).map((secret) => `${secret} in ${where}`),
  );
}

export function inputsOf(resource: GraphResource): Record<string, any> {
  return resource.inputs as Record<string, any>;
}
