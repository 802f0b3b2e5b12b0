#!/usr/bin/env node
// Lint Cypher statements against Neo4j's own grammar and semantic analysis,
// using @neo4j-cypher/language-support (pinned in package.json).
//
// stdin:  JSON array of {"name": string, "query": string}
// stdout: JSON array of {"name": string, "diagnostics": [{"severity", "message", "line", "col"}]}
//         in input order. severity is the LSP DiagnosticSeverity the package gives
//         (1 = error, 2 = warning, 3 = information, 4 = hint); line and col are 1-based.
//
// Options:
//   --cypher=5|25        Cypher version to check against (default 5, as the package does).
//   --neo4j-functions    Also report calls to functions/procedures that Neo4j does not know,
//                        using the built-in registry bundled with the package (Neo4j 5 built-ins
//                        plus APOC and GDS). Without it, function and procedure names are not checked.
//
// No database schema is used, so labels, relationship types and property keys are never
// reported as unknown. Every $parameter found in a statement is declared, so parameters
// are accepted.
//
// Exit status: 0 when every statement was linted (whatever the diagnostics);
// 2 for bad input or options; 3 when the package cannot be loaded; 1 on any other failure.
//
// The package's ESM build uses extension-less imports that Node cannot resolve, so the
// CommonJS build is loaded through createRequire.

import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

function fail(code, message) {
  process.stderr.write(`lint.mjs: ${message}\n`);
  process.exitCode = code;
}

function parseArgs(argv) {
  const opts = { cypher: '5', neo4jFunctions: false };
  for (const arg of argv) {
    if (arg === '--neo4j-functions') {
      opts.neo4jFunctions = true;
    } else if (arg.startsWith('--cypher=')) {
      opts.cypher = arg.slice('--cypher='.length);
      if (opts.cypher !== '5' && opts.cypher !== '25') {
        throw new Error(`--cypher must be 5 or 25, got ${JSON.stringify(opts.cypher)}`);
      }
    } else {
      throw new Error(`unknown argument ${JSON.stringify(arg)}`);
    }
  }
  return opts;
}

async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

function parseInput(text) {
  const items = JSON.parse(text);
  if (!Array.isArray(items)) throw new Error('input must be a JSON array');
  items.forEach((item, i) => {
    if (item === null || typeof item !== 'object' || typeof item.name !== 'string' || typeof item.query !== 'string') {
      throw new Error(`item ${i} must be an object with string "name" and "query"`);
    }
  });
  return items;
}

async function main() {
  let opts;
  let items;
  try {
    opts = parseArgs(process.argv.slice(2));
    items = parseInput(await readStdin());
  } catch (e) {
    return fail(2, e.message);
  }

  let lib;
  try {
    lib = require('@neo4j-cypher/language-support');
  } catch (e) {
    return fail(3, `cannot load @neo4j-cypher/language-support (run "npm ci" in tests/cypher_lint): ${e.message}`);
  }
  const { lintCypherQuery, parseParameters, testData } = lib;

  const base = { defaultLanguage: `CYPHER ${opts.cypher}` };
  if (opts.neo4jFunctions) {
    base.functions = testData.mockSchema.functions;
    base.procedures = testData.mockSchema.procedures;
  }

  const results = items.map(({ name, query }) => {
    // lintCypherQuery reports every parameter missing from dbSchema.parameters as an error;
    // only the key's presence matters, not the value.
    const parameters = Object.fromEntries(parseParameters(query).map((p) => [p, null]));
    const diagnostics = lintCypherQuery(query, { ...base, parameters }).map((d) => ({
      severity: d.severity,
      message: d.message,
      line: d.range.start.line + 1,
      col: d.range.start.character + 1,
    }));
    return { name, diagnostics };
  });

  process.stdout.write(JSON.stringify(results) + '\n');
}

main().catch((e) => fail(1, e && e.stack ? e.stack : String(e)));
