"use strict";
// The oracle corpus: queries over the generated dataset (dataset.js), each with a reference
// evaluator that computes the expected result from the raw documents (never from a server).
// An entry: { name, container, sql (text, or a function of the documents in scope),
//   parameters?, ordered (compare in order, else as multisets), system (whole documents: the
//   service's _rid/_ts/… are dropped before comparing), expect(docs), skip?: {sdk|core|cli:
//   reason, or "client:scope" for one scope} }. `docs` is the container's documents, or those of one partition for the scoped
//   runs; expect() gets the same array the query ran over.
const S = require("./semantics");

const { get, obj, vals, elems, sortBy, distinct, groupBy, ne, gt, ge, isNum, isStr } = S;
const W = (docs, pred) => docs.filter(pred);
const ids = docs => docs.map(d => d.id);

const items = [];
const hier = [];
const q = (name, sql, expect, extra = {}) => items.push({ name, container: "items", sql, expect, ordered: false, ...extra });
const h = (name, sql, expect, extra = {}) => hier.push({ name, container: "hier", sql, expect, ordered: false, ...extra });

// ---- filters, projections, undefined vs null, comparisons across types
q("select-star", "SELECT * FROM c", docs => docs, { system: true });
q("where-eq-string", "SELECT c.id FROM c WHERE c.cat = \"toys\"", docs => W(docs, d => d.cat === "toys").map(d => ({ id: d.id })));
q("where-range", "SELECT VALUE c.id FROM c WHERE c.n >= 100 AND c.n < 120", docs => ids(W(docs, d => d.n >= 100 && d.n < 120)));
q("mixed-gt-number", "SELECT VALUE c.id FROM c WHERE c.mixed > 5", docs => ids(W(docs, d => gt(d.mixed, 5))));
q("mixed-ge-string", "SELECT VALUE c.mixed FROM c WHERE c.mixed >= \"Z\"", docs => W(docs, d => ge(d.mixed, "Z")).map(d => d.mixed));
q("mixed-eq-null", "SELECT VALUE c.id FROM c WHERE c.mixed = null", docs => ids(W(docs, d => d.mixed === null)));
q("mixed-ne-number", "SELECT VALUE c.id FROM c WHERE c.mixed != 0", docs => ids(W(docs, d => ne(d.mixed, 0) === true)));
q("or-with-undefined", "SELECT VALUE c.id FROM c WHERE c.mixed > 10 OR c.flag = true",
  docs => ids(W(docs, d => gt(d.mixed, 10) || d.flag === true)));
q("object-equality", "SELECT VALUE c.id FROM c WHERE c.mixed = {\"k\": 2}", docs => ids(W(docs, d => S.eq(d.mixed, { k: 2 }))));
q("array-equality", "SELECT VALUE c.id FROM c WHERE c.mixed = [1, \"a\"]", docs => ids(W(docs, d => S.eq(d.mixed, [1, "a"]))));
q("not-of-undefined", "SELECT VALUE c.id FROM c WHERE NOT (c.mixed > 3)", docs => ids(W(docs, d => isNum(d.mixed) && !(d.mixed > 3))));
q("nested-path", "SELECT c.id, c.nested.level1.level2.v FROM c WHERE c.nested.level1.level2.v > 4",
  docs => W(docs, d => gt(get(d, "nested", "level1", "level2", "v"), 4)).map(d => ({ id: d.id, v: d.nested.level1.level2.v })));
q("nested-array-index", "SELECT VALUE c.nested.level1.arr[1].w FROM c", docs => vals(docs.map(d => get(d, "nested", "level1", "arr", 1, "w"))));
q("bracket-unicode-value", "SELECT VALUE c.id FROM c WHERE c[\"pk\"] = \"ünïcödé\"", docs => ids(W(docs, d => d.pk === "ünïcödé")));
q("between", "SELECT VALUE c.id FROM c WHERE c.qty BETWEEN 5 AND 7", docs => ids(W(docs, d => d.qty >= 5 && d.qty <= 7)));
q("in-list", "SELECT VALUE c.id FROM c WHERE c.name IN (\"Ada1\", \"zoë3\", \"日本語7\")",
  docs => ids(W(docs, d => ["Ada1", "zoë3", "日本語7"].includes(d.name))));
