"""coopgraph: the open knowledge graph of Algeria's decentralized cooperation."""

__version__ = "0.1.0"
