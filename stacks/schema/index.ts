import { z } from "zod";
import { section } from "./primitives";
import { platformShape } from "./platform";
import { networkShape } from "./network";

/** The whole stack configuration after the preset is merged under the stack file: each layer adds its shape. */
export const stackSchema = section({
  ...platformShape,
  ...networkShape,
});

export type StackSettings = z.output<typeof stackSchema>;
