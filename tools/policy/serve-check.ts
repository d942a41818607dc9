/**
 * Starts the policy pack exactly as `pulumi preview --policy-pack policy` does (the CLI's `pulumi-analyzer-policy`
 * runs @pulumi/pulumi/cmd/run-policy-pack from the pack's folder, which registers ts-node with type checking and
 * loads policy/index.ts), then talks to it over the analyzer gRPC protocol: lists its policies and analyzes one
 * resource. Proves the pack loads and answers without the Pulumi CLI (about 45 s: ts-node type-checks the pack).
 * Usage: node -r ts-node/register/transpile-only tools/policy/serve-check.ts
 */
import { spawn } from "node:child_process";
import path from "node:path";
import * as grpc from "@grpc/grpc-js";
import { PROJECT_DIR } from "../harness/stack-file";

/* eslint-disable @typescript-eslint/no-require-imports */
const analyzerRpc = require("@pulumi/pulumi/proto/analyzer_grpc_pb");
const analyzerProto = require("@pulumi/pulumi/proto/analyzer_pb");
const { Empty } = require("google-protobuf/google/protobuf/empty_pb");
const { Struct } = require("google-protobuf/google/protobuf/struct_pb");
/* eslint-enable @typescript-eslint/no-require-imports */

const PACK_DIR = path.join(PROJECT_DIR, "policy");

function call<T>(client: grpc.Client, method: string, request: unknown): Promise<T> {
  return new Promise((resolve, reject) =>
    (client as unknown as Record<string, (r: unknown, cb: (e: Error | null, v: T) => void) => void>)[method](
      request,
      (error, value) => (error ? reject(error) : resolve(value)),
    ),
  );
}

async function main(): Promise<number> {
  const runner = require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [PACK_DIR] });
  const pack = spawn(process.execPath, [runner, "127.0.0.1:0", "."], { cwd: PACK_DIR });
  let stderr = "";
  pack.stderr.on("data", (chunk) => (stderr += chunk));
  try {
    const port = await new Promise<string>((resolve, reject) => {
      pack.stdout.once("data", (chunk: Buffer) => resolve(chunk.toString().trim()));
      pack.once("exit", (code) => reject(new Error(`the pack exited with ${code}:\n${stderr}`)));
    });
    const client = new analyzerRpc.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    const info = await call<{ getName(): string; getPoliciesList(): { getName(): string }[] }>(
      client,
      "getAnalyzerInfo",
      new Empty(),
    );
    console.log(`pack ${info.getName()} serves ${info.getPoliciesList().length} policies`);

    const request = new analyzerProto.AnalyzeRequest();
    request.setType("aws:cloudwatch/logGroup:LogGroup");
    request.setName("app-logs");
    request.setUrn("urn:pulumi:dev::strata::aws:cloudwatch/logGroup:LogGroup::app-logs");
    request.setProperties(Struct.fromJavaScript({ retentionInDays: 7 }));
    request.setOptions(new analyzerProto.AnalyzerResourceOptions());
    const response = await call<{
      getDiagnosticsList(): { getPolicyname(): string; getMessage(): string }[];
    }>(client, "analyze", request);
    const names = response.getDiagnosticsList().map((d) => d.getPolicyname());
    console.log(`a log group without a KMS key: ${names.join(", ") || "no violation"}`);
    client.close();
    return names.includes("CKV_AWS_158") ? 0 : 1;
  } finally {
    pack.kill();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
