"""``python -m evaltool``: the same as the ``evaltool`` command."""

from evaltool.cli.main import main

if __name__ == "__main__":
    main()
