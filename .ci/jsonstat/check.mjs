// Reads a JSON-stat answer of Byregion API with the JSON-stat reference library (jsonstat-toolkit) and
// compares every value with the JSON answer of the same query: observations, region totals or indicators.
// Usage: node check.mjs JSONSTAT JSON
import { readFileSync } from "node:fs";
import JSONstat from "jsonstat-toolkit";

const [statFile, jsonFile] = process.argv.slice(2);
const ds = JSONstat(JSON.parse(readFileSync(statFile, "utf8")));
if (ds.class !== "dataset") throw new Error(`class ${ds.class}, want dataset`);
const rows = JSON.parse(readFileSync(jsonFile, "utf8"));

// The values a JSON row holds, by contents category, and its subject.
function cells(row) {
  if ("computed" in row) { // a region total
    const out = {};
    if (row.computed) out.computed = row.computed.value;
    if (row.reported) out.reported = row.reported.value;
    return [row.region.id, row.region.name, out];
  }
  if ("population" in row && "subject" in row) { // an indicator
    const out = { population: row.population };
    if (row.density !== null) out.density = row.density;
    if (row.change) { out.change = row.change.absolute; out.change_percent = row.change.percent; }
    return [row.subject.id, row.subject.name, out];
  }
  const subject = row.municipality ? row.municipality : { code: row.region.id, name: row.region.name };
  return [subject.code, subject.name, { [row.kind]: row.value ?? row.value_km2 }];
}

let compared = 0;
for (const row of rows) {
  const [subject, name, values] = cells(row);
  for (const [content, want] of Object.entries(values)) {
    const cell = ds.Data({ Region: subject, Tid: row.reference_date, ContentsCode: content });
    if (!cell || cell.value !== want) {
      throw new Error(`${subject} ${row.reference_date} ${content}: JSON-stat ${cell && cell.value}, JSON ${want}`);
    }
    compared++;
  }
  const label = ds.Dimension("Region").Category(subject).label;
  if (label !== name) throw new Error(`label of ${subject}: ${label}, want ${name}`);
}
const filled = ds.value.filter((v) => v !== null).length;
if (filled !== compared) throw new Error(`${filled} values in the dataset, ${compared} in the JSON answer`);
console.log(`ok: ${compared} values agree; source: ${(ds.source || "").slice(0, 60)}`);
