"""A set-at-a-time SHACL engine: each constraint of a shape becomes one SPARQL query that finds
every violation at once, run by pyoxigraph on the store that holds the data. Shapes it cannot
compile fall back to pySHACL (visibly: see run.FastRun.fallback)."""
