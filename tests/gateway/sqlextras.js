"use strict";
// What the base query engine cannot run, evaluated here over one scope (a partition key value
// or a partition key range): DISTINCT, OFFSET … LIMIT and GROUP BY, in the service's order
// FROM/JOIN → WHERE → GROUP BY → SELECT → DISTINCT → ORDER BY → OFFSET/LIMIT → TOP.
//
// GROUP BY runs in three steps through the base engine:
//  1. one row per FROM/JOIN/WHERE binding: `SELECT VALUE {"g": [{"item": key}…], "a":
//     [{"item": aggregate argument}…], "x": {"c": c, "t": t}} FROM … WHERE …` ({"item"} keeps
//     an undefined key apart from null);
//  2. the rows are grouped by their keys here and every aggregate is computed over its group
//     (the base engine's COUNT/SUM/MIN/MAX/AVG);
//  3. the projection runs once per group over the group's first binding, each aggregate call
//     replaced by a parameter holding its value. Aggregates nested in literals (the per-range
//     rewritten form `[{"item": c.k}] AS groupByItems, {"n": {"item": COUNT(1)}} AS payload`)
//     work the same way.
// Results are computed for every page and cut at the position the continuation holds.
const path = require("path");
const { HttpError } = require("./errors");
const { compile } = require("./store");
const { runtimeError } = require("./sqlerrors");
const { parseQuery, sql, sqlWith, propertyNames, isAggregateCall } = require("./queryplan");
const fidelity = require("./fidelity");

const BASE = path.dirname(require.resolve("@vercel/cosmosdb-server/package.json"));
const QLIB = path.dirname(require.resolve("@zeit/cosmosdb-query", { paths: [BASE] }));
const helpers = require(path.join(QLIB, "helpers.js")); // eslint-disable-line import/no-dynamic-require
const aggregateFns = require(path.join(QLIB, "aggregate-functions.js")); // eslint-disable-line import/no-dynamic-require

const TOKEN_PREFIX = "ex1.";

/** Does the query need this module (DISTINCT, OFFSET/LIMIT or GROUP BY)? */
function needsExtras(extras) {
  return extras.distinct || extras.limit !== null || extras.groupBy.length > 0;
}

// ---- helpers
/** JSON with object keys sorted: equal values give equal text (DISTINCT, group keys). */
function canonical(v) {
  if (v === undefined) return "u";
  if (v === null || typeof v !== "object") return JSON.stringify(fidelity.num ? fidelity.num(v) : v);
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  return `{${Object.keys(v).sort().map(k => `${JSON.stringify(k)}:${canonical(v[k])}`).join(",")}}`;
}

function run(text, docs, params, execOpts) {
  try {
    return compile(text).exec(docs, { parameters: params, udf: execOpts.udf || {}, compositeIndexes: execOpts.compositeIndexes || [] }).result;
  } catch (err) {
    if (err instanceof HttpError) throw err;
    throw runtimeError(err, execOpts.userText || text) || new HttpError(400, `Query failed: ${err.message}`);
  }
}

/** The names FROM and JOIN bind (`FROM c`, `FROM root r`, `JOIN t IN c.tags`). */
function boundNames(from) {
  const names = [];
  const add = src => {
    if (src.alias) names.push(src.alias.name);
    else if (src.expression && src.expression.type === "collection_expression" && src.expression.expression.type === "identifier") {
      names.push(src.expression.expression.name);
    }
  };
  add(from.source);
  from.joins.forEach(add);
  return names;
}

/** Aggregate calls of a projection, outside subqueries, in document order. */
function aggregateCalls(n, out = []) {
  if (!n || typeof n !== "object") return out;
  if (Array.isArray(n)) {
    n.forEach(x => aggregateCalls(x, out));
    return out;
  }
  if (n.type === "select_query") return out;
  if (isAggregateCall(n)) {
    out.push(n);
    return out;
  }
  Object.values(n).forEach(x => aggregateCalls(x, out));
  return out;
}

function fromWhereSql(ast) {
  let s = "";
  if (ast.from) {
    s += ` FROM ${sql(ast.from.source)}`;
    for (const j of ast.from.joins) s += ` JOIN ${sql(j)}`;
  }
  if (ast.where) s += ` WHERE ${sql(ast.where.condition)}`;
  return s;
}

