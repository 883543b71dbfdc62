// Reads a JSON-stat answer of Byregion API with the JSON-stat reference library (jsonstat-toolkit) and
// compares every value with the JSON answer of the same query. Usage: node check.mjs JSONSTAT JSON
import { readFileSync } from "node:fs";
import JSONstat from "jsonstat-toolkit";

const [statFile, jsonFile] = process.argv.slice(2);
const ds = JSONstat(JSON.parse(readFileSync(statFile, "utf8")));
if (ds.class !== "dataset") throw new Error(`class ${ds.class}, want dataset`);
const observations = JSON.parse(readFileSync(jsonFile, "utf8"));
let compared = 0;
for (const o of observations) {
  const subject = o.municipality ? o.municipality.code : o.region.id;
  const want = o.value ?? o.value_km2;
  const cell = ds.Data({ Region: subject, Tid: o.reference_date, ContentsCode: o.kind });
  if (!cell || cell.value !== want) {
    throw new Error(`${subject} ${o.reference_date} ${o.kind}: JSON-stat ${cell && cell.value}, JSON ${want}`);
  }
  const label = ds.Dimension("Region").Category(subject).label;
  const name = o.municipality ? o.municipality.name : o.region.name;
  if (label !== name) throw new Error(`label of ${subject}: ${label}, want ${name}`);
  compared++;
}
const filled = ds.value.filter((v) => v !== null).length;
if (filled !== compared) throw new Error(`${filled} values in the dataset, ${compared} in the JSON answer`);
console.log(`ok: ${compared} values agree; source: ${ds.source.slice(0, 60)}`);
