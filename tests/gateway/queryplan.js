"use strict";
// Query plans (x-ms-cosmos-is-query-plan-request) in the service's shape, derived from the base
// package's SQL parser, and the per-range execution of the service's rewritten aggregate form
// (`SELECT VALUE [{"item": COUNT(1)}] …`), which the base query engine cannot run itself.
//
// The base parser knows no DISTINCT, OFFSET/LIMIT or GROUP BY: DISTINCT, a trailing
// OFFSET n LIMIT m and GROUP BY are taken off the text before parsing (splitExtras; offsets of
// syntax errors are mapped back to the user's text) and evaluated by sqlextras.js. GROUP BY
// plans carry groupByExpressions, groupByAliases, groupByAliasToAggregateType (null for a
// non-aggregate) and a rewritten query `SELECT [{"item": k}…] AS groupByItems, {…} AS payload
// … GROUP BY k…` whose aggregates come as partials ({"item": …}, AVG as sum+count).
const { queryLib } = require("./base");
const { HttpError } = require("./errors");
const { syntaxError, queryError } = require("./sqlerrors");

const AGGREGATES = { COUNT: "Count", SUM: "Sum", MIN: "Min", MAX: "Max", AVG: "Average" };
const FILTER = "{documentdb-formattableorderbyquery-filter}";

const isAggregateCall = n => n && n.type === "scalar_function_expression" && !n.udf
  && Object.prototype.hasOwnProperty.call(AGGREGATES, n.name.name.toUpperCase());

// ---- SQL printer (AST -> text), fully parenthesised so that it re-parses to the same tree.
// `hook` (sqlWith) may rename identifiers in expression position and replace function calls.
const str = s => JSON.stringify(s);
let hook = null;
function sqlWith(n, h) {
  const saved = hook;
  hook = h;
  try {
    return sql(n);
  } finally {
    hook = saved;
  }
}
function sql(n) {
  if (n === null || n === undefined) return "";
  if (hook && hook.call && n.type === "scalar_function_expression") {
    const r = hook.call(n);
    if (r !== null && r !== undefined) return r;
  }
  switch (n.type) {
  case "identifier": return hook && hook.ident ? hook.ident(n.name) : n.name;
  case "parameter_name": return n.name;
  case "number_constant": return String(n.value);
  case "string_constant": return str(n.value);
  case "boolean_constant": return n.value ? "true" : "false";
  case "null_constant": return "null";
  case "undefined_constant": return "undefined";
  case "array_constant":
  case "scalar_array_expression": return `[${n.elements.map(sql).join(", ")}]`;
  case "object_constant":
  case "scalar_object_expression":
    return `{${n.properties.map(p => `${str(p.key.type === "identifier" ? p.key.name : p.key.value)}: ${sql(p.value)}`).join(", ")}}`;
  case "scalar_member_expression":
  case "collection_member_expression":
    return n.computed ? `${sql(n.object)}[${sql(n.property)}]` : `${sql(n.object)}.${n.property.name}`;
  case "collection_expression": return sql(n.expression);
  case "scalar_unary_expression": return `(${n.operator}${/^[A-Z]/.test(n.operator) ? " " : ""}${sql(n.argument)})`;
  case "scalar_binary_expression": return `(${sql(n.left)} ${n.operator} ${sql(n.right)})`;
  case "scalar_conditional_expression": return `(${sql(n.test)} ? ${sql(n.consequent)} : ${sql(n.alternate)})`;
  case "scalar_in_expression": return `(${sql(n.value)} IN (${n.list.map(sql).join(", ")}))`;
  case "scalar_between_expression": return `(${sql(n.value)} BETWEEN ${sql(n.begin)} AND ${sql(n.end)})`;
  case "scalar_function_expression": return `${n.udf ? "udf." : ""}${n.name.name}(${n.arguments.map(sql).join(", ")})`;
  case "exists_subquery_expression": return `EXISTS(${sql(n.expression)})`;
  case "array_subquery_expression": return `ARRAY(${sql(n.expression)})`;
  case "scalar_subquery_expression": return `(${sql(n.expression)})`;
  case "collection_subquery_expression": return `(${sql(n.expression)})`;
  case "from_source":
    if (n.iteration) return `${sql(n.alias)} IN ${sql(n.expression)}`;
    return n.alias ? `${sql(n.expression)} ${sql(n.alias)}` : sql(n.expression);
  case "select_query": return selectSql(n);
  default: throw new HttpError(400, `The loopback gateway cannot plan this query (${n.type}).`);
  }
}