// ---- GROUP BY
function groupRows(ast, extras, docs, params, execOpts) {
  if (!ast.from) throw new HttpError(400, "GROUP BY needs a FROM clause.");
  if (ast.select["*"]) throw new HttpError(400, "'SELECT *' is not valid with GROUP BY.");
  const names = boundNames(ast.from);
  // The container's own alias is carried by _rid (copying every item into the rows is slow).
  const src = ast.from.source;
  const root = !src.iteration && src.expression.type === "collection_expression" ? names[0] : null;
  const carry = n => (n === root ? `${n}._rid` : n);
  const projection = ast.select.value || ast.select.properties;
  const calls = aggregateCalls(projection);
  const argOf = c => (c.arguments.length ? sql(c.arguments[0]) : "1");
  const perRow = `SELECT VALUE {"g": [${extras.groupByAst.map(e => `{"item": ${sql(e)}}`).join(", ")}], `
    + `"a": [${calls.map(c => `{"item": ${argOf(c)}}`).join(", ")}], `
    + `"x": {${names.map(n => `${JSON.stringify(n)}: ${carry(n)}`).join(", ")}}}${fromWhereSql(ast)}`;
  const groups = new Map();
  for (const r of run(perRow, docs, params, execOpts)) {
    const key = canonical(r.g);
    let g = groups.get(key);
    if (!g) {
      g = { x: r.x, values: calls.map(() => []) };
      groups.set(key, g);
    }
    r.a.forEach((item, i) => g.values[i].push(fidelity.num ? fidelity.num(item.item) : item.item));
  }
  // The projection over one group: its first binding as `r.x`, aggregates as parameters.
  const index = new Map(calls.map((c, i) => [c, i]));
  const rename = { ident: n => (names.includes(n) ? `__r.x[${JSON.stringify(n)}]` : n), call: c => (index.has(c) ? `@__agg${index.get(c)}` : null) };
  let value;
  if (ast.select.value) value = sqlWith(ast.select.value, rename);
  else {
    const keys = propertyNames(ast.select);
    value = `{${ast.select.properties.properties.map((p, i) => `${JSON.stringify(keys[i])}: ${sqlWith(p.property, rename)}`).join(", ")}}`;
  }
  const perGroup = `SELECT VALUE ${value} FROM __r`;
  let byRid = null;
  const bindingOf = x => {
    if (root === null) return x;
    if (!byRid) byRid = new Map(docs.map(d => [d._rid, d]));
    return { ...x, [root]: byRid.get(x[root]) };
  };
  const out = [];
  for (const g of groups.values()) {
    const aggParams = calls.map((c, i) => ({ name: `@__agg${i}`, value: aggregateFns[c.name.name.toUpperCase()](g.values[i]) }));
    for (const v of run(perGroup, [{ x: bindingOf(g.x) }], [...params, ...aggParams], execOpts)) out.push(v);
  }
  return out;
}

// ---- the whole query
function numberOf(token, params, what) {
  if (token === null || token === undefined) return null;
  let v = token;
  if (typeof token === "string" && token.startsWith("@")) {
    const p = params.find(x => x.name === token);
    v = p ? fidelity.num(p.value) : undefined;
  }
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new HttpError(400, `The ${what} value must be a non-negative integer.`);
  return n;
}

function allResults(query, docs, execOpts) {
  const { ast, extras } = parseQuery(query.query);
  const params = query.parameters || [];
  const opts = { ...execOpts, userText: query.query };
  let top = null;
  if (ast.top) top = numberOf(ast.top.value.type === "parameter_name" ? ast.top.value.name : ast.top.value.value, params, "TOP");
  let rows;
  if (extras.groupBy.length) {
    if (ast.orderBy) throw new HttpError(400, "ORDER BY cannot be combined with GROUP BY in the loopback gateway.");
    rows = groupRows(ast, extras, docs, params, opts);
  } else {
    // TOP comes after DISTINCT and OFFSET/LIMIT: run the rest without it.
    const text = ast.top ? extras.text.replace(/^SELECT\s+TOP\s+(\d+|@\w+)\s+/i, "SELECT ") : extras.text;
    rows = run(text, docs, params, opts);
  }
  rows = rows.filter(r => r !== undefined); // undefined VALUEs give no row
  if (extras.distinct) {
    const seen = new Set();
    rows = rows.filter(r => {
      const k = canonical(r);
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
  }
  const offset = numberOf(extras.offset, params, "OFFSET");
  const limit = numberOf(extras.limit, params, "LIMIT");
  if (limit !== null) rows = rows.slice(offset || 0, (offset || 0) + limit);
  if (top !== null) rows = rows.slice(0, top);
  return rows.map(r => helpers.stripUndefined(r));
}

function decodeToken(continuation) {
  if (!continuation) return 0;
  const tok = continuation.token;
  if (typeof tok === "string" && tok.startsWith(TOKEN_PREFIX)) {
    try {
      const t = JSON.parse(Buffer.from(tok.slice(TOKEN_PREFIX.length), "base64url").toString("utf8"));
      if (Number.isInteger(t.o) && t.o >= 0) return t.o;
    } catch (e) { /* below */ }
  }
  throw new HttpError(400, "The continuation token is invalid.");
}

/** One page of a query with DISTINCT, OFFSET/LIMIT or GROUP BY over `docs`. */
function extrasPage(query, docs, execOpts) {
  const rows = allResults(query, docs, execOpts);
  const start = decodeToken(execOpts.continuation);
  const size = execOpts.maxItemCount > 0 ? execOpts.maxItemCount : rows.length;
  const page = rows.slice(start, start + size);
  const next = start + page.length;
  const token = `${TOKEN_PREFIX}${Buffer.from(JSON.stringify({ o: next })).toString("base64url")}`;
  return { result: page, continuation: next < rows.length ? { token, range: { min: "", max: "FF" } } : null };
}

module.exports = { needsExtras, extrasPage, canonical };
