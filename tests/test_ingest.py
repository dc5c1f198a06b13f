"""The ingest stage on real files: every format, directories, stdin, every bad input's one line."""
from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import re
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import alliancegraph.ingest as ingest
from alliancegraph.errors import InputError
from alliancegraph.ingest import MAX_BYTES, content_hash, dedupe, read_articles
from alliancegraph.records import Article

EXAMPLES = Path(__file__).resolve().parents[2] / "shared" / "examples"
SEED = (
    " date 2023-01-26 news\n"
    "\n"
    "Nissan and Renault edge closer to a new alliance\n"
    "\n"
    "26 January 2023 - 08:54 By Reuters\n"
    "Renault wants Nissan to invest in its EV unit,\n"
    "sources said.\n"
    "Image: Someone/Agency\n"
    "\n"
    "Nissan wants Renault to sell down its 43% stake.\n"
    "  It said so on Thursday.  \n"
)
RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel>
  <title>Motor Wire</title>
  <link>https://motorwire.example/</link>
  <description>Car industry news</description>
  <item>
    <title>Honda and Sony form EV venture</title>
    <link>https://motorwire.example/honda-sony</link>
    <pubDate>Fri, 17 Jun 2022 08:30:00 +0900</pubDate>
    <description>&lt;p&gt;Honda and Sony &lt;b&gt;signed&lt;/b&gt; a joint venture deal.&lt;/p&gt;&lt;p&gt;Cars go on sale in 2025.&lt;/p&gt;</description>
  </item>
  <item>
    <title>Toyota raises Suzuki stake</title>
    <link>https://motorwire.example/toyota-suzuki</link>
    <pubDate>Wed, 28 Aug 2019 09:00:00 GMT</pubDate>
    <description>Toyota will take a 4.9% stake in Suzuki.</description>
  </item>
</channel></rss>
"""
ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Chip &amp; Car Journal</title>
  <id>urn:uuid:feed</id>
  <updated>2023-03-01T10:00:00Z</updated>
  <entry>
    <title type="html">Stellantis &lt;em&gt;invests&lt;/em&gt; in Symbio</title>
    <id>urn:uuid:entry-1</id>
    <link href="https://chipcar.example/stellantis-symbio"/>
    <updated>2023-03-01T10:00:00Z</updated>
    <content type="html">&lt;div&gt;Stellantis will take a 33.3% stake in Symbio.&lt;br/&gt;The deal &amp;amp; its terms close this year.&lt;script&gt;track()&lt;/script&gt;&lt;/div&gt;</content>
  </entry>
</feed>
"""
HTML = """<!DOCTYPE html>
<html><head><title>Toyota buys stake in Suzuki | Example News</title>
<meta property="og:site_name" content="Example News">
<meta property="article:published_time" content="2019-08-28T09:00:00+09:00">
</head><body>
<nav><a href="/">Home</a> <a href="/markets">Markets</a></nav>
<article><h1>Toyota buys stake in Suzuki</h1>
<p>Toyota Motor will take a 4.9% stake in Suzuki Motor, the two carmakers said on Wednesday,
deepening a partnership that began two years ago.</p>
<p>Suzuki will in turn buy Toyota shares worth about 48 billion yen, the companies said in a joint statement.</p>
</article>
<footer>Copyright Example News</footer>
</body></html>
"""


def read_all(*paths: str | Path, **options: object) -> tuple[list[Article], list[str]]:
    """Every article read from `paths`, and every error as its one printed line."""
    errors: list[InputError] = []
    articles = list(read_articles([str(p) for p in paths], on_error=errors.append, **options))  # type: ignore[arg-type]
    return articles, [str(e) for e in errors]


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def collapsed(text: str) -> str:
    return " ".join(text.split())


def test_exports() -> None:
    assert sorted(ingest.__all__) == ["InputWarning", "MAX_BYTES", "content_hash", "dedupe", "read_articles",
                                      "unreadable"]
    assert all(hasattr(ingest, name) for name in ingest.__all__)
    assert MAX_BYTES == 20 * 1024 * 1024