q("unicode-equality", "SELECT VALUE c.id FROM c WHERE c.note = \"emoji 😀 fun\"", docs => ids(W(docs, d => d.note === "emoji 😀 fun")));
q("escapes-in-strings", "SELECT VALUE c.note FROM c WHERE c.note IN (\"tab\\there\", \"quote \\\"q\\\"\", \"back\\\\slash\")",
  docs => W(docs, d => ["tab\there", "quote \"q\"", "back\\slash"].includes(d.note)).map(d => d.note));
q("empty-no-match", "SELECT * FROM c WHERE c.n < 0", () => [], { system: true });
q("empty-value-no-match", "SELECT VALUE c.id FROM c WHERE c.cat = \"nothing\"", () => []);
q("projection-missing-field", "SELECT c.id, c.price FROM c WHERE c.n < 40", docs => W(docs, d => d.n < 40).map(d => obj({ id: d.id, price: d.price })));
q("unnamed-expression", "SELECT c.n * 2 FROM c WHERE c.n < 10", docs => W(docs, d => d.n < 10).map(d => ({ $1: d.n * 2 })));
q("unnamed-several", "SELECT c.id, c.qty + 1, UPPER(c.cat) FROM c WHERE c.n < 20",
  docs => W(docs, d => d.n < 20).map(d => ({ id: d.id, $1: d.qty + 1, $2: d.cat.toUpperCase() })));
q("path-names-last-segment", "SELECT c.nested.level1.level2.v, c.id FROM c WHERE c.n < 30",
  docs => W(docs, d => d.n < 30).map(d => obj({ v: get(d, "nested", "level1", "level2", "v"), id: d.id })));
q("object-literal-alias", "SELECT {\"k\": c.id, \"q\": c.qty} AS o FROM c WHERE c.n < 15",
  docs => W(docs, d => d.n < 15).map(d => ({ o: { k: d.id, q: d.qty } })));
q("value-object-undefined-member", "SELECT VALUE {\"id\": c.id, \"gone\": c.nope, \"p\": c.price} FROM c WHERE c.n < 25",
  docs => W(docs, d => d.n < 25).map(d => obj({ id: d.id, p: d.price })));
q("value-array-literal", "SELECT VALUE [c.id, c.qty] FROM c WHERE c.n < 10", docs => W(docs, d => d.n < 10).map(d => [d.id, d.qty]));
q("ternary", "SELECT VALUE (c.qty > 10 ? \"hi\" : \"lo\") FROM c WHERE c.n < 30",
  docs => W(docs, d => d.n < 30).map(d => (d.qty > 10 ? "hi" : "lo")));
q("coalesce", "SELECT VALUE c.price ?? -1 FROM c WHERE c.n < 50",
  docs => W(docs, d => d.n < 50).map(d => (d.price === undefined ? -1 : d.price)));

// ---- type checks
q("is-defined", "SELECT VALUE c.id FROM c WHERE IS_DEFINED(c.price)", docs => ids(W(docs, d => d.price !== undefined)));
q("not-is-defined", "SELECT VALUE c.id FROM c WHERE NOT IS_DEFINED(c.tags)", docs => ids(W(docs, d => d.tags === undefined)));
q("is-null", "SELECT VALUE c.id FROM c WHERE IS_NULL(c.group)", docs => ids(W(docs, d => d.group === null)));
q("type-checks", "SELECT c.id, IS_NUMBER(c.mixed) AS num, IS_STRING(c.mixed) AS str, IS_BOOL(c.mixed) AS b, "
  + "IS_ARRAY(c.mixed) AS arr, IS_OBJECT(c.mixed) AS o, IS_PRIMITIVE(c.mixed) AS prim FROM c WHERE c.n < 30",
docs => W(docs, d => d.n < 30).map(d => {
  const m = d.mixed;
  return { id: d.id, num: isNum(m), str: isStr(m), b: typeof m === "boolean", arr: Array.isArray(m),
    o: m !== null && typeof m === "object" && !Array.isArray(m), prim: m === null || ["number", "string", "boolean"].includes(typeof m) };
}));
q("empty-array", "SELECT VALUE c.id FROM c WHERE IS_ARRAY(c.tags) AND ARRAY_LENGTH(c.tags) = 0",
  docs => ids(W(docs, d => Array.isArray(d.tags) && d.tags.length === 0)));

