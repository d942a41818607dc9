import { strict as assert } from "node:assert";
import { createHash } from "node:crypto";
import { Naming } from "../../components/naming";

const sha7 = (text: string) => createHash("sha256").update(text).digest("hex").slice(0, 7);

describe("naming: physical names, tags and labels, input by input", () => {
  it("turns every character outside a-z, 0-9 and '-' into one hyphen, lower-casing letters first", () => {
    const naming = new Naming("Strata", "Prod");
    assert.equal(naming.physicalName("Web_API.v2"), "strata-prod-web-api-v2");
    assert.equal(naming.physicalName("a b/c:d"), "strata-prod-a-b-c-d");
  });

  it("collapses every run of hyphens, of two or more, to one and drops a hyphen at either end", () => {
    const naming = new Naming("strata", "dev");
    assert.equal(naming.physicalName("a--b"), "strata-dev-a-b");
    assert.equal(naming.physicalName("a---__b"), "strata-dev-a-b");
    assert.equal(naming.physicalName("db-"), "strata-dev-db");
    assert.equal(naming.physicalName("db-_-"), "strata-dev-db");
    assert.equal(naming.physicalName("db"), "strata-dev-db");
    // A project named as Pulumi allows, starting with '_', starts no name with a hyphen.
    assert.equal(new Naming("_strata", "dev").physicalName("db"), "strata-dev-db");
  });

  it("keeps a name exactly at the limit whole and cuts one a character over, ending in its hash", () => {
    const naming = new Naming("strata", "dev");
    // "strata-dev-" is 11 characters.
    const at = naming.physicalName("x".repeat(52));
    assert.equal(at, `strata-dev-${"x".repeat(52)}`);
    assert.equal(at.length, 63);
    const full = `strata-dev-${"x".repeat(53)}`;
    const over = naming.physicalName("x".repeat(53));
    assert.equal(over, `${full.slice(0, 55)}-${sha7(full)}`);
    assert.equal(over.length, 63);
  });

  it("honours a shorter limit exactly, and cuts a hyphen that ends the kept start", () => {
    const naming = new Naming("strata", "dev");
    assert.equal(naming.physicalName("abcdefghi", 20), "strata-dev-abcdefghi");
    // Cut names keep limit - 8 characters of their start, then a hyphen and seven hex digits of the hash.
    const full = "strata-dev-abcdefghij";
    assert.equal(naming.physicalName("abcdefghij", 20), `strata-dev-a-${sha7(full)}`);
    const long = "strata-dev-db-abcdefghij";
    assert.equal(naming.physicalName("db-abcdefghij", 21), `strata-dev-db-${sha7(long)}`);
    // A kept start that ends in a hyphen loses it, so the hash follows one hyphen, not two.
    assert.equal(naming.physicalName("db-abcdefghij", 22), `strata-dev-db-${sha7(long)}`);
    assert.equal(naming.physicalName("db-abcdefghij", 19), `strata-dev-${sha7(long)}`);
  });

  it("tags with Strata's four tags when neither the stack nor the child adds any", () => {
    assert.deepEqual(new Naming("strata", "dev").tags("cache"), {
      Project: "strata",
      Stack: "dev",
      Layer: "cache",
      ManagedBy: "pulumi",
    });
  });

  it("labels Kubernetes objects with the five recommended labels", () => {
    assert.deepEqual(new Naming("strata", "prod").labels("compute", "api"), {
      "app.kubernetes.io/name": "api",
      "app.kubernetes.io/instance": "strata-prod",
      "app.kubernetes.io/component": "compute",
      "app.kubernetes.io/part-of": "strata",
      "app.kubernetes.io/managed-by": "pulumi",
    });
  });
});
