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

/** The recorded inputs are plain JSON; tests walk them by path and assert on what they find. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

export function inputsOf(resource: GraphResource): Json {
  return resource.inputs as Json;
}
