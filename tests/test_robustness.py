"""Issue 14: bad input never loses the rest of the batch, corrections are versions, every input
is counted once (each failure the hostile tester found, reproduced first)."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from alliancegraph import jobs
from alliancegraph.api import create_app
from alliancegraph.cli import app
from alliancegraph.errors import InputError
from alliancegraph.ingest import read_articles
from alliancegraph.store import open_store

runner = CliRunner()
DEEP = '{"text": "Renault partners with Nissan.", "x": ' + "[" * 1500 + "]" * 1500 + "}"


def _seed(day: int, body: str) -> str:
    return f"date 2023-03-{day:02d} news\n\nHeadline {day}\n\nBy Reuters\n{body}\n"


def _good_files(folder: Path, count: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(1, count + 1):
        path = folder / f"good{n:02d}.txt"
        path.write_text(_seed(n % 28 + 1, f"Renault will cut its stake in Nissan to {n}%, it said."),
                        encoding="utf-8")
        paths.append(path)
    return paths


# ---- 1. one input's failure is one line; every other input is stored --------------------------------

def test_a_deeply_nested_json_line_is_one_error_naming_it() -> None:
    errors: list[InputError] = []
    text = '{"text": "Toyota buys Acme."}\n' + DEEP + '\n{"text": "Honda buys Widgetco."}\n'
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "mixed.jsonl")
        path.write_text(text, encoding="utf-8")
        found = list(read_articles([path], on_error=errors.append))
    assert [a.text for a in found] == ["Toyota buys Acme.", "Honda buys Widgetco."]
    assert len(errors) == 1
    assert str(errors[0]).endswith("mixed.jsonl:2: nested too deeply to read (more than 1,000 levels)")


def test_a_deeply_nested_json_file_is_one_error_naming_it(tmp_path: Path) -> None:
    (tmp_path / "deep.json").write_text("[" * 1500 + "]" * 1500, encoding="utf-8")
    errors: list[InputError] = []
    assert list(read_articles([tmp_path / "deep.json"], on_error=errors.append)) == []
    assert [e.problem for e in errors] == ["nested too deeply to read (more than 1,000 levels)"]


def test_any_reader_crash_is_one_error_naming_the_input(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from alliancegraph.ingest import _read

    def crash(text: str, **_: Any) -> Any:
        raise ValueError("parser blew up")
        yield

    monkeypatch.setitem(_read.READERS, "html", crash)
    (tmp_path / "a.html").write_text("<html><p>x</p></html>", encoding="utf-8")
    (tmp_path / "b.txt").write_text(_seed(1, "Renault sells Nissan shares."), encoding="utf-8")
    errors: list[InputError] = []
    found = list(read_articles([tmp_path], on_error=errors.append))
    assert [a.doc for a in found] == ["b.txt"]
    assert [str(e) for e in errors] == [f"{tmp_path / 'a.html'}: could not be read (ValueError: parser blew up)"]


@pytest.mark.model
def test_ingest_stores_every_good_input_around_a_deep_one(tmp_path: Path, extractor: Any) -> None:
    corpus = tmp_path / "in"
    _good_files(corpus, 30)
    (corpus / "good00.jsonl").write_text(DEEP + "\n", encoding="utf-8")
    (corpus / "good15.jsonl").write_text(DEEP + "\n", encoding="utf-8")
    errors: list[InputError] = []
    with open_store(str(tmp_path / "ag.db")) as store:
        summary = jobs.ingest([corpus], store=store, extractor=extractor, on_error=errors.append)
        stored = len(store.articles())
    assert stored == 30 and summary.new == 30
    assert len(summary.failed) == 2 and len(errors) == 2
    assert summary.inputs == 32


@pytest.mark.model
def test_posting_deep_json_answers_400(tmp_path: Path, extractor: Any) -> None:
    with open_store(str(tmp_path / "ag.db")) as store, \
            TestClient(create_app(store, token="t", extractor=extractor)) as client:
        answer = client.post("/api/articles", content=DEEP.encode(),
                             headers={"Authorization": "Bearer t", "Content-Type": "application/json"})
    assert answer.status_code == 400, answer.text
    assert "nested too deeply" in answer.json()["error"]["message"]


# ---- 2. RSS: an unclosed tag takes only its own item; a bad pubDate is a warning -------------------

def _feed(items: list[str]) -> str:
    return ('<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>'
            + "".join(items) + "</channel></rss>")


def _item(n: int, *, description: str | None = None, date: str = "Wed, 01 Mar 2023 09:00:00 GMT") -> str:
    body = description if description is not None else f"<description>Story {n} text.</description>"
    return (f"<item><title>Story {n}</title><link>https://wire.example/{n}</link>"
            f"<pubDate>{date}</pubDate>{body}</item>")


def test_an_unclosed_tag_does_not_swallow_the_next_item(tmp_path: Path) -> None:
    items = [_item(n) for n in range(1, 101)]
    items[41] = _item(42, description="<description>Story 42 text.")
    path = tmp_path / "feed.xml"
    path.write_text(_feed(items), encoding="utf-8")
    errors: list[InputError] = []
    found = list(read_articles([path], on_error=errors.append))
    docs = {a.url for a in found}
    assert {f"https://wire.example/{n}" for n in range(1, 101) if n != 42} <= docs
    assert len(found) + len(errors) == 100
    assert all(str(path) in str(e) for e in errors)


def test_a_bad_pubdate_is_a_warning_and_the_item_is_stored_undated(tmp_path: Path) -> None:
    path = tmp_path / "feed.xml"
    path.write_text(_feed([_item(1, date="not a date"), _item(2)]), encoding="utf-8")
    warnings: list[Any] = []
    found = list(read_articles([path], on_warning=warnings.append))
    assert [a.published for a in found][0] is None and found[1].published is not None
    assert [str(w) for w in warnings] == [f"{path}#1: pubDate 'not a date' is not a date; stored undated"]


# ---- 3. URLs normalised; a correction is a new version; every input counted once -------------------

def test_urls_are_normalised() -> None:
    from alliancegraph.urls import normalise_url

    same = ["https://News.Example.com/a/story/", "https://news.example.com/a/story#comments",
            "https://news.example.com/a/story?utm_source=x&utm_medium=rss", "HTTPS://news.example.com:443/a/story"]
    assert {normalise_url(u) for u in same} == {"https://news.example.com/a/story"}
    assert normalise_url("https://x.example/a?id=2&utm_campaign=z") == "https://x.example/a?id=2"
    assert normalise_url("https://x.example/a?id=2") != normalise_url("https://x.example/a?id=3")
    assert normalise_url("https://x.example/") == "https://x.example/"


def _line(url: str, text: str, date: str = "2023-03-01") -> str:
    import json

    return json.dumps({"url": url, "text": text, "date": date, "title": "T"})


@pytest.mark.model
def test_a_correction_is_a_new_version_whose_facts_replace_the_old(tmp_path: Path, extractor: Any) -> None:
    feed = tmp_path / "in.jsonl"
    feed.write_text("\n".join([
        _line("https://wire.example/renault", "Renault will cut its stake in Nissan to 15%."),
        _line("https://wire.example/toyota", "Toyota owns a 5% stake in Suzuki."),
        _line("https://Wire.example/renault/", "Renault will cut its stake in Nissan to 20%.", "2023-03-02"),
    ]) + "\n", encoding="utf-8")
    with open_store(str(tmp_path / "ag.db")) as store:
        summary = jobs.ingest([feed], store=store, extractor=extractor)
        assert (summary.inputs, summary.new, summary.updated, summary.duplicates) == (3, 2, 1, 0)
        renault = store.find_entity("Renault")
        assert renault is not None
        percents = [f.percent for f in store.facts_about(renault.id) if f.type == "owns_stake"]
        history = store.article_history("https://wire.example/renault")
    assert percents == [20.0]
    assert [v.version for v in history] == [1, 2]
    assert "15%" in history[0].text and "20%" in history[1].text
    assert len({v.id for v in history}) == 1


@pytest.mark.model
def test_four_copies_are_one_new_and_three_duplicates_of_it(tmp_path: Path, extractor: Any) -> None:
    corpus = tmp_path / "in"
    corpus.mkdir()
    for name in ("a.txt", "b.txt", "c.txt", "d.txt"):
        (corpus / name).write_text(_seed(1, "Renault sells its Nissan shares."), encoding="utf-8")
    with open_store(str(tmp_path / "ag.db")) as store:
        summary = jobs.ingest([corpus], store=store, extractor=extractor)
    assert (summary.inputs, summary.new, summary.duplicates) == (4, 1, 3)
    assert [(d.doc, d.of) for d in summary.duplicate_of] == [("b.txt", "a.txt"), ("c.txt", "a.txt"),
                                                             ("d.txt", "a.txt")]


# ---- 6. names cleaned; security headers; the write endpoint's own size limit ----------------------

def test_names_are_nfc_without_control_or_bidi_characters(tmp_path: Path) -> None:
    import datetime as dt

    from alliancegraph.ingest import content_hash
    from alliancegraph.names import clean_text
    from alliancegraph.records import Article, DocumentFacts, Entity, Evidence, Mention, RelationFact

    text = "Citroe\u0308n buys Nis\u202esan."
    digest = content_hash(text)
    article = Article(id=digest[:16], source="a.txt", doc="a.txt", published=dt.date(2023, 1, 1),
                      title="T\u200b\u202eitle", outlet="Wire\x07", text=text, content_hash=digest)
    evidence = Evidence(sentence=text, char_start=0, char_end=len(text))
    entities = [Entity("e1", "Citroe\u0308n", "ORG", ["Citroe\u0308n"], [Mention("Citroe\u0308n", 0, 8)]),
                Entity("e2", "Nis\u202esan", "ORG", ["Nis\u202esan\u200f"], [Mention("Nis\u202esan", 14, 21)])]
    fact = RelationFact(subject="Citroe\u0308n", type="acquires", object="Nis\u202esan", status="asserted",
                        confidence=0.9, evidence=evidence)
    with open_store(str(tmp_path / "ag.db")) as store:
        store.add_document(article, DocumentFacts("a.txt", dt.date(2023, 1, 1), "T", "a.txt", entities, [fact]))
        names = {e.name for e in store.entities_by_id(range(1, 10)).values()}
        aliases = {a for e in store.entities_by_id(range(1, 10)).values() for a in e.aliases}
        [stored] = store.articles()
    assert names == {"Citro\u00ebn", "Nissan"} and names <= aliases  # and the gazetteer's names
    assert all(clean_text(alias) == alias for alias in aliases)
    assert (stored.title, stored.outlet) == ("Title", "Wire")


def test_page_and_api_answers_carry_security_headers(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "ag.db")) as store, TestClient(create_app(store)) as client:
        answers = [client.get(path) for path in ("/", "/api/stats", "/api/entity?name=Nobody", "/openapi.json",
                                                 "/static/app.js")]
        docs = client.get("/docs")
    for answer in answers:
        assert answer.headers["x-content-type-options"] == "nosniff", answer.url
        policy = answer.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in policy and "script-src 'self';" in policy, answer.url
    assert answers[2].status_code == 404
    assert "frame-ancestors 'none'" in docs.headers["content-security-policy"]


def test_the_page_has_no_inline_script_its_policy_would_block() -> None:
    import re

    from alliancegraph.api._web import STATIC

    page = (STATIC / "index.html").read_text(encoding="utf-8")
    assert not re.search(r"\son[a-z]+=", page)
    assert all("src=" in tag for tag in re.findall(r"<script[^>]*>", page))


def test_a_post_over_the_write_limit_is_refused_with_413(tmp_path: Path) -> None:
    from alliancegraph.api import MAX_POST_BYTES

    body = ("Renault buys Nissan. " * (MAX_POST_BYTES // 20)).encode()
    assert len(body) > MAX_POST_BYTES
    with open_store(str(tmp_path / "ag.db")) as store, \
            TestClient(create_app(store, token="t", extractor=object())) as client:  # type: ignore[arg-type]
        answer = client.post("/api/articles", content=body, headers={"Authorization": "Bearer t"})
        streamed = client.post("/api/articles", content=iter([body[:1000], body]),
                               headers={"Authorization": "Bearer t"})
        stored = store.stats()["articles"]
    for refused in (answer, streamed):
        assert refused.status_code == 413, refused.text
        error = refused.json()["error"]
        assert error["type"] == "TooLarge" and "1,048,576" in error["message"]
    assert stored == 0


# ---- 7. tables fit the terminal: no value split mid-token, evidence on one line (--full for all) --------

def _at_width(monkeypatch: pytest.MonkeyPatch, width: int) -> None:
    from alliancegraph import cli

    monkeypatch.setattr(cli.out, "width", width)


LONG = ("Renault, which currently holds 43% of Nissan, will transfer 28.4% of the Japanese group's capital into "
        "a French trust, the two carmakers said on Monday after months of talks in Paris, London and Yokohama.")


@pytest.fixture
def long_db(db: str) -> str:
    """The graph corpus and one article with a long doc name, a long sentence and a large amount."""
    import datetime as dt

    from graph_corpus import Story, entity, fact

    story = Story("005_renault-nissan-trust-completion-2023-11-08.txt", dt.date(2023, 11, 8), "Nikkei Asia",
                  [entity("Renault"), entity("Nissan"), entity("Ampere")],
                  [fact("Renault", "owns_stake", "Nissan", percent=15.0, sentence=LONG),
                   fact("Nissan", "invests_in", "Ampere", amount=5_510_000_000.0, currency="USD",
                        sentence=LONG.replace("Renault,", "Nissan, investing in Ampere,"))])
    with open_store(db) as store:
        story.add_to(store)
    return db


@pytest.mark.parametrize("width", [80, 160])
@pytest.mark.parametrize("command", [["show", "Renault", "--as-of", "2023-12-31"], ["edge", "Renault", "owns_stake",
                                                                                    "Nissan"],
                                     ["changes", "--since", "2023-01-01"], ["conflicts"]])
def test_tables_fit_the_terminal_without_splitting_values(long_db: str, monkeypatch: pytest.MonkeyPatch,
                                                          width: int, command: list[str]) -> None:
    import json
    import re

    _at_width(monkeypatch, width)
    db = long_db
    data = json.loads(runner.invoke(app, [*command, "--db", db, "--format", "json"]).output)
    shown_fields = "first_seen|last_seen" if command[0] == "show" else "doc|date"
    tokens = set(re.findall(rf'"(?:{shown_fields})": "([^"]+)"', json.dumps(data)))
    tokens |= {f"{v:,.0f}" for v in re.findall(r'"amount": ([0-9.]+)', json.dumps(data)) for v in [float(v)]}
    if command[0] == "show":
        sentences = {edge["history"][-1]["sentence"] for edge in data["edges"]}
    else:
        sentences = set(re.findall(r'"sentence": "([^"]+)"', json.dumps(data, ensure_ascii=False)))
    assert tokens and sentences
    for full in (False, True):
        shown = runner.invoke(app, [*command, "--db", db, *(["--full"] if full else [])])
        assert shown.exit_code == 0, shown.output
        lines = shown.output.splitlines()
        assert max(map(len, lines)) <= width, shown.output
        for token in tokens:
            assert any(token in line for line in lines), (token, shown.output)
        for sentence in sentences:
            words = sentence.split()
            assert any(" ".join(words[:3]) in line for line in lines), (sentence, shown.output)
            if len(sentence) > width:
                ends_shown = any(line.rstrip(" │").endswith(words[-1]) for line in lines)
                assert ends_shown == full, (sentence, full, shown.output)


# ---- extraction: one article's crash or slowness loses that article alone ----------------------------

class _Reader:
    """An extractor that reads nothing, crashes on "CRASH" and dawdles on "SLOW" (a stand-in for a
    pathological article), batching like spaCy's pipe so that a failure breaks a whole batch."""

    def pipe(self, articles: Any, *, n_process: int = 1, batch_size: int = 4) -> Any:
        import itertools
        import time

        from alliancegraph.records import DocumentFacts

        source = iter(articles)
        while batch := list(itertools.islice(source, batch_size)):
            for article in batch:
                if "CRASH" in article.text:
                    raise RecursionError("maximum recursion depth exceeded")
                if "SLOW" in article.text:
                    time.sleep(30)
            for article in batch:
                yield article, DocumentFacts(article.doc, article.published, article.title, article.source, [], [])