// ---- arrays, JOIN, subqueries
q("array-contains", "SELECT VALUE c.id FROM c WHERE ARRAY_CONTAINS(c.tags, \"red\")", docs => ids(W(docs, d => elems(d.tags).includes("red"))));
q("array-contains-partial", "SELECT VALUE c.id FROM c WHERE ARRAY_CONTAINS(c.objs, {\"k\": 2}, true)",
  docs => ids(W(docs, d => elems(d.objs).some(o => o.k === 2))));
q("array-contains-whole", "SELECT VALUE c.id FROM c WHERE ARRAY_CONTAINS(c.objs, {\"k\": 2})",
  docs => ids(W(docs, d => elems(d.objs).some(o => S.canonical(o) === "{\"k\":2}"))));
q("array-length", "SELECT c.id, ARRAY_LENGTH(c.scores) AS len FROM c WHERE c.n < 40",
  docs => W(docs, d => d.n < 40).map(d => obj({ id: d.id, len: Array.isArray(d.scores) ? d.scores.length : undefined })));
q("array-slice", "SELECT VALUE ARRAY_SLICE(c.scores, 1, 2) FROM c WHERE c.n < 60",
  docs => vals(W(docs, d => d.n < 60).map(d => (Array.isArray(d.scores) ? d.scores.slice(1, 3) : undefined))));
q("join-value", "SELECT VALUE t FROM c JOIN t IN c.tags", docs => docs.flatMap(d => elems(d.tags)));
q("join-bare-identifier", "SELECT c.id, t FROM c JOIN t IN c.tags WHERE c.n < 100",
  docs => W(docs, d => d.n < 100).flatMap(d => elems(d.tags).map(t => ({ id: d.id, t }))));
// the same over a field that is an array or missing, so the naming of `s` is what is checked
q("join-bare-identifier-array", "SELECT c.id, s FROM c JOIN s IN c.scores WHERE c.n < 100",
  docs => W(docs, d => d.n < 100).flatMap(d => elems(d.scores).map(s => ({ id: d.id, s }))));
q("join-filter-alias", "SELECT c.id, s AS score FROM c JOIN s IN c.scores WHERE s > 90",
  docs => docs.flatMap(d => elems(d.scores).filter(s => s > 90).map(s => ({ id: d.id, score: s }))));
q("join-two-arrays", "SELECT c.id, t, o.k FROM c JOIN t IN c.tags JOIN o IN c.objs WHERE c.n < 60",
  docs => W(docs, d => d.n < 60).flatMap(d => elems(d.tags).flatMap(t => elems(d.objs).map(o => ({ id: d.id, t, k: o.k })))));
q("join-count", "SELECT VALUE COUNT(1) FROM c JOIN t IN c.tags", docs => [docs.flatMap(d => elems(d.tags)).length]);
q("exists", "SELECT VALUE c.id FROM c WHERE EXISTS(SELECT VALUE t FROM t IN c.tags WHERE t = \"blue\")",
  docs => ids(W(docs, d => elems(d.tags).includes("blue"))));
q("not-exists", "SELECT VALUE c.id FROM c WHERE NOT EXISTS(SELECT VALUE s FROM s IN c.scores WHERE s > 50)",
  docs => ids(W(docs, d => !elems(d.scores).some(s => s > 50))));
q("array-subquery", "SELECT c.id, ARRAY(SELECT VALUE s * 2 FROM s IN c.scores WHERE s > 50) AS big FROM c WHERE c.n < 50",
  docs => W(docs, d => d.n < 50).map(d => ({ id: d.id, big: elems(d.scores).filter(s => s > 50).map(s => s * 2) })));
q("scalar-subquery-count", "SELECT c.id, (SELECT VALUE COUNT(1) FROM t IN c.tags) AS nt FROM c WHERE c.n < 50",
  docs => W(docs, d => d.n < 50).map(d => ({ id: d.id, nt: elems(d.tags).length })));
q("subquery-max-in-where", "SELECT VALUE c.id FROM c WHERE (SELECT VALUE MAX(s) FROM s IN c.scores) > 95",
  docs => ids(W(docs, d => gt(S.maxOf(elems(d.scores)), 95))));

// ---- string functions
q("contains", "SELECT VALUE c.id FROM c WHERE CONTAINS(c.name, \"a\")", docs => ids(W(docs, d => d.name.includes("a"))));
q("contains-ignore-case", "SELECT VALUE c.id FROM c WHERE CONTAINS(c.name, \"A\", true)",
  docs => ids(W(docs, d => d.name.toLowerCase().includes("a"))));
