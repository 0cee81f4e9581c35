"use strict";
// The four master-key test vectors from the .NET SDK (AuthorizationHelperTests.cs).
const test = require("node:test");
const assert = require("node:assert");
const { sign, masterAuthHeader, resourceOf } = require("../auth");

const KEY = "VGhpcyBpcyBhIHNhbXBsZSBzdHJpbmc=";
const VECTORS = [
  ["GET", "", "", "Tue, 21 Jul 2020 17:55:31 GMT", "4ldo2CcZsh80o/VDqZFPS+3d2O0hTGfsVmhTfnSlE8g="],
  ["GET", "dbs", "", "Tue, 21 Jul 2020 17:55:33 GMT", "eGk7x5lvE1VKgZ4286y6+axcDJfDbfOFeCDHVg/9sZo="],
  ["POST", "docs", "dbs/92dc837c73484349852a2c8f05777565/colls/ea9ebd7de6aa46d8bc0aa7e29b89236c",
    "Tue, 21 Jul 2020 17:55:37 GMT", "dQGGlBUiVh2cX+LCTXt+fCyAkPRpChou//plVECIuyA="],
  ["GET", "docs", "dpztakyoj5g=", "Tue, 21 Jul 2020 17:55:37 GMT", "nWZ29vBWEbWx7UZlJP+TzbgHoYCVVy6mz004thDJuPc="],
];

for (const [verb, type, link, date, expected] of VECTORS) {
  test(`signature vector ${verb} ${type || "(empty)"} ${link || "(empty)"}`, () => {
    assert.strictEqual(sign(KEY, verb, type, link, date), expected);
  });
}

test("full header of vector 2 is percent-encoded", () => {
  const h = masterAuthHeader(KEY, "GET", "dbs", "", "Tue, 21 Jul 2020 17:55:33 GMT");
  assert.strictEqual(h.toLowerCase(), "type%3dmaster%26ver%3d1.0%26sig%3degk7x5lve1vkgz4286y6%2baxcdjfdbfofecdhvg%2f9szo%3d");
});

test("resource type and link derivation from URL paths", () => {
  assert.deepStrictEqual(resourceOf("/").type, "");
  assert.deepStrictEqual(resourceOf("/dbs").links[0], "");
  assert.deepStrictEqual(resourceOf("/dbs/d/colls/c/docs").type, "docs");
  assert.deepStrictEqual(resourceOf("/dbs/d/colls/c/docs").links[0], "dbs/d/colls/c");
  assert.deepStrictEqual(resourceOf("/dbs/d/colls/c/docs/my%20id").links[0], "dbs/d/colls/c/docs/my id");
  assert.deepStrictEqual(resourceOf("/offers/AbCd").links[0], "abcd");
  assert.deepStrictEqual(resourceOf("/_test/dbs/d/colls/c/conflicts").links[0], "dbs/d/colls/c");
});
