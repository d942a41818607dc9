/** The provider switch: every layer has one builder per target. */
export const TARGETS = ["aws", "kubernetes"] as const;
export type Target = (typeof TARGETS)[number];