q("startswith", "SELECT VALUE c.name FROM c WHERE STARTSWITH(c.name, \"Ł\")", docs => W(docs, d => d.name.startsWith("Ł")).map(d => d.name));
q("endswith", "SELECT VALUE c.id FROM c WHERE ENDSWITH(c.name, \"3\")", docs => ids(W(docs, d => d.name.endsWith("3"))));
q("upper-lower", "SELECT c.id, UPPER(c.name) AS u, LOWER(c.name) AS l FROM c WHERE c.n < 40",
  docs => W(docs, d => d.n < 40).map(d => ({ id: d.id, u: d.name.toUpperCase(), l: d.name.toLowerCase() })));
q("substring", "SELECT VALUE SUBSTRING(c.name, 1, 3) FROM c WHERE c.n < 40", docs => W(docs, d => d.n < 40).map(d => d.name.substr(1, 3)));
q("length-of-non-string", "SELECT c.id, LENGTH(c.name) AS len, LENGTH(c.mixed) AS lm FROM c WHERE c.n < 40",
  docs => W(docs, d => d.n < 40).map(d => obj({ id: d.id, len: d.name.length, lm: isStr(d.mixed) ? d.mixed.length : undefined })));
q("concat", "SELECT VALUE CONCAT(c.cat, \"-\", c.name) FROM c WHERE c.n < 30", docs => W(docs, d => d.n < 30).map(d => `${d.cat}-${d.name}`));
q("concat-non-string", "SELECT c.id, CONCAT(c.cat, c.mixed) AS x FROM c WHERE c.n < 21",
  docs => W(docs, d => d.n < 21).map(d => obj({ id: d.id, x: isStr(d.mixed) ? d.cat + d.mixed : undefined })));
q("trim", "SELECT VALUE TRIM(c.name) FROM c WHERE STARTSWITH(c.name, \" \")", docs => W(docs, d => d.name.startsWith(" ")).map(d => d.name.trim()));
q("index-of", "SELECT c.id, INDEX_OF(c.name, \"a\") AS i FROM c WHERE c.n < 40",
  docs => W(docs, d => d.n < 40).map(d => ({ id: d.id, i: d.name.indexOf("a") })));
q("replace", "SELECT VALUE REPLACE(c.note, \" \", \"_\") FROM c WHERE c.n < 40", docs => W(docs, d => d.n < 40).map(d => d.note.split(" ").join("_")));

// ---- math
q("abs-floor-ceiling-round", "SELECT c.id, ABS(c.price) AS a, FLOOR(c.price) AS f, CEILING(c.price) AS ce, ROUND(c.price) AS r, "
  + "TRUNC(c.price) AS t FROM c WHERE IS_NUMBER(c.price) AND c.n < 150",
docs => W(docs, d => isNum(d.price) && d.n < 150).map(d => ({
  id: d.id, a: Math.abs(d.price), f: Math.floor(d.price), ce: Math.ceil(d.price), r: S.round(d.price), t: Math.trunc(d.price),
})));
q("math-on-non-number", "SELECT c.id, ABS(c.price) AS a, FLOOR(c.mixed) AS f FROM c WHERE NOT IS_NUMBER(c.price)",
  docs => W(docs, d => !isNum(d.price)).map(d => obj({ id: d.id, f: isNum(d.mixed) ? Math.floor(d.mixed) : undefined })));
q("arithmetic", "SELECT VALUE c.qty * 3 - c.n % 7 FROM c WHERE c.n < 50", docs => W(docs, d => d.n < 50).map(d => d.qty * 3 - (d.n % 7)));
q("arithmetic-on-mixed", "SELECT VALUE c.mixed + 1 FROM c", docs => vals(docs.map(d => (isNum(d.mixed) ? d.mixed + 1 : undefined))));

// ---- ORDER BY, TOP, OFFSET/LIMIT
const byN = docs => sortBy(docs, [[d => d.n, 1]]);
q("orderby-desc", "SELECT VALUE c.id FROM c ORDER BY c.n DESC", docs => ids(sortBy(docs, [[d => d.n, -1]])), { ordered: true });
q("orderby-unicode-strings", "SELECT c.name FROM c ORDER BY c.name", docs => sortBy(docs, [[d => d.name, 1]]).map(d => ({ name: d.name })), { ordered: true });
const sdkMixedOrderBy = { "sdk:cross": "@azure/cosmos refuses cross-partition ORDER BY over mixed types (orderByDocumentProducerComparator: \"unrecognizable type object\" for null, \"Cannot execute cross partition order-by queries on mixed types\")" };
q("orderby-mixed-types", "SELECT c.sortv FROM c ORDER BY c.sortv", docs => sortBy(docs, [[d => d.sortv, 1]]).map(d => obj({ sortv: d.sortv })),
  { ordered: true, skip: sdkMixedOrderBy });
