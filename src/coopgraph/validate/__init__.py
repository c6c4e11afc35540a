"""SHACL validation of coopgraph sources against the rules of Executive Decree 17-329 and the
project's data-quality rules (shapes/*.ttl; catalogue in docs/rules.md)."""

from coopgraph.validate.engine import validate_dataset, validate_sources
from coopgraph.validate.loading import SourceSyntaxError
from coopgraph.validate.report import Report, Result, Severity

__all__ = [
    "Report",
    "Result",
    "Severity",
    "SourceSyntaxError",
    "validate_dataset",
    "validate_sources",
]