function projectionSql(select) {
  if (select["*"]) return "*";
  if (select.value) return `VALUE ${sql(select.value)}`;
  return select.properties.properties.map(p => (p.alias ? `${sql(p.property)} AS ${p.alias.name}` : sql(p.property))).join(", ");
}

function fromSql(from) {
  return [sql(from.source), ...from.joins.map(j => `JOIN ${sql(j)}`)].join(" ");
}

function orderSql(orderBy) {
  return orderBy.expressions.map(e => `${sql(e.expression)}${e.order === "DESC" ? " DESC" : ""}`).join(", ");
}

function selectSql(q, { top, projection, where } = {}) {
  const t = top !== undefined ? top : (q.top ? sql(q.top.value) : null);
  let s = `SELECT ${t !== null && t !== undefined ? `TOP ${t} ` : ""}${projection || projectionSql(q.select)}`;
  if (q.from) s += ` FROM ${fromSql(q.from)}`;
  const w = where !== undefined ? where : (q.where ? sql(q.where.condition) : null);
  if (w) s += ` WHERE ${w}`;
  if (q.orderBy) s += ` ORDER BY ${orderSql(q.orderBy)}`;
  return s;
}

// ---- the textual extras the base parser does not know
/**
 * Splits DISTINCT, a trailing OFFSET n LIMIT m and GROUP BY off a query text. `text` is what
 * the base parser can read; `toOriginal(offset)` maps an offset in `text` back to the query.
 */
function splitExtras(query) {
  const lead = query.length - query.trimStart().length;
  let rest = query.trim();
  const out = { distinct: false, offset: null, limit: null, groupBy: [], groupByText: null };
  const cuts = []; // {at, len} in the coordinates of the text after the cut, applied in order
  const d = /^SELECT\s+DISTINCT\s+/i.exec(rest);
  if (d) {
    out.distinct = true;
    rest = `SELECT ${rest.slice(d[0].length)}`;
    cuts.push({ at: 7, len: d[0].length - 7 });
  }
  const dLen = d ? d[0].length - 7 : 0;
  const afterDistinct = at => at + lead + (d && at >= 7 ? dLen : 0); // -> the user's offset
  let trailingAt = null; // where the first clause taken off the end starts, in the user's text
  const ol = /\s+OFFSET\s+(\d+|@\w+)\s+LIMIT\s+(\d+|@\w+)\s*$/i.exec(rest);
  if (ol) {
    out.offset = ol[1];
    out.limit = ol[2];
    rest = rest.slice(0, ol.index);
    trailingAt = afterDistinct(ol.index + ol[0].search(/\S/));
  }
  const g = /\s+GROUP\s+BY\s+([\s\S]+?)(\s+ORDER\s+BY\s+[\s\S]*)?$/i.exec(rest);
  if (g) {
    out.groupByText = g[1];
    out.groupByAt = g.index + g[0].indexOf(g[1], g[0].search(/BY/i) + 2);
    const tail = g[2] || "";
    if (!tail) trailingAt = afterDistinct(g.index + g[0].search(/\S/));
    cuts.push({ at: g.index, len: g[0].length - tail.length });
    rest = rest.slice(0, g.index) + tail;
  }
  out.text = rest;
  out.toOriginal = offset => {
    if (offset >= rest.length && trailingAt !== null) return trailingAt; // "near 'GROUP'"
    let o = offset;
    for (let i = cuts.length - 1; i >= 0; i -= 1) if (o >= cuts[i].at) o += cuts[i].len;
    return o + lead;
  };
  out.groupByOriginal = afterDistinct;
  return out;
}

/**
 * Parses a query as the service would: the base parser for the core, the GROUP BY list as a
 * projection; syntax errors come back in the service's shape (errors[] with a location).
 */
const parsed = new Map(); // the base parser takes up to seconds on nested expressions
function parseQuery(query) {
  let hit = parsed.get(query);
  if (!hit) {
    hit = parseQueryUncached(query);
    if (parsed.size > 200) parsed.clear();
    parsed.set(query, hit);
  }
  return hit;
}

