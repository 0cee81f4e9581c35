"use strict";
// `--seed sample`: a small, deterministic account (seeded PRNG; same data on every start).
//   SampleDB (no shared throughput)
//     Products  pk /category, manual 400 RU/s, 1,500 items; sproc bulkUpdatePrice,
//               pre-trigger addTimestamp, UDF tax; 2 seeded conflicts
//     Orders    MultiHash pk [/customerId, /orderMonth], autoscale max 4000, 1,500 orders
//     user "reader" with Read permission "read-products" on dbs/SampleDB/colls/Products
//   TelemetryDB (shared manual 1000 RU/s)
//     Events    pk /deviceId, 500 items, defaultTtl 2592000 (stored, not enforced)
const { Offers } = require("./offers");
const { collStore, validateSproc, validateTrigger } = require("./scripts");
const { seedConflict } = require("./documents");

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CATEGORIES = ["Electronics", "Books", "Kitchen", "Garden", "Toys", "Sports", "Clothing", "Office"];
const ADJ = ["Compact", "Deluxe", "Eco", "Smart", "Classic", "Portable", "Pro", "Mini", "Ultra", "Rustic"];
const NOUN = ["Lamp", "Kettle", "Backpack", "Speaker", "Notebook", "Drill", "Puzzle", "Jacket", "Chair", "Bottle", "Router", "Racket"];
const TAGS = ["new", "sale", "bestseller", "eco", "gift", "limited", "refurbished", "bundle"];
const WAREHOUSES = ["AMS-1", "FRA-2", "DUB-1", "SEA-3"];
const CITIES = ["Lyon", "Porto", "Leeds", "Gdansk", "Utrecht", "Bilbao", "Turin", "Ghent"];
const DEVICE_TYPES = ["thermostat", "meter", "camera", "gateway"];

const BULK_UPDATE_PRICE = `function bulkUpdatePrice(percent) {
  var collection = getContext().getCollection();
  var factor = 1 + (Number(percent) || 0) / 100;
  var updated = 0;
  var accepted = collection.queryDocuments(collection.getSelfLink(), "SELECT * FROM c", {}, function (err, docs) {
    if (err) throw err;
    docs.forEach(function (doc) {
      doc.price = Math.round(doc.price * factor * 100) / 100;
      collection.replaceDocument(doc._self, doc, {}, function (e) { if (e) throw e; });
      updated++;
    });
    console.log("updated " + updated + " items");
    getContext().getResponse().setBody({ updated: updated });
  });
  if (!accepted) throw new Error("query not accepted");
}`;

const ADD_TIMESTAMP = `function addTimestamp() {
  var request = getContext().getRequest();
  var item = request.getBody();
  if (!item.createdAt) item.createdAt = new Date().toISOString();
  item.modifiedAt = new Date().toISOString();
  request.setBody(item);
}`;

const TAX_UDF = "function tax(price) { return Math.round(price * 0.2 * 100) / 100; }";

function isoDay(rand, fromMs, spanDays) {
  return new Date(fromMs + Math.floor(rand() * spanDays) * 86400000 + Math.floor(rand() * 86400000)).toISOString();
}

function createContainer(g, db, def, offerContent) {
  const data = db.collections.create(def);
  if (offerContent) g.offers.add(data, offerContent);
  return db.collection(def.id);
}

