"""An atheris target for the article readers: arbitrary bytes under every input suffix.

Anything but articles, declared InputErrors and warnings is a crash. The suite runs it for a
bounded time (tests/test_fuzz.py); by hand: python tests/fuzz_readers.py -max_total_time=600
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports(include=["alliancegraph"]):
    from alliancegraph.errors import InputError
    from alliancegraph.ingest import InputWarning, read_articles
    from alliancegraph.ingest._read import SUFFIXES

FORMATS = sorted(SUFFIXES)
FOLDER = Path(tempfile.mkdtemp(prefix="ag-fuzz-"))


def one_input(data: bytes) -> None:
    """Read `data` as a file of the suffix its first byte picks; every problem must name the file."""
    given = atheris.FuzzedDataProvider(data)
    path = FOLDER / f"input{FORMATS[given.ConsumeIntInRange(0, len(FORMATS) - 1)]}"
    path.write_bytes(given.ConsumeBytes(given.remaining_bytes()))
    problems: list[InputError | InputWarning] = []
    for article in read_articles([path], on_error=problems.append, on_warning=problems.append):
        assert article.text.strip(), article
    for problem in problems:
        assert str(problem).startswith(str(path)), problem


if __name__ == "__main__":
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()