function parseQueryUncached(query) {
  const extras = splitExtras(query);
  let ast;
  try {
    ast = queryLib.default(extras.text).ast.body;
  } catch (e) {
    throw syntaxError(e, query, extras.toOriginal);
  }
  extras.groupByAst = [];
  if (extras.groupByText !== null) {
    const prefix = "SELECT VALUE [";
    try {
      const g = queryLib.default(`${prefix}${extras.groupByText}]`).ast.body;
      extras.groupByAst = g.select.value.elements;
    } catch (e) {
      const at = e.location && e.location.start ? e.location.start.offset - prefix.length : 0;
      throw syntaxError({ location: { start: { offset: Math.max(0, at) } } }, query,
        o => extras.groupByOriginal(extras.groupByAt + o));
    }
    extras.groupBy = extras.groupByAst.map(e => sql(e));
  }
  return { ast, extras };
}

function numberOf(token, parameters, what) {
  if (token === null || token === undefined) return null;
  let v = token;
  if (typeof token === "string" && token.startsWith("@")) {
    const p = (parameters || []).find(x => x.name === token);
    v = p ? p.value : undefined;
  }
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new HttpError(400, `The ${what} value must be a non-negative integer.`);
  return n;
}

function fromAlias(q) {
  const src = q.from && q.from.source;
  if (!src || src.iteration || src.expression.type !== "collection_expression") return null;
  return src.alias ? src.alias.name : src.expression.expression.name;
}

/** The property name the service gives an unaliased projection (`c.x` -> x, else $1, $2 …). */
function propertyNames(select) {
  let n = 0;
  return select.properties.properties.map(p => {
    if (p.alias) return p.alias.name;
    const e = p.property;
    if (e.type === "scalar_member_expression" && !e.computed) return e.property.name;
    if (e.type === "scalar_member_expression" && e.property.type === "string_constant") return e.property.value;
    if (e.type === "identifier") return e.name;
    n += 1;
    return `$${n}`;
  });
}

function aggregateItem(call) {
  const type = AGGREGATES[call.name.name.toUpperCase()];
  const arg = call.arguments.map(sql).join(", ");
  if (type === "Average") return `{"item": {"sum": SUM(${arg}), "count": COUNT(${arg})}}`;
  if (type === "Min") return `{"item": {"min": MIN(${arg}), "count": COUNT(${arg})}}`;
  if (type === "Max") return `{"item": {"max": MAX(${arg}), "count": COUNT(${arg})}}`;
  return `{"item": ${sql(call)}}`;
}

/**
 * With GROUP BY, the SELECT list may only use the group-by expressions (and what is built from
 * them), aggregates and constants; like the service, anything else is an error (SC2102) at the
 * first offending reference.
 */
function checkGrouped(ast, extras, query) {
  const keys = new Set(extras.groupBy);
  const bad = n => { // the first reference that is neither grouped nor inside an aggregate
    if (!n || typeof n !== "object") return null;
    if (Array.isArray(n)) {
      for (const x of n) {
        const b = bad(x);
        if (b) return b;
      }
      return null;
    }
    if (isAggregateCall(n) || n.type === "select_query" || n.type === "parameter_name") return null;
    if (/expression$|^identifier$/.test(n.type) && keys.has(sql(n))) return null;
    if (n.type === "identifier" || n.type === "scalar_member_expression") {
      return n.type === "identifier" ? n : (bad(n.object) && n) || (n.computed ? bad(n.property) : null);
    }
    if (n.type === "scalar_function_expression") return bad(n.arguments);
    if (n.type === "scalar_object_expression" || n.type === "object_constant") return bad(n.properties.map(p => p.value));
    for (const [k, v] of Object.entries(n)) {
      if (k !== "type") {
        const b = bad(v);
        if (b) return b;
      }
    }
    return null;
  };
  const projection = ast.select.value ? [ast.select.value] : ast.select.properties.properties.map(p => p.property);
  const b = bad(projection);
  if (!b) return;
  const text = sql(b);
  const at = query.indexOf(text);
  throw queryError([{
    start: at < 0 ? 0 : at,
    end: at < 0 ? 0 : at + text.length,
    code: "SC2102",
    message: `Property reference '${text}' is invalid in the select list because it is not contained in either an aggregate function or the GROUP BY clause.`,
  }]);
}

/**
 * The partitionedQueryExecutionInfo for a query, as the service returns it.
 * `needsPipeline` tells whether the gateway would refuse it across partitions (400/1004).
 */
