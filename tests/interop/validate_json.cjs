// Validate JSON documents against a JSON Schema (draft 2020-12) with ajv, JavaScript's most
// used validator (an independent implementation), in strict mode:
//   node validate_json.cjs SCHEMA DOCUMENT...
// Prints one line per document; exits 1 if the schema or any document is invalid.
"use strict";
const fs = require("fs");
const Ajv2020 = require("ajv/dist/2020");
const addFormats = require("ajv-formats");

const read = (p) => JSON.parse(fs.readFileSync(p, "utf8"));
const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats(ajv);
let validate;
try {
  validate = ajv.compile(read(process.argv[2]));
} catch (e) {
  console.log(`${process.argv[2]}: the schema is invalid: ${e.message}`);
  process.exit(1);
}
let bad = 0;
for (const path of process.argv.slice(3)) {
  const ok = validate(read(path));
  for (const e of (validate.errors || []).slice(0, 5)) {
    console.log(`${path}: ${e.instancePath || "/"}: ${e.message}`);
  }
  console.log(`${path}: ${ok ? "valid" : "invalid"}`);
  if (!ok) bad += 1;
}
process.exit(bad ? 1 : 0);
