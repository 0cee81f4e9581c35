"use strict";
// Builds the oracle's corpus with expected results: for each query, a run across partitions
// over all documents and a run scoped to one partition key value over that partition's
// documents (and, for the hierarchical container, scoped to a key prefix), each expected result computed by the corpus's reference evaluator.
// `node expected.js OUT.json` writes it for the C++ side (tests/oracle/tst_oracle.cpp).
const fs = require("fs");
const { CONTAINERS, inPartition } = require("./dataset");
const { CORPUS } = require("./corpus");
const S = require("./semantics");

function checkDefined(v, where) {
  if (v === undefined) throw new Error(`${where}: an expected result holds undefined`);
  if (v !== null && typeof v === "object") for (const x of Object.values(v)) if (x !== undefined) checkDefined(x, where);
  if (Array.isArray(v) && v.includes(undefined)) throw new Error(`${where}: an expected array holds undefined`);
}

function build() {
  const byId = Object.fromEntries(CONTAINERS.map(c => [c.id, c]));
  const names = new Set();
  const cases = CORPUS.map(e => {
    if (names.has(e.name)) throw new Error(`duplicate corpus name ${e.name}`);
    names.add(e.name);
    const c = byId[e.container];
    const scopes = [
      { scope: "cross", partitionKey: null, docs: c.docs },
      { scope: "partition", partitionKey: c.scopedKey, docs: inPartition(c, c.scopedKey) },
    ];
    if (c.scopedPrefix) scopes.push({ scope: "prefix", partitionKey: c.scopedPrefix, docs: inPartition(c, c.scopedPrefix) });
    const runs = scopes.map(s => {
      const expected = e.expect(s.docs);
      checkDefined(expected, e.name);
      return { scope: s.scope, partitionKey: s.partitionKey, sql: e.sqlFor(s.docs), parameters: e.parameters, expected };
    });
    return { name: e.name, container: e.container, ordered: !!e.ordered, system: !!e.system, skip: e.skip || {}, runs };
  });
  return {
    systemProperties: S.SYSTEM,
    containers: CONTAINERS.map(c => ({ id: c.id, partitionKey: c.partitionKey, indexingPolicy: c.indexingPolicy, docs: c.docs })),
    cases,
  };
}

module.exports = { build };

if (require.main === module) {
  const out = process.argv[2];
  if (!out) { process.stderr.write("usage: node expected.js OUT.json\n"); process.exit(1); }
  fs.writeFileSync(out, JSON.stringify(build()));
}