def test_an_article_whose_extraction_fails_or_overruns_is_one_error(tmp_path: Path) -> None:
    corpus = tmp_path / "in"
    paths = _good_files(corpus, 10)
    paths[3].write_text(_seed(4, "CRASH here."), encoding="utf-8")
    paths[6].write_text(_seed(7, "SLOW here."), encoding="utf-8")
    errors: list[InputError] = []
    import time

    started = time.monotonic()
    with open_store(str(tmp_path / "ag.db")) as store:
        summary = jobs.ingest([corpus], store=store, extractor=_Reader(), time_limit=0.5,  # type: ignore[arg-type]
                              on_error=errors.append)
        docs = sorted(a.doc for a in store.articles())
    assert time.monotonic() - started < 15
    assert docs == [p.name for p in paths if p not in (paths[3], paths[6])]
    assert (summary.inputs, summary.new, len(summary.failed)) == (10, 8, 2)
    assert [e.problem for e in errors] == [
        "extraction failed: nested too deeply to read (more than 1,000 levels)",
        "extraction took longer than 0.5 s, the limit for one article. Split the article, or raise the limit "
        "with --time-limit."]
    assert str(errors[0]).startswith(str(paths[3]))


# ---- 8. the guarantees are written down, each with its test; the contract is in the repository ----------

