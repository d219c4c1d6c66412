"""``python -m eval.bench --child SPEC``: one scale run in its own process (the benchmark
starts these itself; run the benchmark with ``python -m eval bench``)."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from eval.bench.scale import scale_child


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if len(argv) == 2 and argv[0] == "--child":
        return scale_child(Path(argv[1]))
    print("usage: python -m eval bench [--quick] [--sizes ...] [--out FILE]", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
