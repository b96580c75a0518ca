// Figure 7 of ParityBuild's benchmark: postgrator's own re-validation of an applied migration set, timed inside node.
//   node check.mjs apply <migrations folder>                 migrate the set once into an empty database
//   node check.mjs validate <migrations folder> <repetitions> migrate() to the max version again, which validates the
//                                                            md5 of every applied migration and runs nothing
// The connection comes from pg's own environment variables (PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE); nothing
// here prints them. One JSON object goes to stdout.
import { performance } from "node:perf_hooks";
import { createRequire } from "node:module";
import path from "node:path";
import pg from "pg";
import Postgrator from "postgrator";

// Everything before this line: node's start-up and loading pg and postgrator.
const startupMs = performance.now();
const require = createRequire(import.meta.url);
const [mode, folder, repetitionsText = "1"] = process.argv.slice(2);
if (!["apply", "validate"].includes(mode) || !folder) {
  console.error("usage: node check.mjs apply|validate <migrations folder> [repetitions]");
  process.exit(2);
}

// The way postgrator's README wires it: a pg client of one's own, connected before and ended after.
async function run(options) {
  const client = new pg.Client();
  const started = performance.now();
  await client.connect();
  const connected = performance.now();
  try {
    const postgrator = new Postgrator({
      migrationPattern: path.join(path.resolve(folder), "*"),
      driver: "pg",
      database: process.env.PGDATABASE,
      schemaTable: "schemaversion",
      execQuery: (query) => client.query(query),
      ...options,
    });
    let validated = 0;
    postgrator.on("validation-finished", () => validated++);
    const applied = await postgrator.migrate();
    const migrated = performance.now();
    return { connectMs: connected - started, migrateMs: migrated - connected, validated, applied: applied.length };
  } finally {
    await client.end();
  }
}

let result;
if (mode === "apply") {
  // postgrator creates schemaversion (ensureTable) and writes each row itself (persistActionSql, with its md5); the
  // script bodies are not executed, because re-validation reads only schemaversion and the generated scripts are not
  // meant to run (they reference tables no script creates).
  const started = performance.now();
  const run1 = await run({ execSqlScript: async () => {} });
  result = { ...run1, totalMs: performance.now() - started };
} else {
  const repetitions = Number(repetitionsText);
  // One warm-up run (JIT, page cache), as the .NET side has.
  const warmup = await run({});
  const runs = [];
  for (let i = 0; i < repetitions; i++) {
    const started = performance.now();
    const timed = await run({});
    runs.push({ ...timed, totalMs: performance.now() - started });
  }
  result = { warmup, runs };
}

console.log(JSON.stringify({
  node: process.version,
  postgrator: require("postgrator/package.json").version,
  pg: require("pg/package.json").version,
  startupMs,
  maxRssBytes: process.resourceUsage().maxRSS * 1024,
  ...result,
}));
