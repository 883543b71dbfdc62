// Reads a JSON-stat answer of Byregion API with the JSON-stat reference library (jsonstat-toolkit) and
// compares every value with the JSON answer of the same query: observations, region totals or indicators.
// Usage: node check.mjs JSONSTAT JSON
import { readFileSync } from "node:fs";
import JSONstat from "jsonstat-toolkit";

const [statFile, jsonFile] = process.argv.slice(2);
const ds = JSONstat(JSON.parse(readFileSync(statFile, "utf8")));
if (ds.class !== "dataset") throw new Error(`class ${ds.class}, want dataset`);
const rows = JSON.parse(readFileSync(jsonFile, "utf8"));

// The contents category of each kind of figure, as the API names them (SSB's way: Norwegian codes): the
// figures from SSB's statistics are one content, as in SSB's table.
const kinds = {
  persons: { official: "Befolkning", sum_of_predecessors: "Befolkning", apportioned: "Befolkning", reported: "BefolkningOppgitt", compiled: "BefolkningSammenstilt", computed: "BefolkningSummert" },
  km2: { official: "Areal", sum_of_predecessors: "Areal", apportioned: "Areal", reported: "ArealOppgitt", compiled: "ArealSammenstilt", computed: "ArealSummert" },
};

// The status of each kind of figure (SSB's own has none), and of a sum or indicator that is not complete.
const statusOf = { official: null, sum_of_predecessors: "s", apportioned: "e", reported: "r", compiled: "c" };
const partial = (complete) => (complete ? null : "u");

// The cells a JSON row holds, as [date, contents code, value, status], and its subject.
function cells(row) {
  if ("computed" in row) { // a region total; the sum stands at the date of the figures summed
    const out = [];
    if (row.computed) out.push([row.computed.reference_date || row.reference_date, kinds[row.unit].computed, row.computed.value, partial(row.computed.complete)]);
    if (row.reported) out.push([row.reference_date, kinds[row.unit].reported, row.reported.value, "r"]);
    return [row.region.id, row.region.name, out];
  }
  if ("population" in row && "subject" in row) { // an indicator
    const status = partial(row.complete);
    const out = [[row.reference_date, "Befolkning", row.population, status]];
    if (row.density !== null) out.push([row.reference_date, "Befolkningstetthet", row.density, status]);
    const changed = row.change ? partial(row.change.complete) : undefined;
    if (row.change) out.push([row.reference_date, "Endring", row.change.absolute, changed], [row.reference_date, "EndringProsent", row.change.percent, changed]);
    return [row.subject.id, row.subject.name, out];
  }
  const subject = row.municipality ? row.municipality : { code: row.region.id, name: row.region.name };
  return [subject.code, subject.name, [[row.reference_date, kinds[row.unit][row.kind], row.value ?? row.value_km2, statusOf[row.kind]]]];
}

// Tid is a year where every date is 1 January, as SSB writes it; otherwise the date.
const times = ds.Dimension("Tid").id;
const tid = (date) => (times.every((t) => t.length === 4) ? date.slice(0, 4) : date);
// updated is optional (left out where no source is dated), but where given is a date Date.parse reads.
if (ds.updated != null && Number.isNaN(Date.parse(ds.updated))) throw new Error(`updated ${ds.updated}, not a date`);
if (!ds.source) throw new Error("no source");

// One cell may answer two JSON rows (a region's area summed from one edition, beside reports of two dates).
const seen = new Set();
let compared = 0;
for (const row of rows) {
  const [subject, name, values] = cells(row);
  for (const [date, content, want, status] of values) {
    const cell = ds.Data({ Region: subject, Tid: tid(date), ContentsCode: content });
    if (!cell || cell.value !== want) {
      throw new Error(`${subject} ${date} ${content}: JSON-stat ${cell && cell.value}, JSON ${want}`);
    }
    if ((cell.status ?? null) !== status) {
      throw new Error(`${subject} ${date} ${content}: status ${cell.status}, want ${status} for the JSON's kind`);
    }
    if (!seen.has(`${subject} ${tid(date)} ${content}`)) compared++;
    seen.add(`${subject} ${tid(date)} ${content}`);
  }
  const label = ds.Dimension("Region").Category(subject).label;
  if (label !== name) throw new Error(`label of ${subject}: ${label}, want ${name}`);
}
const filled = ds.value.filter((v) => v !== null).length;
if (filled !== compared) throw new Error(`${filled} values in the dataset, ${compared} in the JSON answer`);
console.log(`ok: ${compared} values agree; source: ${(ds.source || "").slice(0, 60)}`);