def test_every_test_the_readme_names_exists() -> None:
    import re

    root = Path(__file__).resolve().parents[1]
    readme = (root / "README.md").read_text(encoding="utf-8")
    guarantees = readme[readme.index("## Guarantees"):readme.index("## Speed")]
    named = set(re.findall(r"\b(test_\w+)\b", guarantees))
    files = list((root / "tests").glob("test_*.py"))
    defined = {m for path in files for m in re.findall(r"^def (test_\w+)", path.read_text(encoding="utf-8"),
                                                        re.MULTILINE)}
    assert len(named) >= 10
    assert named <= defined | {path.stem for path in files}, named - defined


def test_the_schema_the_readme_and_help_point_to_is_in_the_repository() -> None:
    root = Path(__file__).resolve().parents[1]
    assert (root / "docs" / "schema.md").read_text(encoding="utf-8").startswith("# alliancegraph: the fact schema")
    assert "docs/schema.md" in (root / "README.md").read_text(encoding="utf-8")
    assert "docs/schema.md" in runner.invoke(app, ["--help"]).output


def test_article_history_lists_both_versions_of_a_correction(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import datetime as dt
    import json

    from alliancegraph.ingest import content_hash
    from alliancegraph.records import Article, DocumentFacts

    db = str(tmp_path / "ag.db")
    with open_store(db) as store:
        for day, text in ((1, "Renault will cut its stake to 15%."), (2, "Renault will cut its stake to 20%.")):
            digest = content_hash(text)
            article = Article(id=digest[:16], source=f"v{day}.txt", doc=f"v{day}.txt", published=dt.date(2023, 3, day),
                              title="T", outlet="Wire", text=text, content_hash=digest,
                              url="https://wire.example/renault" + "/" * (day - 1))
            store.add_document(article, DocumentFacts(article.doc, article.published, "T", article.source, [], []))
    _at_width(monkeypatch, 80)
    shown = runner.invoke(app, ["article-history", "https://WIRE.example/renault#top", "--db", db])
    assert shown.exit_code == 0, shown.output
    assert "2 versions of article" in shown.output and "v2.txt" in shown.output
    data = json.loads(runner.invoke(app, ["article-history", "https://wire.example/renault", "--db", db,
                                          "--format", "json"]).output)
    assert [(v["version"], v["current"], v["doc"]) for v in data] == [(1, False, "v1.txt"), (2, True, "v2.txt")]
    missing = runner.invoke(app, ["article-history", "https://elsewhere.example/", "--db", db])
    assert missing.exit_code == 1 and missing.output.startswith("Error: no stored article has the URL")