def test_seed_example_from_shared_examples() -> None:
    if not EXAMPLES.is_dir():
        pytest.skip(f"{EXAMPLES} is absent")
    articles, errors = read_all(EXAMPLES)
    assert errors == []
    [article] = [a for a in articles if a.doc == "000_renault-nissan-2023-01-26.txt"]
    assert not any(a.doc.endswith(".gold.json") for a in articles)
    assert article.published == dt.date(2023, 1, 26)
    assert article.title == "Nissan and Renault edge ever closer to overhaul of alliance"
    assert article.outlet == "Reuters"
    assert article.text.startswith("Renault is looking for")
    assert not any(line.lstrip().startswith("Image:") for line in article.text.split("\n"))
    assert "26 January 2023" not in article.text
    assert article.source == str(EXAMPLES / article.doc)


def test_seed_format_keeps_paragraphs_verbatim_and_drops_credits(tmp_path: Path) -> None:
    path = write(tmp_path / "seed.txt", SEED)
    [article], errors = read_all(path, date=dt.date(1999, 1, 1))
    assert errors == []
    assert article.text == (
        "Renault wants Nissan to invest in its EV unit,\nsources said.\n\n"
        "Nissan wants Renault to sell down its 43% stake.\n  It said so on Thursday."
    )
    assert (article.title, article.outlet, article.doc) == (
        "Nissan and Renault edge closer to a new alliance", "Reuters", "seed.txt")
    assert article.published == dt.date(2023, 1, 26)  # the header wins over date=
    normal = " ".join(article.text.casefold().split())
    assert article.content_hash == hashlib.sha256(normal.encode()).hexdigest()
    assert article.id == article.content_hash[:16]
    assert article.url is None


def test_crlf_and_bom_are_accepted(tmp_path: Path) -> None:
    path = write(tmp_path / "seed.txt", b"\xef\xbb\xbf" + SEED.replace("\n", "\r\n").encode())
    [article], errors = read_all(path)
    assert errors == []
    assert article.published == dt.date(2023, 1, 26)
    assert article.text.endswith("\n\nNissan wants Renault to sell down its 43% stake.\n  It said so on Thursday.")
    assert "\r" not in article.text


def test_plain_text_takes_date_option(tmp_path: Path) -> None:
    path = write(tmp_path / "plain.txt", "\n\nGeely buys into Aston Martin\n\nGeely bought 17%.\n\nMore later.\n")
    [dated], _ = read_all(path, date=dt.date(2023, 5, 1))
    [undated], errors = read_all(path)
    assert errors == []
    assert dated.published == dt.date(2023, 5, 1)
    assert undated.published is None
    assert dated.title == "Geely buys into Aston Martin"
    assert dated.text == "Geely bought 17%.\n\nMore later."
    assert dated.outlet == ""


@pytest.mark.parametrize(
    ("first_line", "title"),
    [
        ("Renault sold its stake in the Russian carmaker.", ""),  # final period: a sentence
        ("Renault " * 30, ""),  # 240 characters: too long for a title
    ],
)
def test_plain_text_without_title_keeps_everything(tmp_path: Path, first_line: str, title: str) -> None:
    path = write(tmp_path / "plain.txt", f"{first_line}\nSecond line.\n")
    [article], _ = read_all(path)
    assert article.title == title
    assert article.text == f"{first_line.rstrip()}\nSecond line."