q("orderby-mixed-types-desc", "SELECT c.sortv FROM c ORDER BY c.sortv DESC",
  docs => sortBy(docs, [[d => d.sortv, -1]]).map(d => obj({ sortv: d.sortv })), { ordered: true, skip: sdkMixedOrderBy });
q("orderby-composite", "SELECT c.id, c.cat, c.n FROM c ORDER BY c.cat, c.n",
  docs => sortBy(docs, [[d => d.cat, 1], [d => d.n, 1]]).map(d => ({ id: d.id, cat: d.cat, n: d.n })), { ordered: true });
q("orderby-composite-reversed", "SELECT VALUE c.id FROM c ORDER BY c.cat DESC, c.n DESC",
  docs => ids(sortBy(docs, [[d => d.cat, -1], [d => d.n, -1]])), { ordered: true });
q("orderby-composite-asc-desc", "SELECT VALUE c.id FROM c ORDER BY c.cat ASC, c.n DESC",
  docs => ids(sortBy(docs, [[d => d.cat, 1], [d => d.n, -1]])), { ordered: true });
q("orderby-three-fields", "SELECT VALUE c.id FROM c ORDER BY c.pk, c.qty, c.n",
  docs => ids(sortBy(docs, [[d => d.pk, 1], [d => d.qty, 1], [d => d.n, 1]])), { ordered: true });
q("orderby-param-where", "SELECT c.id, c.qty FROM c WHERE c.qty >= @min ORDER BY c.qty DESC, c.n ASC",
  docs => sortBy(W(docs, d => d.qty >= 15), [[d => d.qty, -1], [d => d.n, 1]]).map(d => ({ id: d.id, qty: d.qty })),
  { ordered: true, parameters: [{ name: "@min", value: 15 }] });
q("top-orderby", "SELECT TOP 7 c.id, c.n FROM c ORDER BY c.n DESC",
  docs => sortBy(docs, [[d => d.n, -1]]).slice(0, 7).map(d => ({ id: d.id, n: d.n })), { ordered: true });
q("top-param", "SELECT TOP @k VALUE c.id FROM c ORDER BY c.n", docs => ids(byN(docs).slice(0, 4)),
  { ordered: true, parameters: [{ name: "@k", value: 4 }] });
q("top-past-end", "SELECT TOP 1000 VALUE c.id FROM c", docs => ids(docs));
q("offset-zero", "SELECT VALUE c.id FROM c ORDER BY c.n OFFSET 0 LIMIT 5", docs => ids(byN(docs).slice(0, 5)), { ordered: true });
q("offset-middle-composite", "SELECT VALUE c.id FROM c ORDER BY c.cat, c.n OFFSET 10 LIMIT 10",
  docs => ids(sortBy(docs, [[d => d.cat, 1], [d => d.n, 1]]).slice(10, 20)), { ordered: true });
q("offset-exact-end", docs => `SELECT VALUE c.id FROM c ORDER BY c.n OFFSET ${docs.length - 5} LIMIT 5`,
  docs => ids(byN(docs).slice(docs.length - 5)), { ordered: true });
q("offset-limit-past-end", docs => `SELECT VALUE c.id FROM c ORDER BY c.n OFFSET ${docs.length - 3} LIMIT 10`,
  docs => ids(byN(docs).slice(docs.length - 3)), { ordered: true });
q("offset-beyond-end", docs => `SELECT VALUE c.id FROM c ORDER BY c.n OFFSET ${docs.length + 3} LIMIT 5`, () => [], { ordered: true });
q("limit-zero", "SELECT VALUE c.id FROM c ORDER BY c.n OFFSET 5 LIMIT 0", () => [], { ordered: true });

