"use strict";
// Paged reads over the document index (docindex.js): read feeds, change feeds and the queries
// the base engine would otherwise run over the whole container for every page.
//
// A query is served here when it reads one container (`FROM c` / `FROM root r`, no JOIN, no
// iteration), has no top-level aggregate, and at most one ORDER BY expression that is a path
// of the container alias (`ORDER BY c.a.b DESC`); TOP is allowed. The base engine's compiled
// code for the query is reused unchanged: it is run over chunks of documents taken in order
// from the index (a seq-ordered list, or for ORDER BY a sorted snapshot), with its `sort` and
// `paginate` helpers replaced by pass-throughs, so WHERE, projections, UDFs and the JSON
// fidelity patches behave exactly as before. Everything else (aggregates, JOINs, ORDER BY on
// several or computed expressions) still runs through the base engine over the scope's
// documents.
//
// Continuations are positions: `{s: seq}` for a list (the first item of the next page, found by
// binary search; items created later come after it, deleted ones are skipped), and for ORDER BY
// `{p, v, s, ov}` (index in the snapshot of version v, or, after writes, the first row at or
// after (ov, s) in a fresh snapshot). `n` counts items returned so far (TOP).
const path = require("path");
const { pkPaths, storePartitionFromHeader } = require("./base");
const { HttpError } = require("./errors");
const { compile } = require("./store");
const { indexOf, compareValues } = require("./docindex");
const { docMatchesPk } = require("./partition");
const fidelity = require("./fidelity");

const BASE = path.dirname(require.resolve("@vercel/cosmosdb-server/package.json"));
const QLIB = path.dirname(require.resolve("@zeit/cosmosdb-query", { paths: [BASE] }));
const helpers = require(path.join(QLIB, "helpers.js")); // eslint-disable-line import/no-dynamic-require
const builtins = require(path.join(QLIB, "builtin-functions.js")); // eslint-disable-line import/no-dynamic-require
const aggregates = require(path.join(QLIB, "aggregate-functions.js")); // eslint-disable-line import/no-dynamic-require

const TOKEN_PREFIX = "cs1.";
const MAX_CHUNK = 4096;
const AGGREGATE_NAMES = new Set(["COUNT", "SUM", "MIN", "MAX", "AVG"]);

// The base helpers with sort/paginate as pass-throughs: the index gives the order.
const passHelpers = Object.create(helpers);
passHelpers.sort = coll => coll;
passHelpers.paginate = coll => coll;

// ---- scopes: which list of the index a request reads, and an extra per-entry filter
/**
 * The scope of a request from its partition-key header values (`arr`, may be undefined) and
 * partition key range id (may be undefined).
 */
function scopeFor(coll, arr, rangeId) {
  const collData = coll.read();
  const paths = pkPaths(collData);
  const s = { rangeId, key: rangeId === undefined ? "all" : `r:${rangeId}`, match: null };
  if (arr && paths.length) {
    if (arr.length > paths.length) throw new HttpError(400, "The partition key has more components than defined in the collection.");
    const full = arr.length === paths.length && arr.every(v => v === null || typeof v !== "object");
    if (full) {
      s.hasPk = true;
      s.pk = storePartitionFromHeader(collData, arr);
      s.key = `pk:${typeof s.pk}:${String(s.pk)}`;
      s.match = rangeId === undefined ? null : e => e.rangeId === rangeId;
    } else {
      s.match = e => docMatchesPk(paths, e.doc, arr); // hierarchical prefix, undefined marker
    }
    s.rangeId = s.hasPk ? undefined : rangeId;
  }
  return s;
}

/**
 * The base engine reads a container as `$c.reduce(($, c) => cond ? [...$, {c}] : $, [])`, which
 * copies the accumulator for every document (quadratic: minutes for 100,000 documents). This
 * reduce gives the same result for such append-only callbacks (also the JOIN expansions chained
 * after it) in linear time: each call starts from [] and the results are concatenated.
 */
function appendReduce(fn, init) {
  if (!Array.isArray(init) || init.length) return Array.prototype.reduce.call(this, fn, init);
  const out = [];
  for (let i = 0; i < this.length; i += 1) {
    for (const x of fn([], this[i], i, this)) out.push(x);
  }
  Object.defineProperty(out, "reduce", { value: appendReduce }); // JOINs chain the same form
  return out;
}

/** The live documents of a scope in index order (for what the base engine still runs). */
function docsIn(coll, scope) {
  const out = [];
  for (const e of indexOf(coll.documents).list(scope).arr) {
    if (e.alive && (!scope.match || scope.match(e))) out.push(e.doc);
  }
  Object.defineProperty(out, "reduce", { value: appendReduce }); // for the base engine
  return out;
}