def test_jsonl_bad_lines_are_reported_and_the_rest_read(tmp_path: Path) -> None:
    lines = [
        {"text": "Volkswagen invests in Rivian.", "title": "VW and Rivian", "date": "2024-06-25",
         "url": "https://news.example/vw-rivian", "source": "Wire"},
        '{"text": oops}',
        {"title": "no text here"},
        {"text": "A date that is not.", "date": "2023-02-30"},
        {"body": "Honda and Nissan hold talks.", "date": "2024-12-23T09:30:00+09:00"},
        "",
        {"content": "Mitsubishi may join."},
    ]
    path = write(tmp_path / "batch.jsonl", "\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines))
    articles, errors = read_all(path, date=dt.date(2024, 1, 1))
    assert errors == [
        f"{path}:2: not valid JSON at column 10 (expecting value)",
        f"{path}:3: no text (give the article in a 'text', 'body' or 'content' field)",
        f"{path}:4: impossible date '2023-02-30' in field 'date' (expected YYYY-MM-DD)",
    ]
    assert [a.text for a in articles] == [
        "Volkswagen invests in Rivian.", "Honda and Nissan hold talks.", "Mitsubishi may join."]
    first, second, third = articles
    assert (first.doc, first.url, first.outlet, first.title) == (
        "https://news.example/vw-rivian", "https://news.example/vw-rivian", "Wire", "VW and Rivian")
    assert first.published == dt.date(2024, 6, 25)
    assert (second.doc, second.published) == ("batch.jsonl#5", dt.date(2024, 12, 23))
    assert (third.doc, third.published, third.source) == ("batch.jsonl#7", dt.date(2024, 1, 1), str(path))


def test_json_file_with_one_object_or_a_list(tmp_path: Path) -> None:
    one = write(tmp_path / "one.json", json.dumps({"text": "Sony and Honda agree.", "date": "2022-03-04"}, indent=2))
    many = write(tmp_path / "many.json", json.dumps([{"text": "First story."}, {"title": "no text"}, 7]))
    articles, errors = read_all(one, many)
    assert [(a.doc, a.text) for a in articles] == [("one.json", "Sony and Honda agree."), ("many.json#1", "First story.")]
    assert articles[0].published == dt.date(2022, 3, 4)
    assert errors == [
        f"{many}#2: no text (give the article in a 'text', 'body' or 'content' field)",
        f"{many}#3: expected a JSON object, not a number",
    ]


def test_html_page(tmp_path: Path) -> None:
    path = write(tmp_path / "page.html", HTML)
    [article], errors = read_all(path, date=dt.date(2000, 1, 1))
    assert errors == []
    assert article.title == "Toyota buys stake in Suzuki"
    assert article.published == dt.date(2019, 8, 28)
    assert article.outlet == "Example News"
    assert article.text.startswith("Toyota Motor will take a 4.9% stake in Suzuki Motor")
    assert "\n\nSuzuki will in turn buy Toyota shares" in article.text
    assert "Markets" not in article.text and "Copyright" not in article.text
    assert article.doc == "page.html"


def test_html_without_date_falls_back_to_option(tmp_path: Path) -> None:
    path = write(tmp_path / "bare.htm", "<html><head><title>Battery &amp; plant</title></head><body><p>"
                 "Toyota said it will build a battery plant with Panasonic in Japan.</p></body></html>")
    [article], errors = read_all(path, date=dt.date(2020, 1, 2))
    assert errors == []
    assert article.published == dt.date(2020, 1, 2)
    assert article.title == "Battery & plant"
    assert article.text == "Toyota said it will build a battery plant with Panasonic in Japan."


def test_rss_feed(tmp_path: Path) -> None:
    path = write(tmp_path / "wire.rss", RSS)
    articles, errors = read_all(path)
    assert errors == []
    honda, toyota = articles
    assert honda.text == "Honda and Sony signed a joint venture deal.\n\nCars go on sale in 2025."
    assert honda.published == dt.date(2022, 6, 17)  # the date as written, not shifted to UTC
    assert (honda.title, honda.outlet) == ("Honda and Sony form EV venture", "Motor Wire")
    assert honda.url == honda.doc == "https://motorwire.example/honda-sony"
    assert honda.source == str(path)
    assert (toyota.text, toyota.published) == ("Toyota will take a 4.9% stake in Suzuki.", dt.date(2019, 8, 28))


def test_atom_feed(tmp_path: Path) -> None:
    path = write(tmp_path / "journal.atom", ATOM)
    [article], errors = read_all(path)
    assert errors == []
    assert article.text == "Stellantis will take a 33.3% stake in Symbio.\n\nThe deal & its terms close this year."
    assert article.title == "Stellantis invests in Symbio"
    assert article.outlet == "Chip & Car Journal"
    assert article.published == dt.date(2023, 3, 1)
    assert article.url == "https://chipcar.example/stellantis-symbio"


def test_feed_entry_without_text_is_reported(tmp_path: Path) -> None:
    feed = RSS.replace("<description>Toyota will take a 4.9% stake in Suzuki.</description>", "")
    path = write(tmp_path / "wire.xml", feed)
    articles, errors = read_all(path)
    assert [a.title for a in articles] == ["Honda and Sony form EV venture"]
    assert errors == [f"{path}#2: feed entry has no text (no content or summary)"]


def test_xml_that_is_not_a_feed(tmp_path: Path) -> None:
    path = write(tmp_path / "data.xml", "<?xml version='1.0'?><inventory><car>Clio</car></inventory>")
    assert read_all(path) == ([], [f"{path}: not an RSS or Atom feed"])


def test_directory_is_walked_in_path_order_skipping_gold_and_hidden(tmp_path: Path) -> None:
    write(tmp_path / "b.txt", "Story B\n\nBody of b.")
    write(tmp_path / "a" / "deep" / "c.txt", "Story C\n\nBody of c.")
    write(tmp_path / "a" / "a.txt", "Story A\n\nBody of a.")
    write(tmp_path / "a" / "a.gold.json", json.dumps({"doc": "a.txt", "entities": []}))
    write(tmp_path / "a" / "feed.atom", ATOM)
    write(tmp_path / "z.jsonl", json.dumps({"text": "Body of z."}) + "\n")
    write(tmp_path / ".hidden.txt", "Hidden\n\nNot read.")
    write(tmp_path / ".cache" / "d.txt", "Hidden dir\n\nNot read.")
    write(tmp_path / "notes.md", "# not an input")
    write(tmp_path / "image.png", b"\x89PNG\r\n\x1a\n\0\0")
    articles, errors = read_all(tmp_path)
    assert errors == []
    assert [a.doc for a in articles] == [
        "a.txt", "c.txt", "https://chipcar.example/stellantis-symbio", "b.txt", "z.jsonl#1"]
    assert articles[1].source == str(tmp_path / "a" / "deep" / "c.txt")


def stdin_of(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


@pytest.mark.parametrize(
    ("data", "docs", "first_text"),
    [
        (SEED.encode(), ["stdin"], "Renault wants Nissan to invest in its EV unit,\nsources said.\n\n"
                                   "Nissan wants Renault to sell down its 43% stake."),
        (b"\n  " + json.dumps({"text": "One."}).encode() + b"\n" + json.dumps({"text": "Two."}).encode(),
         ["stdin#2", "stdin#3"], "One."),
        (RSS.encode(), ["https://motorwire.example/honda-sony", "https://motorwire.example/toyota-suzuki"],
         "Honda and Sony signed a joint venture deal.\n\nCars go on sale in 2025."),
        (HTML.encode(), ["stdin"], "Toyota Motor will take a 4.9% stake in Suzuki Motor, the two carmakers said"),
        (b"Plain words about Renault.\n", ["stdin"], "Plain words about Renault."),
    ],
    ids=["seed", "jsonl", "rss", "html", "text"],
)
def test_stdin_format_is_sniffed(
    monkeypatch: pytest.MonkeyPatch, data: bytes, docs: list[str], first_text: str
) -> None:
    stdin_of(monkeypatch, data)
    articles, errors = read_all("-")
    assert errors == []
    assert [a.doc for a in articles] == docs
    assert articles[0].text.startswith(first_text)
    assert {a.source for a in articles} == {"<stdin>"}


def test_bad_stdin_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    stdin_of(monkeypatch, b"  \n\t\n")
    assert read_all("-") == ([], ["<stdin>: empty file"])


BAD_INPUTS = [
    ("image.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "binary file, not text"),
    ("empty.txt", b"", "empty file"),
    ("blank.txt", b" \n\n\t  \n", "empty file"),
    ("latin1.txt", b"a" * 1234 + b"\xff caf\xe9", "not valid UTF-8 (byte 0xff at offset 1234)"),
    ("utf16.txt", "Nissan".encode("utf-16"), "not valid UTF-8 (it is UTF-16; convert it to UTF-8)"),
    ("feb30.txt", SEED.replace("2023-01-26", "2023-02-30").encode(), "impossible date '2023-02-30' in header line"),
    ("slashes.txt", SEED.replace("2023-01-26", "26/01/2023").encode(), "impossible date '26/01/2023' in header line"),
    ("headonly.txt", b"date 2023-01-26 news\n\nJust a headline\n", "no body text after the headline"),
    ("notext.json", json.dumps({"title": "t", "url": "u"}).encode(),
     "no text (give the article in a 'text', 'body' or 'content' field)"),
    ("broken.json", b'{"text": "unfinished',
     "not valid JSON at line 1, column 10 (unterminated string starting at)"),
    ("nomain.html", b"<html><body><script>var x = 1;</script></body></html>", "no article text found in the HTML"),
]


@pytest.mark.parametrize(("name", "content", "problem"), BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS])
def test_bad_input_gives_one_line_and_the_batch_goes_on(
    tmp_path: Path, name: str, content: bytes, problem: str
) -> None:
    bad = write(tmp_path / name, content)
    good = write(tmp_path / "zz_good.txt", "Good story\n\nRenault and Nissan agree.")
    articles, errors = read_all(bad, good)
    assert errors == [f"{bad}: {problem}"]
    assert [a.doc for a in articles] == ["zz_good.txt"]
    with pytest.raises(InputError) as raised:
        list(read_articles([bad, good]))
    assert (raised.value.source, raised.value.problem) == (str(bad), problem)


def test_missing_path(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "story.txt"
    good = write(tmp_path / "good.txt", "Good story\n\nBody.")
    articles, errors = read_all(missing, good)
    assert errors == [f"{missing}: no such file or directory"]
    assert len(articles) == 1


def test_too_large_file_is_refused_before_reading(tmp_path: Path) -> None:
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as stream:
        stream.truncate(50 * 1024 * 1024)  # sparse: 50 MB of NULs, never written
    assert read_all(huge) == ([], [f"{huge}: file too large (50.0 MB; the limit is 20 MB)"])
    at_limit = write(tmp_path / "limit.txt", b"Fine\n\n" + b"x" * (MAX_BYTES - 6))
    [article], errors = read_all(at_limit)
    assert errors == [] and len(article.text) == MAX_BYTES - 6


def test_read_articles_is_lazy(tmp_path: Path) -> None:
    first = write(tmp_path / "first.txt", "First\n\nBody one.")
    missing = tmp_path / "missing.txt"
    stream = read_articles([first, missing])
    assert next(stream).doc == "first.txt"  # the missing file is not touched yet
    with pytest.raises(InputError, match="missing.txt: no such file or directory"):
        next(stream)


def make(text: str, url: str | None = None) -> Article:
    digest = content_hash(text)
    return Article(id=digest[:16], source="s", doc=text, published=None, title="", outlet="", text=text,
                   content_hash=digest, url=url)


def test_dedupe_by_hash_and_url() -> None:
    articles = [
        make("Renault and  Nissan agree."),
        make("RENAULT and Nissan\nagree."),  # same words, other case and spacing
        make("Geely buys in.", url="https://x.example/1"),
        make("Geely buys into Renault's engine unit.", url="https://x.example/1"),  # same url
        make("Aramco invests.", url="https://x.example/2"),
        make("Renault and Nissan agree to a new deal."),
    ]
    kept = list(dedupe(iter(articles)))
    assert [a.doc for a in kept] == [articles[0].doc, articles[2].doc, articles[4].doc, articles[5].doc]
    assert content_hash("A  b\nC") == content_hash("a b c") != content_hash("a b c d")


def test_dedupe_is_lazy() -> None:
    def endless() -> Iterator[Article]:
        n = 0
        while True:
            yield make(f"story {n // 2}")
            n += 1

    stream = dedupe(endless())
    assert [next(stream).text for _ in range(3)] == ["story 0", "story 1", "story 2"]


PIECES = st.one_of(
    st.text(),
    st.sampled_from(["\n", "\n\n", "\r\n", " ", ".", "Image: x", "date 2023-01-26 news", "\u2028", "\t"]),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(PIECES, max_size=12).map("".join))
def test_plain_text_reader_never_crashes(text: str) -> None:
    first = next((line for line in re.split(r"\r\n|\r|\n", text) if line.strip()), "")
    assume(not re.fullmatch(r"\s*date\s+\S+\s+news\s*", first, re.IGNORECASE))
    assume(not text.startswith("\ufeff") and "\0" not in text)
    with tempfile.TemporaryDirectory() as folder:
        path = write(Path(folder) / "any.txt", text)
        articles, errors = read_all(path)
    if not text.strip():
        assert (articles, errors) == ([], [f"{path}: empty file"])
        return
    assert errors == []
    [article] = articles
    assert article.text.strip()
    assert collapsed(text).endswith(collapsed(article.text))
    assert article.id == content_hash(article.text)[:16]


@pytest.mark.parametrize("byline, outlet", [
    ("26 January 2023 - 10:36 By Naomi Tajitsu and J.R. Wu, Reuters", "Reuters"),
    ("By Jane Doe (Nikkei Asia)", "Nikkei Asia"),
    ("3 May 2024 - 08:00 By Reuters Staff", "Reuters"),
    ("3 May 2024 - 08:00 By Motor Wire", "Motor Wire"),
])
def test_a_byline_names_its_outlet_not_its_writers(tmp_path: Path, byline: str, outlet: str) -> None:
    path = tmp_path / "a.txt"
    path.write_text(f"date 2024-05-03 news\n\nHeadline\n\n{byline}\nRenault owns 43% of Nissan.\n", encoding="utf-8")
    [article] = [a for a in read_articles([str(path)]) if not isinstance(a, Exception)]
    assert article.outlet == outlet
