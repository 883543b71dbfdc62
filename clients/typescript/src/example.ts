// An example of Byregion API's typed client: the types come from docs/openapi.json (openapi-typescript
// wrote src/schema.d.ts), the requests go through openapi-fetch. It compiles under tsc --strict with no
// casts and no non-null assertions, so every field it reads is one the contract promises.
//
//   BYREGION_URL=http://localhost:8080 BYREGION_KEY=<a write key> node dist/example.js
//
// Without BYREGION_KEY it skips the write.
import createClient from "openapi-fetch";
import type { components, paths } from "./schema.js";

type Problem = components["schemas"]["api.Problem"];
type PopulationPage = components["schemas"]["api.Collection-domain_PopulationObservation"];

const baseUrl = process.env.BYREGION_URL ?? "http://localhost:8080";
const key = process.env.BYREGION_KEY;

// The answers typed are JSON and problem+json: CSV and the sparse answers of fields= are other media types.
const api = createClient<paths, "application/json" | "application/problem+json">({ baseUrl });

function fail(what: string, problem: Problem | undefined, status: number): never {
  throw new Error(`${what}: ${status} ${problem ? `${problem.title}: ${problem.detail}` : ""}`);
}

// A region with its members.
async function regionWithMembers(slug: string): Promise<void> {
  const { data, error, response } = await api.GET("/api/v1/regions/{slug}", { params: { path: { slug } } });
  if (!data) fail(`region ${slug}`, error, response.status);
  const lead = data.lead_municipality ? data.lead_municipality.name : "no lead named";
  console.log(`${data.name} (${data.id}), lead ${lead}`);
  for (const member of data.members) {
    const today = member.municipality.today.map((m) => `${m.code} ${m.name}`).join(", ");
    console.log(`  ${member.municipality.name} (${member.role}) is today ${today}`);
  }
}

// A municipality by a code no longer in force: the API redirects (308) to the one in force, and fetch
// follows it.
async function municipalityByOldCode(code: string): Promise<string> {
  const { data, error, response } = await api.GET("/api/v1/municipalities/{code}", { params: { path: { code } } });
  if (!data) fail(`municipality ${code}`, error, response.status);
  console.log(`${code} is today ${data.code} ${data.name} in ${data.county.name}` +
    (response.redirected ? ` (redirected to ${response.url})` : ""));
  return data.code;
}

// A population series paged to the end: meta.next is an absolute URL, followed as it is.
async function populationSeries(code: string): Promise<number> {
  const first = await api.GET("/api/v1/population", { params: { query: { municipality: code, limit: 5 } } });
  if (!first.data) fail("population", first.error, first.response.status);
  if (!("data" in first.data)) throw new Error("asked for JSON, got JSON-stat");
  let page: PopulationPage = first.data;
  let count = 0;
  for (;;) {
    for (const o of page.data) {
      count++;
      console.log(`  ${o.reference_date} ${o.value} (${o.kind}, ${o.source.title})`);
    }
    if (page.meta.next === null) break;
    const next = await fetch(page.meta.next);
    if (!next.ok) throw new Error(`next page: ${next.status}`);
    page = await next.json();
  }
  console.log(`${count} figures for ${code}`);
  return count;
}

// A 404, read as problem+json.
async function missingRegion(slug: string): Promise<void> {
  const { data, error, response } = await api.GET("/api/v1/regions/{slug}", { params: { path: { slug } } });
  if (data || !error) throw new Error(`region ${slug} exists`);
  console.log(`${response.status} ${response.headers.get("Content-Type")}: ${error.title}: ${error.detail}`);
  if (response.status !== 404 || error.status !== 404) throw new Error("expected a 404");
}

// A write with If-Match: read a goal with its ETag, and change its text only if no one else has.
async function changeGoal(id: string, secret: string): Promise<void> {
  const read = await api.GET("/api/v1/goals/{id}", { params: { path: { id } } });
  if (!read.data) fail(`goal ${id}`, read.error, read.response.status);
  const etag = read.response.headers.get("ETag");
  if (etag === null) throw new Error("no ETag");
  const text = `${read.data.text} (checked ${new Date().toISOString().slice(0, 10)})`;
  const changed = await api.PATCH("/api/v1/goals/{id}", {
    params: { path: { id }, header: { "If-Match": etag } },
    headers: { Authorization: `Bearer ${secret}`, "Content-Type": "application/merge-patch+json" },
    body: { text },
  });
  if (!changed.data) fail(`change goal ${id}`, changed.error, changed.response.status);
  console.log(`goal ${changed.data.id} is now "${changed.data.text}", ETag ${changed.response.headers.get("ETag")}`);
  const again = await api.PATCH("/api/v1/goals/{id}", {
    params: { path: { id }, header: { "If-Match": etag } },
    headers: { Authorization: `Bearer ${secret}`, "Content-Type": "application/merge-patch+json" },
    body: { text: "a change from a stale read" },
  });
  if (again.response.status !== 412 || !again.error) throw new Error(`a stale If-Match: ${again.response.status}`);
  console.log(`the same If-Match again: ${again.response.status} ${again.error.title}`);
}

await regionWithMembers("tromsoregionen");
const code = await municipalityByOldCode("1902");
if (code !== "5501") throw new Error(`1902 should be 5501 today, not ${code}`);
await populationSeries(code);
await missingRegion("no-such-region");
if (key) {
  await changeGoal("tromsoregionen-goal-1", key);
} else {
  console.log("no BYREGION_KEY: the write is skipped");
}