// ---- continuation tokens
function encodeToken(t) {
  return { token: TOKEN_PREFIX + Buffer.from(JSON.stringify(t)).toString("base64url"), range: { min: "", max: "FF" } };
}
function decodeToken(continuation) {
  if (!continuation) return null;
  const tok = continuation.token;
  if (typeof tok !== "string" || !tok.startsWith(TOKEN_PREFIX)) throw new HttpError(400, "The continuation token is invalid.");
  try {
    const t = JSON.parse(Buffer.from(tok.slice(TOKEN_PREFIX.length), "base64url").toString("utf8"));
    if (t && typeof t === "object" && Number.isFinite(t.s)) return t;
  } catch (e) { /* below */ }
  throw new HttpError(400, "The continuation token is invalid.");
}
const typeName = v => (v === null ? "null" : Array.isArray(v) ? "array" : typeof v);
const encodeValue = v => {
  const t = typeName(v);
  return [t, t === "array" || t === "object" ? null : v];
};
const decodeValue = ([t, v]) => (t === "array" ? [] : t === "object" ? {} : t === "undefined" ? undefined : v);

// ---- query analysis
function isAggregateCall(n) {
  return !!n && n.type === "scalar_function_expression" && !n.udf && AGGREGATE_NAMES.has(n.name.name.toUpperCase());
}

/** Does the projection call an aggregate (at any depth outside subqueries)? */
function hasAggregate(n) {
  if (!n || typeof n !== "object") return false;
  if (Array.isArray(n)) return n.some(hasAggregate);
  if (n.type === "select_query") return false;
  if (isAggregateCall(n)) return true;
  return Object.values(n).some(hasAggregate);
}

/** The property path of `expr` below `alias` (["a","b"] for c.a.b / c["a"].b), else null. */
function aliasPath(expr, alias) {
  const keys = [];
  let n = expr;
  while (n && n.type === "scalar_member_expression") {
    if (!n.computed) keys.unshift(n.property.name);
    else if (n.property.type === "string_constant") keys.unshift(n.property.value);
    else return null;
    n = n.object;
  }
  return n && n.type === "identifier" && n.name === alias && keys.length ? keys : null;
}

const plans = new Map();
/** How the pager runs a query text, or null when the base engine has to. */
function planOf(text) {
  if (plans.has(text)) return plans.get(text);
  let plan = null;
  try {
    plan = analyse(compile(text));
  } catch (e) {
    plan = null; // syntax errors are reported by the base engine
  }
  if (plans.size > 500) plans.clear();
  plans.set(text, plan);
  return plan;
}

function analyse(q) {
  const ast = q.ast.body;
  if (!ast || ast.type !== "select_query" || !ast.from) return null;
  const src = ast.from.source;
  if (ast.from.joins.length || src.iteration || src.expression.type !== "collection_expression") return null;
  const alias = src.alias ? src.alias.name : src.expression.expression.name;
  if (hasAggregate(ast.select)) return null;
  let order = null;
  if (ast.orderBy) {
    if (ast.orderBy.expressions.length !== 1) return null;
    const ex = ast.orderBy.expressions[0];
    const keys = aliasPath(ex.expression, alias);
    if (!keys) return null;
    order = { keys, desc: ex.order === "DESC" };
  }
  const { code } = q;
  // The base's code reads the container only as `$c.reduce(...)` for a plain FROM.
  if (code.split("$c.").length !== 2 || !code.includes("$c.reduce(")) return null;
  // eslint-disable-next-line no-new-func
  const fn = new Function(`"use strict";return (${code})`)();
  let top = null;
  if (ast.top) top = ast.top.value.type === "parameter_name" ? { param: ast.top.value.name } : ast.top.value.value;
  return { fn, alias, order, top };
}

function topOf(plan, parameters) {
  if (plan.top === null) return Infinity;
  let v = plan.top;
  if (typeof v === "object") {
    const p = (parameters || []).find(x => x.name === v.param);
    v = p ? fidelity.num(p.value) : undefined;
  }
  if (!Number.isInteger(v) || v < 0) throw new HttpError(400, "The TOP value must be a non-negative integer.");
  return v;
}

const valueAt = keys => doc => {
  let v = doc;
  for (const k of keys) {
    if (v === null || typeof v !== "object") return undefined;
    v = v[k];
  }
  return fidelity.num(v);
};

// ---- the walk
/**
 * Collect up to `want` results from rows[start…] (entry = entryOf(row)), skipping dead entries
 * and those the scope excludes; `evalChunk(entries)` returns, in order, [result, entry] pairs.
 * Returns {out, next} where next is the row index of the first result not returned (or -1).
 */
function walk(rows, start, entryOf, match, want, evalChunk) {
  const out = [];
  let i = start;
  let size = Math.min(Math.max(want + 1, 32), MAX_CHUNK);
  while (i < rows.length) {
    const chunk = [];
    const at = new Map();
    for (; i < rows.length && chunk.length < size; i += 1) {
      const e = entryOf(rows[i]);
      if (e.alive && (!match || match(e))) {
        chunk.push(e);
        at.set(e, i);
      }
    }
    for (const [result, e] of evalChunk(chunk)) {
      if (out.length >= want) return { out, next: at.get(e) };
      out.push(result);
    }
    size = Math.min(size * 2, MAX_CHUNK);
  }
  return { out, next: -1 };
}

