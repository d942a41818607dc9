import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { PROJECT_DIR } from "../tools/harness/stack-file";
import { readTsconfig } from "../tools/check/typecheck";

/** The files the type check reads as the project's own: tsconfig.json's, as the compiler lists them. */
function projectFiles(): string[] {
  const { config, errors } = readTsconfig(join(PROJECT_DIR, "tsconfig.json"));
  assert.deepEqual(errors, []);
  return config?.fileNames ?? [];
}

/**
 * The package indexes of @pulumi/aws and @pulumi/awsx make the type check and the typed lint read every
 * declaration of both (4,990 files where Strata needs 2,299): code imports components/shared/aws/sdk.ts instead.
 */
describe("imports of the AWS SDKs", () => {
  it("go through components/shared/aws/sdk.ts, never the package indexes", () => {
    const files = projectFiles();
    assert.ok(files.length > 100, `${files.length} files`);
    const offenders = files.filter((file) =>
      /from "@pulumi\/(aws|awsx|awsx\/ecr)"/.test(readFileSync(file, "utf8")),
    );
    assert.deepEqual(
      offenders.map((file) => relative(PROJECT_DIR, file)),
      [],
    );
  });
});
