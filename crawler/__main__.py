"""The ``crawler`` command (``python -m crawler`` and the installed script)."""

import sys

from crawler.run.startup import setting_up


def main() -> None:
    with setting_up():  # what the imports make lives as long as the process
        from crawler.cli import main as run
    sys.exit(run())


if __name__ == "__main__":
    main()