function chunkRunner(plan, execOpts) {
  const params = {};
  for (const { name, value } of execOpts.parameters || []) params[name.slice(1)] = value;
  const { alias } = plan;
  return entries => {
    const byDoc = new Map(entries.map(e => [e.doc, e]));
    const source = {
      reduce(fn) {
        const acc = [];
        for (const e of entries) {
          const r = fn([], e.doc);
          if (r.length) acc.push(r[0]);
        }
        return acc;
      },
    };
    let pairs;
    try {
      pairs = plan.fn(aggregates, builtins, source, passHelpers, execOpts.udf || {}, params,
        undefined, undefined, execOpts.compositeIndexes || []);
    } catch (err) {
      if (err instanceof HttpError) throw err;
      const e = new HttpError(400, `Query failed: ${err.message}`);
      e.cause = err;
      throw e;
    }
    // SELECT VALUE of an undefined value yields no row (the service omits it; JSON would say null).
    return pairs.filter(([r]) => r !== undefined).map(([r, ctx]) => [helpers.stripUndefined(r), byDoc.get(ctx[alias])]);
  };
}

/**
 * Run `body` (query + parameters) over the scope, one page. Returns {result, continuation}
 * like the base engine, or null when the base engine has to run it.
 */
function queryPage(coll, scope, body, execOpts) {
  const plan = planOf(body.query);
  if (!plan) return null;
  const idx = indexOf(coll.documents);
  const tok = decodeToken(execOpts.continuation);
  const top = topOf(plan, body.parameters);
  const done = tok ? tok.n || 0 : 0;
  const want = Math.min(execOpts.maxItemCount > 0 ? execOpts.maxItemCount : Infinity, top - done);
  const run = chunkRunner(plan, execOpts);
  if (want <= 0) return { result: [], continuation: null };
  if (!plan.order) {
    const list = idx.list(scope);
    const start = tok ? list.lowerBound(tok.s) : 0;
    const { out, next } = walk(list.arr, start, e => e, scope.match, want, run);
    const n = done + out.length;
    const more = next >= 0 && n < top;
    return { result: out, continuation: more ? encodeToken({ s: list.arr[next].seq, n }) : null };
  }
  const snap = idx.snapshot(scope.key, scope, plan.order.keys, plan.order.desc, valueAt(plan.order.keys));
  const { rows } = snap;
  let start = 0;
  if (tok) {
    if (tok.v === snap.version && rows[tok.p] && rows[tok.p].e.seq === tok.s) start = tok.p;
    else start = seekSnapshot(snap, decodeValue(tok.ov || ["undefined", null]), tok.s);
  }
  const { out, next } = walk(rows, start, r => r.e, scope.match, want, run);
  const n = done + out.length;
  if (next < 0 || n >= top) return { result: out, continuation: null };
  const row = rows[next];
  return { result: out, continuation: encodeToken({ p: next, v: snap.version, s: row.e.seq, ov: encodeValue(row.v), n }) };
}

/** First row at or after (value, seq) in the snapshot's order. */
function seekSnapshot(snap, value, seq) {
  const { rows, dir } = snap;
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1; // eslint-disable-line no-bitwise
    const c = compareValues(rows[mid].v, value) * dir || rows[mid].e.seq - seq;
    if (c < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** One page of the read feed (all documents of the scope in index order). */
function feedPage(coll, scope, { maxItemCount, continuation }) {
  const list = indexOf(coll.documents).list(scope);
  const tok = decodeToken(continuation);
  const start = tok ? list.lowerBound(tok.s) : 0;
  const want = maxItemCount > 0 ? maxItemCount : Infinity;
  const { out, next } = walk(list.arr, start, e => e, scope.match, want, es => es.map(e => [e.doc, e]));
  return { result: out, continuation: next >= 0 ? encodeToken({ s: list.arr[next].seq }) : null };
}

/**
 * Change feed over the scope: the latest version of every item written after `startLsn`, in
 * LSN order, optionally only those modified at or after `sinceMs`. Returns [{doc, lsn}].
 */
function changesSince(coll, scope, startLsn, sinceMs, maxItemCount) {
  const log = indexOf(coll.documents).log(scope);
  const out = [];
  const limit = maxItemCount > 0 ? maxItemCount : Infinity;
  for (let i = log.lowerBound(startLsn + 1); i < log.arr.length && out.length < limit; i += 1) {
    const r = log.arr[i];
    const e = r.entry;
    if (!e.alive || e.lsn !== r.lsn || (scope.match && !scope.match(e))) continue; // eslint-disable-line no-continue
    if (sinceMs !== null && e.doc._ts * 1000 < sinceMs) continue; // eslint-disable-line no-continue
    out.push({ doc: e.doc, lsn: r.lsn });
  }
  return out;
}

module.exports = { scopeFor, docsIn, queryPage, feedPage, changesSince, planOf };
