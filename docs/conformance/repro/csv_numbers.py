"""A stored number comes back in Oxigraph's canonical form, and CSV keeps no datatype that
would let a reader compare it by value (W3C csv-tsv-res#csv03).

The SPARQL 1.1 CSV format writes a literal's lexical form: the data's "1.0E6"^^xsd:double is
expected as 1.0E6; pyoxigraph writes 1000000 (its TSV, which has datatypes, compares equal by
value). Run: python csv_numbers.py
"""

import pyoxigraph as ox
from _repro import report

store = ox.Store()
store.load(
    b"<http://example.org/s6> <http://example.org/p6> "
    b'"1.0E6"^^<http://www.w3.org/2001/XMLSchema#double> .',
    format=ox.RdfFormat.N_TRIPLES,
)
written = store.query("SELECT ?o WHERE { ?s ?p ?o }").serialize(format=ox.QueryResultsFormat.CSV)
report("numbers in CSV", [("csv03", written.decode().split(), ["o", "1.0E6"])])
