"""`python -m nemo_cli` runs the same entry point as the `nemo` command."""

from .entry import main

if __name__ == "__main__":
    main()
