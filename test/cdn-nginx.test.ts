import { strict as assert } from "node:assert";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { nginxServerConf, NGINX_PORT, NGINX_ROOT } from "../components/cdn/nginx-conf";
import { securityHeaderPairs } from "../components/cdn/headers";
import { listSiteFiles } from "../components/cdn/site-files";

const hasNginx = !spawnSync("nginx", ["-v"]).error;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

async function waitForHealth(base: string): Promise<void> {
  for (let attempt = 0; attempt < 50; attempt++) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("nginx did not start");
}

/**
 * The generated server block run by a real nginx, when the machine has one (CI without it skips): it must
 * send exactly the headers CloudFront sends, and fall back to the app as CloudFront's function does.
 */
describe("the kubernetes front end's nginx config, served by nginx", function () {
  let dir: string;
  let nginx: ChildProcess | undefined;
  let base: string;
  let files: ReturnType<typeof listSiteFiles>;

  before(async function () {
    if (!hasNginx) this.skip();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "strata-nginx-"));
    const html = path.join(dir, "html");
    fs.cpSync(path.resolve("frontend"), html, { recursive: true });
    // Names of other bundlers' layouts, beside the example's own.
    fs.writeFileSync(path.join(html, "assets", "index-BZ1x3kQf.js"), "export {};");
    fs.mkdirSync(path.join(html, "js"));
    fs.writeFileSync(path.join(html, "js", "main-3f9c2a1b5d7e.js"), "export {};");
    fs.writeFileSync(path.join(html, "js", "legacy.js"), "export {};");
    fs.writeFileSync(path.join(html, "robots.txt"), "User-agent: *");
    files = listSiteFiles(html);
    const port = await freePort();
    const server = nginxServerConf(true)
      .replace(`listen ${NGINX_PORT};`, `listen 127.0.0.1:${port};`)
      .replace(`root ${NGINX_ROOT};`, `root ${path.join(dir, "html")};`);
    fs.writeFileSync(path.join(dir, "server.conf"), server);
    const temp = ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"]
      .map((kind) => `${kind}_temp_path ${dir};`)
      .join(" ");
    fs.writeFileSync(
      path.join(dir, "nginx.conf"),
      `pid ${dir}/nginx.pid; error_log ${dir}/error.log; events {} http { access_log off; ${temp} include ${dir}/server.conf; }`,
    );
    nginx = spawn("nginx", ["-c", path.join(dir, "nginx.conf"), "-g", "daemon off;"], { stdio: "ignore" });
    base = `http://127.0.0.1:${port}`;
    await waitForHealth(base);
  });

  after(() => {
    nginx?.kill();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("serves each file with the uploads' content type and cache header, and the security headers", async () => {
    assert.equal(files.length, 8);
    for (const file of files) {
      const response = await fetch(`${base}/${file.key}`);
      assert.equal(response.status, 200, file.key);
      assert.equal(response.headers.get("content-type"), file.contentType, file.key);
      assert.equal(response.headers.get("cache-control"), file.cacheControl, file.key);
      for (const [name, value] of securityHeaderPairs()) {
        assert.equal(response.headers.get(name), value, `${name} of ${file.key}`);
      }
    }
  });

  it("answers client-side routes with index.html, uncached, and missing files with 404", async () => {
    for (const route of ["/", "/accounts/42", "/settings/"]) {
      const response = await fetch(`${base}${route}`);
      assert.equal(response.status, 200, route);
      assert.equal(response.headers.get("cache-control"), "no-cache", route);
      assert.match(await response.text(), /<title>Strata<\/title>/);
    }
    assert.equal((await fetch(`${base}/assets/missing.0123abcd.js`)).status, 404);
    assert.equal((await fetch(`${base}/humans.txt`)).status, 404);
  });
});
