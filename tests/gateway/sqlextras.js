"use strict";
// What the base query engine cannot run, evaluated here over one scope (a partition key value
// or a partition key range): DISTINCT, OFFSET … LIMIT and GROUP BY, in the service's order
// FROM/JOIN → WHERE → GROUP BY → SELECT → DISTINCT → ORDER BY → OFFSET/LIMIT → TOP.
//
// GROUP BY runs in three steps through the base engine:
//  1. one row per FROM/JOIN/WHERE binding: `SELECT VALUE {"g": [{"item": key}…], "a":
//     [{"item": aggregate argument}…], "x": {"c": c._rid, "t": t}} FROM … WHERE …` ({"item"}
//     keeps an undefined key apart from null);
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
const { queryLib } = require("./base");
const { parseQuery, propertyNames, isAggregateCall, checkGrouped } = require("./queryplan");
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


// ---- GROUP BY
// The queries of the steps are built as syntax trees from the parsed query: printing them and
// parsing them again would cost seconds (the base parser is slow on nested literals).
const str = v => ({ type: "string_constant", value: v });
const ident = name => ({ type: "identifier", name });
const member = (object, name, computed) => ({ type: "scalar_member_expression", object, property: computed ? str(name) : ident(name), computed: !!computed });
const objectNode = entries => ({ type: "scalar_object_expression", properties: entries.map(([k, value]) => ({ key: str(k), value })) });
const arrayNode = elements => ({ type: "scalar_array_expression", elements });
const itemOf = e => objectNode([["item", e]]);

/** A copy of expression `n` with identifiers in `rename` and the calls in `calls` replaced. */
function substitute(n, rename, calls) {
  if (!n || typeof n !== "object") return n;
  if (Array.isArray(n)) return n.map(x => substitute(x, rename, calls));
  if (calls.has(n)) return calls.get(n);
  if (n.type === "select_query") return n; // a subquery keeps its own names
  if (n.type === "identifier") return rename.has(n.name) ? rename.get(n.name) : n;
  if (n.type === "scalar_member_expression") {
    return { ...n, object: substitute(n.object, rename, calls), property: n.computed ? substitute(n.property, rename, calls) : n.property };
  }
  if (n.type === "scalar_function_expression") return { ...n, arguments: substitute(n.arguments, rename, calls) };
  if (n.type === "scalar_object_expression" || n.type === "object_constant") {
    return { ...n, properties: n.properties.map(p => ({ ...p, value: substitute(p.value, rename, calls) })) };
  }
  const out = {};
  for (const [k, v] of Object.entries(n)) out[k] = substitute(v, rename, calls);
  return out;
}

/** A Query running `body` (a select_query tree), without parsing text. */
function queryOf(body) {
  const q = queryLib.default("SELECT VALUE 1");
  q.ast = { type: "sql", body };
  q._code = null; // eslint-disable-line no-underscore-dangle
  return q;
}

function exec(q, docs, params, execOpts) {
  try {
    return q.exec(docs, { parameters: params, udf: execOpts.udf || {}, compositeIndexes: execOpts.compositeIndexes || [] }).result;
  } catch (err) {
    if (err instanceof HttpError) throw err;
    throw runtimeError(err, execOpts.userText || "") || new HttpError(400, `Query failed: ${err.message}`);
  }
}

const groupPlans = new Map();
/** The two queries of a GROUP BY (per binding, per group), built once per query text. */
function groupPlanOf(text, ast, extras) {
  let plan = groupPlans.get(text);
  if (plan) return plan;
  const names = boundNames(ast.from);
  // The container's own alias is carried by _rid (copying every item into the rows is slow).
  const src = ast.from.source;
  const root = !src.iteration && src.expression.type === "collection_expression" ? names[0] : null;
  const projection = ast.select.value || ast.select.properties;
  const calls = aggregateCalls(projection);
  const perRow = queryOf({
    ...ast, top: null, orderBy: null,
    select: { type: "select_specification", value: objectNode([
      ["g", arrayNode(extras.groupByAst.map(itemOf))],
      ["a", arrayNode(calls.map(c => itemOf(c.arguments.length ? c.arguments[0] : { type: "number_constant", value: 1 })))],
      ["x", objectNode(names.map(n => [n, n === root ? member(ident(n), "_rid") : ident(n)]))],
    ]) },
  });
  // per group: its first binding as `__r.x`, the aggregates as parameters @__agg0, @__agg1 …
  const rename = new Map(names.map(n => [n, member(member(ident("__r"), "x"), n, true)]));
  const params = new Map(calls.map((c, i) => [c, { type: "parameter_name", name: `@__agg${i}` }]));
  let value;
  if (ast.select.value) value = substitute(ast.select.value, rename, params);
  else {
    const keys = propertyNames(ast.select);
    value = objectNode(ast.select.properties.properties.map((p, i) => [keys[i], substitute(p.property, rename, params)]));
  }
  const from = queryLib.default("SELECT VALUE 1 FROM __r").ast.body.from;
  const perGroup = queryOf({ type: "select_query", top: null, select: { type: "select_specification", value }, from, where: null, orderBy: null });
  plan = { names, root, calls, perRow, perGroup };
  if (groupPlans.size > 100) groupPlans.clear();
  groupPlans.set(text, plan);
  return plan;
}

function groupRows(text, ast, extras, docs, params, execOpts) {
  if (!ast.from) throw new HttpError(400, "GROUP BY needs a FROM clause.");
  if (ast.select["*"]) throw new HttpError(400, "'SELECT *' is not valid with GROUP BY.");
  checkGrouped(ast, extras, text);
  const { root, calls, perRow, perGroup } = groupPlanOf(text, ast, extras);
  const groups = new Map();
  for (const r of exec(perRow, docs, params, execOpts)) {
    const key = canonical(r.g);
    let g = groups.get(key);
    if (!g) {
      g = { x: r.x, values: calls.map(() => []) };
      groups.set(key, g);
    }
    r.a.forEach((item, i) => g.values[i].push(fidelity.num(item.item)));
  }
  let byRid = null;
  const bindingOf = x => {
    if (root === null) return x;
    if (!byRid) byRid = new Map(docs.map(d => [d._rid, d]));
    return { ...x, [root]: byRid.get(x[root]) };
  };
  const out = [];
  for (const g of groups.values()) {
    const aggParams = calls.map((c, i) => ({ name: `@__agg${i}`, value: aggregateFns[c.name.name.toUpperCase()](g.values[i]) }));
    for (const v of exec(perGroup, [{ x: bindingOf(g.x) }], [...params, ...aggParams], execOpts)) out.push(v);
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
    rows = groupRows(query.query, ast, extras, docs, params, opts);
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
