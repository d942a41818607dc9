import type { ConfigProblem } from "./problems";

/** A service uses a backing layer the stack does not have: reported by the config check and by Compute. */
export function missingLayerProblem(layer: string, index: number, service: string): ConfigProblem {
  return {
    setting: layer,
    expected: `a ${layer} section, because services[${index}] (${service}) uses the ${layer}`,
    found: "nothing",
  };
}
