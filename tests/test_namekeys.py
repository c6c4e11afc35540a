"""The folded names rule DQ-25 joins on: what the rule's comment promises."""

from __future__ import annotations

import pytest

from coopgraph.validate.namekeys import name_key


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Ville de Lyon", "lyon"),
        ("Grand Lyon", "lyon"),
        ("Métropole de Lyon", "lyon"),
        ("Région d'Agadez", "agadez"),
        ("Agadez (Niger)", "agadez"),
        ("Saint-Étienne", "saintetienne"),
        ("Conseil général de l'Hérault", "herault"),
        ("Dakhla (Sahrawi wilaya)", "dakhla"),
        ("Commune", ""),
    ],
)
def test_a_name_folds_to_its_key(name: str, key: str) -> None:
    assert name_key(name) == key
