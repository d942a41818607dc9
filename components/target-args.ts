import type { Target } from "./target";

/** A component's settings for the target it builds; missing ones are a wiring bug, not a user's mistake. */
export function requireTargetArgs<Settings>(
  settings: Settings | undefined,
  target: Target,
  component: string,
): Settings {
  if (settings === undefined) {
    throw new Error(`${component}: target is ${target} but no \`${target}\` args were given`);
  }
  return settings;
}
