"""Reading an input's bytes and turning them into text, or naming why that cannot be done."""
from __future__ import annotations

import sys
from pathlib import Path

from alliancegraph.errors import InputError

__all__ = ["MAX_BYTES", "decode", "read_path", "read_stdin"]

MAX_BYTES = 20 * 1024 * 1024
"""The largest input read, in bytes; a larger file is an InputError."""
_SNIFF_BYTES = 8192
_MB = 1024 * 1024


def read_path(path: Path) -> str:
    """The text of the file at `path`; InputError if it is missing, too large, binary, not UTF-8 or empty."""
    source = str(path)
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise InputError(source, "not a regular file")
        if size > MAX_BYTES:
            raise InputError(source, f"file too large ({size / _MB:.1f} MB; the limit is {MAX_BYTES // _MB} MB)")
        with path.open("rb") as stream:
            data = stream.read(MAX_BYTES + 1)
    except OSError as error:
        raise InputError(source, (error.strerror or str(error)).lower()) from None
    if len(data) > MAX_BYTES:  # grew since stat
        raise InputError(source, f"file too large (the limit is {MAX_BYTES // _MB} MB)")
    return decode(data, source=source)


def read_stdin(source: str = "<stdin>") -> str:
    """The text on standard input, checked as `decode` checks a file's bytes."""
    buffer = getattr(sys.stdin, "buffer", None)
    data = buffer.read(MAX_BYTES + 1) if buffer is not None else sys.stdin.read().encode("utf-8")
    if len(data) > MAX_BYTES:
        raise InputError(source, f"input too large (the limit is {MAX_BYTES // _MB} MB)")
    return decode(data, source=source)


def decode(data: bytes, *, source: str) -> str:
    """`data` decoded as UTF-8 (a leading BOM dropped); InputError if binary, not UTF-8 or blank."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(source, "not valid UTF-8 (it is UTF-16; convert it to UTF-8)")
    if b"\0" in data[:_SNIFF_BYTES]:
        raise InputError(source, "binary file, not text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        byte = data[error.start]
        raise InputError(source, f"not valid UTF-8 (byte 0x{byte:02x} at offset {error.start})") from None
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise InputError(source, "empty file")
    return text
