import * as path from "node:path";
import { listSiteFiles, siteDirProblem } from "../components/cdn/site-files";
import { hostname } from "./schema/cdn";
import type { ConfigProblem } from "./problems";

/** A ConfigMap holds at most 1 MiB; keep room for its metadata. */
export const CONFIGMAP_SITE_LIMIT_KIB = 900;

type Loose = Record<string, unknown>;

function record(value: unknown): Loose {
  // Stryker disable next-line ConditionalExpression: a string, number or boolean has none of the properties read from it
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Loose) : {};
}

/**
 * The CDN's rules that look beyond one setting: the site directory must exist with an index.html (and fit a
 * ConfigMap when kubernetes serves it from one), and the hosted zone must be the domain or a parent of it.
 */
export function cdnProblems(stack: Loose, projectDir = process.cwd()): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const cdn = record(stack.cdn);
  if (typeof cdn.siteDir === "string" && cdn.siteDir !== "") {
    const dir = path.resolve(projectDir, cdn.siteDir);
    const problem = siteDirProblem(dir);
    if (problem) {
      problems.push({
        setting: "cdn.siteDir",
        expected: "a directory of the built front end containing index.html",
        found: `${cdn.siteDir} (${problem})`,
      });
    } else if (stack.target === "kubernetes" && record(cdn.kubernetes).image === undefined) {
      const kib = Math.ceil(listSiteFiles(dir).reduce((sum, file) => sum + file.size, 0) / 1024);
      if (kib > CONFIGMAP_SITE_LIMIT_KIB) {
        problems.push({
          setting: "cdn.siteDir",
          expected: `at most ${CONFIGMAP_SITE_LIMIT_KIB} KiB of files to serve from a ConfigMap (or set cdn.kubernetes.image)`,
          found: `${kib} KiB`,
        });
      }
    }
  }
  const domain = hostname.safeParse(cdn.domain);
  const zone = hostname.safeParse(cdn.hostedZone);
  if (domain.success && zone.success && !isWithin(domain.data, zone.data)) {
    problems.push({
      setting: "cdn.hostedZone",
      expected: `the zone of cdn.domain ${domain.data}: that name or one of its parents`,
      found: zone.data,
    });
  }
  return problems;
}

function isWithin(name: string, zone: string): boolean {
  return name === zone || name.endsWith(`.${zone}`);
}
