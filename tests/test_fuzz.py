"""Property tests for every reader: whatever an input holds, bytes or structure, reading it gives
articles and errors that name it, and never another exception (issue 14)."""
from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alliancegraph.errors import InputError
from alliancegraph.ingest import InputWarning, read_articles
from alliancegraph.ingest._read import SUFFIXES
from alliancegraph.records import Article

EXAMPLES = 200
"""Examples per property; there are 6 properties (1,200 inputs a run)."""
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _read(name: str, data: bytes) -> tuple[list[Article], list[InputError], list[InputWarning], Path]:
    """Read one file holding `data`; every error and warning must name it."""
    errors: list[InputError] = []
    warnings: list[InputWarning] = []
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, name)
        path.write_bytes(data)
        articles = list(read_articles([path], on_error=errors.append, on_warning=warnings.append))
    for problem in [*errors, *warnings]:
        assert str(problem).startswith(str(path)), problem
        assert "\n" not in str(problem)
    for article in articles:
        assert article.text.strip() and article.content_hash
    return articles, errors, warnings, path


@FUZZ
@given(st.sampled_from(sorted(SUFFIXES)), st.binary(max_size=2048))
def test_any_bytes_in_any_format_are_articles_or_one_line_errors(suffix: str, data: bytes) -> None:
    _read(f"input{suffix}", data)


JSON_LEAVES = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                        st.text(max_size=40), st.sampled_from(["2023-02-30", "2023-01-26", "", "https://x.example/a/"]))
JSON_VALUES = st.recursive(JSON_LEAVES, lambda inner: st.one_of(
    st.lists(inner, max_size=4),
    st.dictionaries(st.sampled_from(["text", "body", "content", "title", "date", "url", "source", "x"]), inner,
                    max_size=6)), max_leaves=20)


@FUZZ
@given(st.lists(JSON_VALUES, min_size=1, max_size=6), st.integers(min_value=0, max_value=3000))
def test_json_lines_of_any_structure_and_depth_lose_only_their_own_line(records: list[Any], depth: int) -> None:
    lines = [json.dumps(r) for r in records]
    lines.insert(len(lines) // 2, "[" * depth + "]" * depth)
    lines.append(json.dumps({"text": "Renault owns a stake in Nissan.", "url": "https://wire.example/last"}))
    articles, errors, _, _ = _read("records.jsonl", "\n".join(lines).encode())
    assert articles[-1].url == "https://wire.example/last"
    assert len(articles) + len(errors) <= len(lines)


@FUZZ
@given(JSON_VALUES)
def test_a_json_document_of_any_structure_is_read_or_refused(value: Any) -> None:
    _read("doc.json", json.dumps(value).encode())


XML_TEXT = st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=30)
FEED_PIECES = st.one_of(
    XML_TEXT,
    st.sampled_from(["<item>", "</item>", "<title>", "</title>", "<description>", "</description>",
                     "<pubDate>", "</pubDate>", "not a date", "Mon, 30 Feb 2023 10:00:00 GMT", "<link>",
                     "https://x.example/", "</link>", "<![CDATA[", "]]>", "&amp;", "&bogus;", "<entry>", "</entry>",
                     "<content type=\"html\">", "</content>", "&lt;p&gt;", "<"]),
)


@FUZZ
@given(st.lists(FEED_PIECES, max_size=40).map("".join), st.sampled_from(["rss", "atom"]))
def test_a_feed_of_any_tags_gives_articles_errors_and_warnings(body: str, kind: str) -> None:
    if kind == "rss":
        text = f'<?xml version="1.0"?><rss version="2.0"><channel><title>W</title>{body}</channel></rss>'
    else:
        text = f'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>W</title>{body}</feed>'
    _read("feed.xml", text.encode())


HTML_PIECES = st.one_of(
    XML_TEXT,
    st.sampled_from(["<p>", "</p>", "<div>", "</div>", "<script>", "</script>", "<title>", "</title>", "<br>",
                     "<meta name=\"date\" content=\"2023-02-30\">", "<article>", "</article>", "<!--", "-->",
                     "<table><tr><td>", "&nbsp;", "&#x110000;", "<html>", "<body>"]),
)


@FUZZ
@given(st.lists(HTML_PIECES, max_size=40).map("".join))
def test_html_of_any_tags_is_read_or_refused(body: str) -> None:
    _read("page.html", f"<!doctype html><html><body>{body}</body></html>".encode())


TEXT_PIECES = st.one_of(st.text(max_size=30), st.sampled_from(
    ["date 2023-01-26 news", "date 2023-02-30 news", "date x news", "\n", "\n\n", "By Reuters", "Image: x", "\r"]))


@FUZZ
@given(st.lists(TEXT_PIECES, max_size=20).map("".join))
def test_text_of_any_lines_is_read_or_refused(text: str) -> None:
    _read("story.txt", text.encode("utf-8", "surrogatepass"))


FUZZ_SECONDS = 20


def test_atheris_finds_no_crash_in_the_readers_in_bounded_time(tmp_path: Path) -> None:
    import os
    import re
    import subprocess
    import sys

    import pytest

    pytest.importorskip("atheris", reason="atheris is not installed (pip install atheris; Linux x86-64 wheels)")
    target = Path(__file__).with_name("fuzz_readers.py")
    source = str(Path(__file__).resolve().parents[1] / "src")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([source, os.environ.get("PYTHONPATH", "")])}
    run = subprocess.run([sys.executable, str(target), f"-max_total_time={FUZZ_SECONDS}", "-rss_limit_mb=3072",
                          f"-artifact_prefix={tmp_path}/"], capture_output=True, text=True, env=env,
                         timeout=FUZZ_SECONDS * 6)
    assert run.returncode == 0, run.stderr[-3000:]
    done = re.search(r"Done (\d+) runs", run.stderr)
    assert done and int(done.group(1)) > 100, run.stderr[-2000:]
