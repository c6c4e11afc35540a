"""Records written the way a contributor writes the project's data: prefixes, and a complete
agreement of Annaba (commune 2301) with Dunkerque, for the tests of `coopgraph validate` as CI
and pre-commit run it."""

from __future__ import annotations

PREFIXES = """\
@prefix agreement: <https://w3id.org/coopgraph/id/agreement/> .
@prefix atype: <https://w3id.org/coopgraph/vocab/agreement-type/> .
@prefix commune: <https://w3id.org/coopgraph/id/commune/> .
@prefix confidence: <https://w3id.org/coopgraph/vocab/confidence/> .
@prefix coop: <https://w3id.org/coopgraph/ontology#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix network: <https://w3id.org/coopgraph/id/network/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix status: <https://w3id.org/coopgraph/vocab/agreement-status/> .
@prefix theme: <https://w3id.org/coopgraph/vocab/theme/> .
@prefix wilaya: <https://w3id.org/coopgraph/id/wilaya/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

"""
SOURCE = "<https://www.aps.dz/regions/exemple-de-convention>"


def agreement(stable_id: str, signed: str = "2004-10-13") -> str:
    """A complete agreement (every rule it can meet, met), signed on `signed` (an xsd:date
    lexical form, valid or not), with its source document; starts with 'agreement:ID'."""
    return f"""\
agreement:{stable_id}
    a coop:CooperationProtocol ;
    dct:identifier "{stable_id}" ;
    dct:source {SOURCE} ;
    rdfs:label "Annaba – Dunkerque : protocole de coopération"@fr ,
        "Annaba – Dunkerque: cooperation protocol"@en ,
        "بروتوكول تعاون بين عنابة و Dunkerque"@ar ;
    prov:wasDerivedFrom {SOURCE} ;
    coop:agreementType atype:cooperation-protocol ;
    coop:algerianParty commune:2301 ;
    coop:foreignParty <https://w3id.org/coopgraph/id/collectivity/fr/dunkerque> ;
    coop:confidence confidence:high ;
    coop:signingDate "{signed}"^^xsd:date ;
    coop:status status:signed ;
    coop:objective "Échanges d'expérience en gestion urbaine."@fr ;
    coop:theme theme:urban-management ;
    coop:conventionText {SOURCE} ;
    coop:supportingQuote "« ont signé un protocole d'accord de coopération »" .

{SOURCE} a coop:SourceDocument .
"""
