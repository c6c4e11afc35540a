"""`python -m coopgraph` is the `coopgraph` command."""

from coopgraph.cli import main

if __name__ == "__main__":  # query processes re-import the main module: run nothing then
    main()
