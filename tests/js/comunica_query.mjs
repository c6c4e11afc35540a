// One query through Comunica (the JavaScript SPARQL client, @comunica/query-sparql) against a
// SPARQL endpoint; prints the result as JSON: rows for SELECT, [s, p, o] for CONSTRUCT.
// Usage: node comunica_query.mjs ENDPOINT select|construct QUERY
import { QueryEngine } from "@comunica/query-sparql";

const [endpoint, kind, query] = process.argv.slice(2);
const engine = new QueryEngine();
const context = { sources: [{ type: "sparql", value: endpoint }] };
if (kind === "select") {
  const bindings = await (await engine.queryBindings(query, context)).toArray();
  const rows = bindings.map((b) => Object.fromEntries([...b].map(([k, v]) => [k.value, v.value])));
  console.log(JSON.stringify(rows));
} else {
  const quads = await (await engine.queryQuads(query, context)).toArray();
  console.log(JSON.stringify(quads.map((q) => [q.subject.value, q.predicate.value, q.object.value])));
}
