"""Property-based tests (hypothesis): content negotiation, the IRI <-> path mapping, search
normalisation and canned-query parameter binding hold for any input, not just the examples."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from coopgraph import iris, negotiation, queries, results, textsearch
from coopgraph.web import pages, paths

# No example database in the working tree: CI runs start fresh, and failures print their input.
settings.register_profile("coopgraph", database=None)
settings.load_profile("coopgraph")

# --- content negotiation ---------------------------------------------------------------------

OFFER_SETS = [results.SOLUTION_FORMATS, results.GRAPH_FORMATS, pages.OFFERS]
TOKEN = st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyz0123456789-+."), min_size=1, max_size=12)
MEDIA_RANGE = st.one_of(
    st.sampled_from(
        [t for offers in OFFER_SETS for r in offers for t in (r.media_type, *r.aliases)]
    ),
    st.sampled_from(["*/*", "text/*", "application/*", "image/png", "*/json"]),
    st.builds(lambda a, b: f"{a}/{b}", TOKEN, TOKEN),
)
PARAMS = st.lists(
    st.one_of(
        st.floats(0, 1).map(lambda q: f";q={q:.3f}"),
        st.sampled_from([";q=", ";q=abc", ";q=-1", ";q=2", ";charset=utf-8", ";level=1", ";"]),
    ),
    max_size=2,
).map("".join)
ACCEPT = st.one_of(
    st.lists(st.builds(str.__add__, MEDIA_RANGE, PARAMS), max_size=8).map(", ".join),
    st.text(max_size=200),  # anything at all, control characters included
)


@given(offers=st.sampled_from(OFFER_SETS), accept=ACCEPT)
def test_any_accept_header_gets_an_offer_or_not_acceptable(offers, accept: str) -> None:
    try:
        chosen = negotiation.choose(offers, accept)
    except negotiation.NotAcceptable as err:
        assert "Supported:" in str(err)
    else:
        assert chosen in offers


@given(offers=st.sampled_from(OFFER_SETS), data=st.data())
def test_the_highest_q_value_wins(offers, data: st.DataObject) -> None:
    picked = data.draw(st.lists(st.sampled_from(offers), min_size=1, unique=True))
    qs = data.draw(
        st.lists(st.integers(1, 1000), min_size=len(picked), max_size=len(picked), unique=True)
    )
    header = ", ".join(f"{r.media_type};q={q / 1000:.3f}" for r, q in zip(picked, qs, strict=True))
    best = max(zip(qs, picked, strict=True), key=lambda pair: pair[0])[1]
    assert negotiation.choose(offers, header).media_type == best.media_type


@given(offers=st.sampled_from(OFFER_SETS), data=st.data())
def test_q_zero_is_never_chosen(offers, data: st.DataObject) -> None:
    refused = data.draw(st.lists(st.sampled_from(offers), min_size=1, unique=True))
    header = ", ".join(f"{r.media_type};q=0" for r in refused) + ", */*;q=0.1"
    chosen = negotiation.choose(offers, header) if len(refused) < len(offers) else None
    assert chosen is None or chosen.media_type not in {r.media_type for r in refused}


# --- IRI <-> path ----------------------------------------------------------------------------

BASES = [iris.CANONICAL_BASE, "http://127.0.0.1:8080/", "https://example.org/kg/"]
SCHEME_PATH = st.one_of(*(st.from_regex(p, fullmatch=True) for p in iris.IRI_PATTERNS))


@given(path=SCHEME_PATH, base=st.sampled_from(BASES))
def test_iri_path_round_trip(path: str, base: str) -> None:
    iri = paths.iri_of(path, base)
    assert paths.path_of(iri, base) == path
    schema = iri.startswith((iris.ONTOLOGY, iris.SHAPES)) or iri == iris.ONTOLOGY.rstrip("#")
    assert iris.follows_scheme(iri, base) or schema  # the schema namespaces stay canonical


@given(path=SCHEME_PATH, base=st.sampled_from(BASES))
def test_page_paths_stay_on_this_site(path: str, base: str) -> None:
    assume("#" not in path)
    page = paths.page_path_of(paths.iri_of(path, base), base)
    assert page is not None and page.startswith("/page/") and ".." not in page.split("/")


@given(text=st.text(max_size=80), base=st.sampled_from(BASES))
def test_any_iri_maps_to_a_path_that_maps_back_or_to_none(text: str, base: str) -> None:
    iri = base + text
    path = paths.path_of(iri, base)
    assert path is None or paths.iri_of(path, base) == iri


# --- search normalisation --------------------------------------------------------------------

LATIN = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -'’.,()"
ACCENTED = {"é": "e", "è": "e", "ê": "e", "ë": "e", "à": "a", "â": "a", "ä": "a", "î": "i",
            "ï": "i", "ô": "o", "ö": "o", "ù": "u", "û": "u", "ü": "u", "ç": "c", "ñ": "n",
            "É": "E", "È": "E", "À": "A", "Ç": "C", "Ô": "O"}  # fmt: skip
ARABIC = "ابتثجحخدذرسشصضطظعغفقكلمنهويةىأإآؤئء "
# Variants a writer may use for the same name: hamza forms, taa marbuta, alef maqsura,
# Persian letters, tatweel and diacritics.
ARABIC_VARIANTS = {"ا": ["أ", "إ", "آ", "ٱ"], "ه": ["ة"], "ي": ["ى", "ی"], "ك": ["ک"]}
DIACRITICS = ["\u064b", "\u064e", "\u064f", "\u0650", "\u0651", "\u0652", "\u0670", "ـ"]


@given(st.text(max_size=100))
def test_normalise_is_idempotent(text: str) -> None:
    once = textsearch.normalise(text)
    assert textsearch.normalise(once) == once


@given(st.text(st.sampled_from(LATIN + "".join(ACCENTED)), max_size=60))
def test_normalise_ignores_case_and_accents(text: str) -> None:
    plain = "".join(ACCENTED.get(c, c) for c in text)
    key = textsearch.normalise(text)
    assert key == textsearch.normalise(plain)
    assert key == textsearch.normalise(text.upper()) == textsearch.normalise(text.lower())


@given(text=st.text(st.sampled_from("ابتجدرسعفقلمنهوي "), max_size=40), data=st.data())
def test_normalise_folds_arabic_variants(text: str, data: st.DataObject) -> None:
    variant = []
    for c in text:
        choices = [c, *ARABIC_VARIANTS.get(c, [])]
        variant.append(data.draw(st.sampled_from(choices)))
        if c != " ":
            variant.append(data.draw(st.sampled_from(["", *DIACRITICS])))
    assert textsearch.normalise("".join(variant)) == textsearch.normalise(text)


@given(st.text(st.sampled_from(ARABIC + LATIN), max_size=60))
def test_normalised_keys_are_words_separated_by_single_spaces(text: str) -> None:
    key = textsearch.normalise(text)
    assert key == " ".join(key.split())
    assert key == key.casefold()


# --- canned-query parameters -----------------------------------------------------------------

PROBE = queries.CannedQuery(
    name="probe",
    title={"en": "probe"},
    description={},
    parameters=(queries.Parameter("name", "string"),),
    tags=(),
    text="SELECT ?s ?name WHERE { ?s <urn:p> ?o }",  # pyoxigraph substitutes projected variables
)


@pytest.fixture(scope="module")
def small_store() -> ox.Store:
    store = ox.Store()
    for i in range(3):
        store.add(ox.Quad(ox.NamedNode(f"urn:s{i}"), ox.NamedNode("urn:p"), ox.Literal(str(i))))
    return store


HOSTILE = st.one_of(
    st.text(max_size=queries.MAX_VALUE),
    st.sampled_from(
        [
            '" } ; DROP ALL ; #',
            '" . ?s ?p ?o } UNION { ?s ?p ?o } #',
            "> } SERVICE <http://127.0.0.1/> { ?s ?p ?o } #",
            "'''",
            '"""',
            "\\u0022",
            "?label",
            "<script>alert(1)</script>",
        ]
    ),
)


@settings(max_examples=200)
@given(value=HOSTILE)
def test_a_string_parameter_is_a_plain_literal_and_the_query_keeps_its_shape(
    small_store: ox.Store, value: str
) -> None:
    bound = queries.bind(PROBE, {"name": value})
    term = bound[ox.Variable("name")]
    assert isinstance(term, ox.Literal)
    assert term.value == value and term.datatype == ox.NamedNode(queries.XSD + "string")
    assert term.language is None
    rows = list(small_store.query(PROBE.text, substitutions=bound))
    assert len(rows) == 3  # the same solutions as without the parameter, each with its value
    assert {r["name"] for r in rows} == {term}


@given(kind=st.sampled_from(sorted(queries.TYPES)), value=st.text(max_size=300))
def test_any_text_binds_to_its_type_or_is_refused_clearly(kind: str, value: str) -> None:
    try:
        term = queries.term_for(kind, value)
    except ValueError as err:
        assert str(err) == queries.TYPES[kind].expected
        return
    if kind == "iri":
        assert isinstance(term, ox.NamedNode)
        assert not any(c in term.value for c in ' <>"{}|^`\\\n')
    else:
        assert isinstance(term, ox.Literal)