function planFor(body) {
  const { ast, extras } = parseQuery(body.query);
  const params = body.parameters || [];
  const top = ast.top ? numberOf(ast.top.value.type === "parameter_name" ? ast.top.value.name : ast.top.value.value, params, "TOP") : null;
  const offset = numberOf(extras.offset, params, "OFFSET");
  const limit = numberOf(extras.limit, params, "LIMIT");
  const orderBy = ast.orderBy ? ast.orderBy.expressions.map(e => (e.order === "DESC" ? "Descending" : "Ascending")) : [];
  const orderByExpressions = ast.orderBy ? ast.orderBy.expressions.map(e => sql(e.expression)) : [];
  const hasSelectValue = !!ast.select.value;
  // Non-VALUE aggregates are planned like the service does for clients that know GROUP BY:
  // no "aggregates", the alias -> type map instead (an empty grouping).
  let aggregates = [];
  const groupByAliasToAggregateType = {};
  let rewrittenQuery = "";
  const alias = fromAlias(ast);
  const where = ast.where ? sql(ast.where.condition) : null;
  // Without DISTINCT each range needs at most offset+limit (or TOP) rows; with it, duplicates
  // removed by the client could leave fewer, so ranges run to their end.
  const rangeTop = extras.distinct ? null : (limit !== null ? (offset || 0) + limit : top);

  let groupByAliases = [];
  if (extras.groupBy.length) {
    if (orderBy.length) throw new HttpError(400, "ORDER BY cannot be combined with GROUP BY in the loopback gateway.");
    if (ast.select["*"]) throw new HttpError(400, "'SELECT *' is not valid with GROUP BY.");
    checkGrouped(ast, extras, body.query);
    const items = `[${extras.groupBy.map(e => `{"item": ${e}}`).join(", ")}]`;
    let payload;
    if (hasSelectValue) {
      const v = ast.select.value;
      if (isAggregateCall(v)) aggregates = [AGGREGATES[v.name.name.toUpperCase()]];
      payload = isAggregateCall(v) ? `[${aggregateItem(v)}]` : sql(v);
    } else {
      groupByAliases = propertyNames(ast.select);
      const parts = ast.select.properties.properties.map((p, i) => {
        const agg = isAggregateCall(p.property);
        groupByAliasToAggregateType[groupByAliases[i]] = agg ? AGGREGATES[p.property.name.name.toUpperCase()] : null;
        return `${str(groupByAliases[i])}: ${agg ? aggregateItem(p.property) : sql(p.property)}`;
      });
      payload = `{${parts.join(", ")}}`;
    }
    rewrittenQuery = `${selectSql(ast, { top: null, projection: `${items} AS groupByItems, ${payload} AS payload` })} GROUP BY ${extras.groupBy.join(", ")}`;
  } else if (hasSelectValue && isAggregateCall(ast.select.value)) {
    aggregates = [AGGREGATES[ast.select.value.name.name.toUpperCase()]];
    rewrittenQuery = selectSql(ast, { top: null, projection: `VALUE [${aggregateItem(ast.select.value)}]` });
  } else if (ast.select.properties && ast.select.properties.properties.some(p => isAggregateCall(p.property))) {
    const names = propertyNames(ast.select);
    const props = ast.select.properties.properties;
    if (!props.every(p => isAggregateCall(p.property)) && !extras.groupBy.length) {
      throw new HttpError(400, "Property reference in the SELECT list is not inside an aggregate function and there is no GROUP BY.");
    }
    const parts = [];
    groupByAliases = names;
    props.forEach((p, i) => {
      if (!isAggregateCall(p.property)) return;
      const type = AGGREGATES[p.property.name.name.toUpperCase()];
      groupByAliasToAggregateType[names[i]] = type;
      parts.push(`${str(names[i])}: ${aggregateItem(p.property)}`);
    });
    rewrittenQuery = selectSql(ast, { top: null, projection: `{${parts.join(", ")}} AS payload` });
  } else if (orderBy.length) {
    if (!alias) throw new HttpError(400, "The loopback gateway can plan ORDER BY only over FROM <container> [alias].");
    let payload;
    if (ast.select["*"]) payload = alias;
    else if (hasSelectValue) payload = sql(ast.select.value);
    else {
      const names = propertyNames(ast.select);
      payload = `{${ast.select.properties.properties.map((p, i) => `${str(names[i])}: ${sql(p.property)}`).join(", ")}}`;
    }
    const items = orderByExpressions.map(e => `{"item": ${e}}`).join(", ");
    rewrittenQuery = selectSql(ast, {
      top: rangeTop,
      projection: `${alias}._rid, [${items}] AS orderByItems, ${payload} AS payload`,
      where: where ? `(${where}) AND (${FILTER})` : `(${FILTER})`,
    });
  } else if (extras.distinct || limit !== null) {
    // Ranges run the query without DISTINCT (the client removes duplicates) and with
    // TOP offset+limit instead of OFFSET 0 LIMIT offset+limit (the base has neither).
    rewrittenQuery = selectSql(ast, { top: rangeTop });
  }
  const queryInfo = {
    distinctType: extras.distinct ? (orderBy.length ? "Ordered" : "Unordered") : "None",
    top,
    offset,
    limit,
    orderBy,
    orderByExpressions,
    groupByExpressions: extras.groupBy,
    groupByAliases,
    aggregates,
    groupByAliasToAggregateType,
    rewrittenQuery,
    hasSelectValue,
    dCountInfo: null,
    hasNonStreamingOrderBy: false,
  };
  const needsPipeline = top !== null || orderBy.length > 0 || aggregates.length > 0 || extras.distinct
    || Object.keys(groupByAliasToAggregateType).length > 0
    || limit !== null || extras.groupBy.length > 0;
  return {
    needsPipeline,
    extras,
    plan: {
      partitionedQueryExecutionInfoVersion: 2,
      queryInfo,
      queryRanges: [{ min: "", max: "FF", isMinInclusive: true, isMaxInclusive: false }],
    },
  };
}

