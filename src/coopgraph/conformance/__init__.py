"""The W3C SPARQL 1.1 test suite, run against coopgraph's own endpoint over HTTP."""
