import { z } from "zod";
import { flag, logRetentionDays, matching, oneOf, section } from "./primitives";
import { TARGETS } from "../../components/target";

export const PRESET_NAMES = ["dev", "prod"] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

/** AWS tag keys and values: 128 and 256 characters, and no `aws:` prefix, which AWS reserves. */
const tags = z.record(
  matching(
    /^(?!aws:)[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u,
    "a tag key of 1 to 128 characters, not starting aws:",
  ),
  matching(/^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$/u, "a tag value of at most 256 characters"),
  { error: "a map of tag names to values" },
);

/** Stack secrets: names a service refers to; values set with `pulumi config set --secret --path secrets.<name>`. */
const secrets = z.record(
  matching(/^[A-Za-z][A-Za-z0-9_]*$/, "a secret name of letters, digits and '_'"),
  z.string({ error: "a secret string" }),
  { error: "a map of secret names to values" },
);

/** Settings that concern the whole platform rather than one layer. */
export const platformShape = {
  /** The provider switch. */
  target: oneOf(TARGETS),
  /** The defaults the stack starts from. */
  preset: oneOf(PRESET_NAMES),
  /** protect + retainOnDelete on every stateful resource (databases, caches, their keys, buckets of data). */
  protect: flag,
  /** Tags merged into every taggable resource, for cost allocation. */
  tags: tags.default({}),
  /** Values that must never be stored or shown in plain text. */
  secrets: secrets.default({}),
  /** Log retention for every log group the platform creates. */
  logs: section({
    /** Days CloudWatch keeps logs. */
    retentionDays: logRetentionDays,
  }),
};

/** Keys whose values are credentials: given in plain text they would sit unencrypted in the stack file. */
export const SECRET_KEYS = ["secrets", "kubeconfig"] as const;
