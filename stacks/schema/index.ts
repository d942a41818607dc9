import { z } from "zod";
import { section } from "./primitives";
import { platformShape } from "./platform";
import { networkShape } from "./network";
import { databaseShape } from "./database";
import { cacheShape } from "./cache";
import { computeShape } from "./compute";
import { cdnShape } from "./cdn";
import { observabilityShape } from "./observability";
import { costShape } from "./cost";

/** The whole stack configuration after the preset is merged under the stack file: each layer adds its shape. */
export const stackSchema = section({
  ...platformShape,
  ...networkShape,
  ...databaseShape,
  ...cacheShape,
  ...computeShape,
  ...cdnShape,
  ...observabilityShape,
  ...costShape,
});

export type StackSettings = z.output<typeof stackSchema>;