// ---- DISTINCT
// @azure/cosmos 4.9.3 drops falsy values in its DISTINCT stages (`if (item)` in
// Unordered/OrderedDistinctEndpointComponent.js): "", 0, false and null never come back.
const sdkDistinctFalsy = { sdk: "@azure/cosmos drops falsy values (\"\", 0, false, null) in its DISTINCT stages (if (item))" };
q("distinct-value", "SELECT DISTINCT VALUE c.cat FROM c", docs => distinct(docs.map(d => d.cat)));
q("distinct-mixed-types", "SELECT DISTINCT VALUE c.mixed FROM c", docs => distinct(vals(docs.map(d => d.mixed))), { skip: sdkDistinctFalsy });
q("distinct-object-null-undefined", "SELECT DISTINCT c.group FROM c", docs => distinct(docs.map(d => obj({ group: d.group }))));
q("distinct-two-fields", "SELECT DISTINCT c.cat, c.flag FROM c", docs => distinct(docs.map(d => obj({ cat: d.cat, flag: d.flag }))));
q("distinct-orderby", "SELECT DISTINCT VALUE c.qty FROM c ORDER BY c.qty",
  docs => distinct(sortBy(docs, [[d => d.qty, 1]]).map(d => d.qty)), { ordered: true, skip: sdkDistinctFalsy });

// ---- aggregates
q("count-value", "SELECT VALUE COUNT(1) FROM c", docs => [docs.length]);
q("count-alias", "SELECT COUNT(1) AS n FROM c", docs => [{ n: docs.length }]);
q("count-unnamed", "SELECT COUNT(1) FROM c", docs => [{ $1: docs.length }]);
q("count-field-counts-null", "SELECT VALUE COUNT(c.price) FROM c", docs => [S.count(docs.map(d => d.price))]);
q("sum-avg-min-max", "SELECT SUM(c.qty) AS s, AVG(c.qty) AS a, MIN(c.qty) AS mn, MAX(c.qty) AS mx FROM c",
  docs => [{ s: S.sum(docs.map(d => d.qty)), a: S.avg(docs.map(d => d.qty)), mn: S.minOf(docs.map(d => d.qty)), mx: S.maxOf(docs.map(d => d.qty)) }]);
q("min-max-mixed-types", "SELECT MIN(c.sortv) AS mn, MAX(c.sortv) AS mx FROM c",
  docs => [obj({ mn: S.minOf(docs.map(d => d.sortv)), mx: S.maxOf(docs.map(d => d.sortv)) })]);
q("sum-of-mixed-is-undefined", "SELECT SUM(c.mixed) AS s FROM c", docs => [obj({ s: S.sum(docs.map(d => d.mixed)) })],
  { skip: { "sdk:cross": "@azure/cosmos's SumAggregator adds a range's undefined partial ({} → null) as null (null + null = 0); the .NET SDK keeps the SUM undefined" } });
q("count-empty", "SELECT VALUE COUNT(1) FROM c WHERE c.cat = \"none\"", () => [0]);
q("avg-empty", "SELECT VALUE AVG(c.qty) FROM c WHERE c.cat = \"none\"", () => []);
q("sum-param", "SELECT VALUE SUM(c.qty) FROM c WHERE c.cat = @cat", docs => [S.sum(W(docs, d => d.cat === "tools").map(d => d.qty))],
  { parameters: [{ name: "@cat", value: "tools" }] });
q("param-unicode", "SELECT VALUE c.id FROM c WHERE c.pk = @pk", docs => ids(W(docs, d => d.pk === "数据")),
  { parameters: [{ name: "@pk", value: "数据" }] });
q("max-string", "SELECT VALUE MAX(c.name) FROM c", docs => vals([S.maxOf(docs.map(d => d.name))]));
q("param-array", "SELECT VALUE c.id FROM c WHERE ARRAY_CONTAINS(@names, c.name)", docs => ids(W(docs, d => ["bob4", "Çelik2", "mañana0"].includes(d.name))),
  { parameters: [{ name: "@names", value: ["bob4", "Çelik2", "mañana0"] }] });

// ---- GROUP BY
const grouped = (docs, keyFns, row) => groupBy(docs, keyFns).map(g => row(g.keys, g.rows));
q("groupby-one-key", "SELECT c.cat, COUNT(1) AS n FROM c GROUP BY c.cat", docs => grouped(docs, [d => d.cat], ([cat], rows) => ({ cat, n: rows.length })));
q("groupby-null-and-undefined-keys", "SELECT c.group, COUNT(1) AS n, SUM(c.qty) AS q FROM c GROUP BY c.group",
  docs => grouped(docs, [d => d.group], ([group], rows) => obj({ group, n: rows.length, q: S.sum(rows.map(r => r.qty)) })));
