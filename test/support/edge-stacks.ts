import { runStack, type Graph } from "./harness";

/**
 * The graphs the edge and observability tests share, one run per stack and target. dev runs as shipped; prod
 * adds what a real prod stack sets and the shipped file cannot know: a domain and who gets the alerts.
 */
export const PROD_ADDITIONS = {
  cdn: { domain: "www.example.org" },
  observability: { alertEmails: ["ops@example.org", "oncall@example.org"] },
};

const cache = new Map<string, Promise<Graph>>();

export function edgeGraph(
  stack: "dev" | "prod",
  target: "aws" | "kubernetes",
  extra: Record<string, unknown> = {},
): Promise<Graph> {
  const key = `${stack}/${target}/${JSON.stringify(extra)}`;
  if (!cache.has(key)) {
    const override = stack === "prod" ? { ...PROD_ADDITIONS, ...extra } : extra;
    cache.set(key, runStack(stack, { target, override }));
  }
  return cache.get(key)!;
}
