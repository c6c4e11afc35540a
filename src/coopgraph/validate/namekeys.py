"""The folded names rule DQ-25 compares, written once per name before the shapes run.

Comparing every pair of a country's collectivities by their folded names in SPARQL costs a
regular-expression pass per pair: at 1M synthetic triples that one rule took most of an hour.
Folded once per name and stored as `coopsh:nameKey` (in the validator's own graph, never
published), the rule becomes an equality join.
"""

from __future__ import annotations

import re

import pyoxigraph as ox

from coopgraph import iris

NAME_KEY = ox.NamedNode(iris.SHAPES + "nameKey")
ACCENTS = str.maketrans("éèêëàâäîïôöûùüç", "eeeeaaaiioouuuc")
PARENTHESES = re.compile(r"[(].*[)]")
NON_WORD = re.compile(r"[^a-z0-9]+")
# Words that name a kind of body, not the body: 'Ville de Lyon', 'Grand Lyon' and 'Métropole de
# Lyon' all read 'lyon'.
GENERIC = re.compile(
    " (ville|commune|city|municipality|metropole|metropolitan|grand|region|departement|province"
    "|oblast|gouvernorat|governorate|communaute|urbaine|conseil|general|wilaya|sahrawi"
    "|de|du|des|la|le|l|d|of|the) "
)
NAMES = f"""
    SELECT DISTINCT ?c ?name WHERE {{
        ?c a <{iris.ONTOLOGY}ForeignCollectivity> ;
           <{iris.PREFIXES["rdfs"]}label>|<{iris.PREFIXES["skos"]}altLabel> ?name .
    }}"""


def name_key(name: str) -> str:
    """'Métropole de Lyon' -> 'lyon': lower case, no accents, no parentheses, no generic words,
    no spaces ('' when nothing is left)."""
    words = NON_WORD.sub("  ", PARENTHESES.sub("", name.lower().translate(ACCENTS)))
    return GENERIC.sub(" ", f" {words} ").replace(" ", "")


def add(store: ox.Store, graph: ox.NamedNode) -> int:
    """Write each foreign collectivity's folded names into `graph`; how many were written."""
    keys = {
        (row["c"], name_key(row["name"].value))
        for row in store.query(NAMES, use_default_graph_as_union=True)  # type: ignore[union-attr]
    }
    store.extend(ox.Quad(c, NAME_KEY, ox.Literal(key), graph) for c, key in keys if key)
    return len(keys)