// ---- per-range execution of the rewritten aggregate form
function containsNestedAggregate(n) {
  if (!n || typeof n !== "object") return false;
  if (n.type === "scalar_array_expression") return n.elements.some(e => isAggregateCall(e) || containsNestedAggregate(e));
  if (n.type === "scalar_object_expression") return n.properties.some(p => isAggregateCall(p.value) || containsNestedAggregate(p.value));
  return false;
}

/** True for `SELECT VALUE [{"item": AGG(…)}]` and `SELECT {…AGG(…)…} AS payload`. */
function isRewrittenAggregate(ast) {
  const s = ast.select;
  if (s.value) return containsNestedAggregate(s.value);
  return !!s.properties && s.properties.properties.some(p => containsNestedAggregate(p.property));
}

/**
 * Runs a rewritten aggregate query over `rows`: every aggregate call inside the literal is
 * computed as `SELECT VALUE AGG(x) FROM … WHERE …`, then the literal is built around the values.
 */
function runRewrittenAggregate(ast, rows, execOpts) {
  const aggValue = call => {
    const sub = queryLib.default("SELECT VALUE COUNT(1) FROM c");
    sub.ast = { type: "sql", body: { ...ast, top: null, orderBy: null, select: { type: "select_specification", value: call } } };
    sub._code = null; // eslint-disable-line no-underscore-dangle
    return sub.exec(rows, execOpts).result[0];
  };
  const build = n => {
    if (isAggregateCall(n)) return aggValue(n);
    if (n.type === "scalar_array_expression" || n.type === "array_constant") return n.elements.map(build);
    if (n.type === "scalar_object_expression" || n.type === "object_constant") {
      const o = {};
      for (const p of n.properties) o[p.key.type === "identifier" ? p.key.name : p.key.value] = build(p.value);
      return o;
    }
    const sub = queryLib.default("SELECT VALUE 1");
    sub.ast = { type: "sql", body: { type: "select_query", top: null, select: { type: "select_specification", value: n }, from: null, where: null, orderBy: null } };
    sub._code = null; // eslint-disable-line no-underscore-dangle
    return sub.exec([{}], execOpts).result[0];
  };
  if (ast.select.value) return [build(ast.select.value)];
  const row = {};
  for (const p of ast.select.properties.properties) row[p.alias ? p.alias.name : "$1"] = build(p.property);
  return [row];
}

module.exports = { planFor, splitExtras, parseQuery, checkGrouped, sqlWith, propertyNames, isAggregateCall, AGGREGATES, isRewrittenAggregate, runRewrittenAggregate, sql, FILTER };
