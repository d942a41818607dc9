/**
 * The escape hatch of every component (after SST's `transform`): a callback that may edit or replace the
 * args of one kind of child just before it is created, for the settings Strata's neutral surface lacks.
 */
export type Transform<Args> = (args: Args, name: string) => Args | void;

export function transformed<Args>(args: Args, name: string, transform?: Transform<Args>): Args {
  if (!transform) return args;
  return transform(args, name) ?? args;
}