q("groupby-two-keys", "SELECT c.cat, c.flag, COUNT(1) AS n FROM c GROUP BY c.cat, c.flag",
  docs => grouped(docs, [d => d.cat, d => d.flag], ([cat, flag], rows) => obj({ cat, flag, n: rows.length })));
q("groupby-value-key", "SELECT VALUE c.cat FROM c GROUP BY c.cat", docs => distinct(docs.map(d => d.cat)));
q("groupby-min-max-avg", "SELECT c.cat, MIN(c.n) AS lo, MAX(c.n) AS hi, AVG(c.qty) AS a FROM c GROUP BY c.cat",
  docs => grouped(docs, [d => d.cat], ([cat], rows) => ({ cat, lo: S.minOf(rows.map(r => r.n)), hi: S.maxOf(rows.map(r => r.n)), a: S.avg(rows.map(r => r.qty)) })));
q("groupby-expression", "SELECT c.qty % 3 AS m, COUNT(1) AS n FROM c GROUP BY c.qty % 3",
  docs => grouped(docs, [d => d.qty % 3], ([m], rows) => ({ m, n: rows.length })));
q("groupby-value-count", "SELECT VALUE COUNT(1) FROM c GROUP BY c.cat", docs => grouped(docs, [d => d.cat], (k, rows) => rows.length));
q("groupby-empty", "SELECT c.cat, COUNT(1) AS n FROM c WHERE c.n < 0 GROUP BY c.cat", () => []);

// ---- the hierarchical-key container
h("hier-select-star", "SELECT * FROM c", docs => docs, { system: true });
h("hier-orderby-composite", "SELECT c.id, c.amount FROM c ORDER BY c.amount DESC, c.id ASC",
  docs => sortBy(docs, [[d => d.amount, -1], [d => d.id, 1]]).map(d => ({ id: d.id, amount: d.amount })), { ordered: true });
h("hier-where", "SELECT VALUE c.id FROM c WHERE c.tenant = \"t2\" AND c.amount > 200", docs => ids(W(docs, d => d.tenant === "t2" && d.amount > 200)));
h("hier-groupby-both-keys", "SELECT c.tenant, c.region, SUM(c.amount) AS total, COUNT(1) AS n FROM c GROUP BY c.tenant, c.region",
  docs => grouped(docs, [d => d.tenant, d => d.region], ([tenant, region], rows) => ({ tenant, region, total: S.sum(rows.map(r => r.amount)), n: rows.length })));
h("hier-join", "SELECT c.id, l.sku, l.q FROM c JOIN l IN c.lines WHERE l.q > 2",
  docs => docs.flatMap(d => elems(d.lines).filter(l => l.q > 2).map(l => ({ id: d.id, sku: l.sku, q: l.q }))));
h("hier-count", "SELECT VALUE COUNT(1) FROM c", docs => [docs.length]);
h("hier-top-composite", "SELECT TOP 5 c.region, c.amount FROM c ORDER BY c.region, c.amount",
  docs => sortBy(docs, [[d => d.region, 1], [d => d.amount, 1]]).slice(0, 5).map(d => ({ region: d.region, amount: d.amount })), { ordered: true });
h("hier-distinct", "SELECT DISTINCT VALUE c.kind FROM c", docs => distinct(docs.map(d => d.kind)));
h("hier-exists", "SELECT VALUE c.id FROM c WHERE EXISTS(SELECT VALUE l FROM l IN c.lines WHERE l.sku = \"s3\")",
  docs => ids(W(docs, d => elems(d.lines).some(l => l.sku === "s3"))));
h("hier-offset-limit", "SELECT VALUE c.id FROM c ORDER BY c.amount DESC, c.id ASC OFFSET 3 LIMIT 4",
  docs => ids(sortBy(docs, [[d => d.amount, -1], [d => d.id, 1]]).slice(3, 7)), { ordered: true });

// Normalize: `sql` may be text or a function of the documents in scope.
const CORPUS = [...items, ...hier].map(e => ({
  ...e,
  sqlFor: typeof e.sql === "function" ? e.sql : () => e.sql,
  parameters: e.parameters || [],
}));

module.exports = { CORPUS };