function seedSample(g) {
  const { account } = g;
  const rand = mulberry32(20240611);
  const pick = arr => arr[Math.floor(rand() * arr.length)];
  const base = Date.UTC(2024, 0, 1);

  // SampleDB / Products
  account.databases.create({ id: "SampleDB" });
  const sample = account.database("SampleDB");
  const products = createContainer(g, sample, { id: "Products", partitionKey: { paths: ["/category"], kind: "Hash", version: 2 } },
    Offers.contentFromHeaders({ "x-ms-offer-throughput": "400" }));
  for (let i = 1; i <= 1500; i += 1) {
    const tags = TAGS.filter(() => rand() < 0.25);
    products.documents.create({
      id: `prod-${String(i).padStart(4, "0")}`,
      name: `${pick(ADJ)} ${pick(NOUN)}`,
      category: CATEGORIES[i % CATEGORIES.length],
      price: Math.round((2 + rand() * 498) * 100) / 100,
      tags,
      dimensions: { widthCm: Math.round(rand() * 100), heightCm: Math.round(rand() * 100), depthCm: Math.round(rand() * 60), weightKg: Math.round(rand() * 2000) / 100 },
      stock: { warehouse: pick(WAREHOUSES), qty: Math.floor(rand() * 500) },
      createdAt: isoDay(rand, base, 365),
    });
  }
  collStore(products, "sprocs").create(validateSproc({ id: "bulkUpdatePrice", body: BULK_UPDATE_PRICE }));
  collStore(products, "triggers").create(validateTrigger({ id: "addTimestamp", body: ADD_TIMESTAMP, triggerType: "Pre", triggerOperation: "All" }));
  products.userDefinedFunctions.create({ id: "tax", body: TAX_UDF });
  const p1 = products.document("prod-0001", "Books").read() || products.documents.read().result[0];
  const p2 = products.documents.read().result[1];
  seedConflict(products, { id: "conflict-1", content: { ...p1, price: p1.price + 1 }, operationType: "replace" });
  seedConflict(products, { id: "conflict-2", content: { ...p2, stock: { ...p2.stock, qty: 0 } }, operationType: "replace" });

  // SampleDB / Orders (hierarchical partition key)
  const orders = createContainer(g, sample, { id: "Orders", partitionKey: { paths: ["/customerId", "/orderMonth"], kind: "MultiHash", version: 2 } },
    Offers.contentFromHeaders({ "x-ms-cosmos-offer-autopilot-settings": "{\"maxThroughput\":4000}" }));
  const productId = () => `prod-${String(1 + Math.floor(rand() * 1500)).padStart(4, "0")}`;
  for (let i = 1; i <= 1500; i += 1) {
    const orderDate = isoDay(rand, base, 365);
    const lines = [];
    const n = 1 + Math.floor(rand() * 4);
    for (let j = 0; j < n; j += 1) lines.push({ productId: productId(), qty: 1 + Math.floor(rand() * 5), unitPrice: Math.round((2 + rand() * 200) * 100) / 100 });
    orders.documents.create({
      id: `order-${String(i).padStart(5, "0")}`,
      customerId: `cust-${String(1 + Math.floor(rand() * 200)).padStart(3, "0")}`,
      orderMonth: orderDate.slice(0, 7),
      orderDate,
      status: pick(["placed", "shipped", "delivered", "returned"]),
      shipTo: { city: pick(CITIES), postcode: String(10000 + Math.floor(rand() * 89999)) },
      lines,
      total: Math.round(lines.reduce((s, l) => s + l.qty * l.unitPrice, 0) * 100) / 100,
    });
  }

  // TelemetryDB (shared throughput) / Events
  const tdata = account.databases.create({ id: "TelemetryDB" });
  g.offers.add(tdata, Offers.contentFromHeaders({ "x-ms-offer-throughput": "1000" }));
  const telemetry = account.database("TelemetryDB");
  const events = createContainer(g, telemetry, { id: "Events", partitionKey: { paths: ["/deviceId"], kind: "Hash", version: 2 }, defaultTtl: 2592000 }, null);
  for (let i = 1; i <= 500; i += 1) {
    const type = pick(DEVICE_TYPES);
    events.documents.create({
      id: `evt-${String(i).padStart(4, "0")}`,
      deviceId: `dev-${String(1 + Math.floor(rand() * 40)).padStart(2, "0")}`,
      deviceType: type,
      timestamp: isoDay(rand, Date.UTC(2024, 5, 1), 30),
      reading: { value: Math.round(rand() * 10000) / 100, unit: type === "thermostat" ? "C" : "kWh" },
      alerts: rand() < 0.1 ? ["threshold"] : [],
    });
  }

  // user + Read permission on Products
  const users = g.users.usersOf("SampleDB");
  users.create({ id: "reader" });
  g.users.permsOf("SampleDB", "reader").create({ id: "read-products", permissionMode: "Read", resource: "dbs/SampleDB/colls/Products" });
}

module.exports = { seedSample, mulberry32 };
