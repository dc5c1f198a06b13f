"""`eval-stories`: stories of dated articles read into a fresh store each, checked as of dates.

tests/stories/ holds small stories written for the world rules (succession and effect, a
rejected and raised bid, a completed takeover, an announced exit, a finance chief named to
become chief executive); data/stories/ the
project's real ones."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from alliancegraph.cli import app
from alliancegraph.errors import InputError
from alliancegraph.stories import read_checks

HERE = Path(__file__).parent
RULE_STORIES = HERE / "stories"
DATA_STORIES = HERE.parent / "data" / "stories"
runner = CliRunner()


def test_checks_are_read_with_their_optional_fields(tmp_path: Path) -> None:
    path = tmp_path / "expect.json"
    path.write_text(json.dumps([{"as_of": "2024-05-01", "subject": "A", "type": "owns_stake",
                                 "object": "B", "status": "asserted", "percent": 20, "why": "x"}]))
    [check] = read_checks(path)
    assert (str(check), check.percent, check.why) == (
        "2024-05-01 A owns_stake B: asserted percent=20.0", 20.0, "x")


@pytest.mark.parametrize(("content", "problem"), [
    ("{", "cannot be read as JSON"),
    ('{"as_of": "2024-01-01"}', "is not a list of checks"),
    ('[{"as_of": "2024-13-01", "subject": "A", "type": "leads", "object": "B", "status": "asserted"}]',
     "check 1: as_of '2024-13-01' is not a YYYY-MM-DD date"),
    ('[{"as_of": "2024-01-01", "subject": "A", "type": "leads", "object": "B", "status": "done"}]',
     "check 1: status 'done' is not one of asserted, planned, proposed, ended, denied, absent"),
    ('[{"as_of": "2024-01-01", "type": "leads", "object": "B", "status": "ended"}]',
     'check 1 has no "subject"'),
])
def test_a_bad_expect_file_is_one_error_naming_it(tmp_path: Path, content: str, problem: str) -> None:
    path = tmp_path / "expect.json"
    path.write_text(content)
    with pytest.raises(InputError) as raised:
        read_checks(path)
    assert str(raised.value).startswith(f"{path}: {problem}")


@pytest.mark.model
def test_every_rule_story_passes() -> None:
    result = runner.invoke(app, ["eval-stories", str(RULE_STORIES)])
    assert result.exit_code == 0, result.output
    assert "FAIL" not in result.output
    assert result.output.splitlines()[-1] == "5 stories: 17 of 17 checks pass"
    assert "PASS 2024-09-01 Helen Marsh leads Orbis Bank: ended  (graph: ended title=Chief Executive " \
           "[succession: succeeded by Peter Lang as chief executive on 2024-08-08])" in result.output


@pytest.mark.model
def test_failed_checks_fail_the_run_only_when_strict_and_a_bad_story_is_an_error(tmp_path: Path) -> None:
    shutil.copytree(RULE_STORIES / "alliance-exit", tmp_path / "exit")
    expect = tmp_path / "exit" / "expect.json"
    checks = json.loads(expect.read_text())
    checks[1]["status"] = "asserted"  # the graph says ended
    expect.write_text(json.dumps(checks))
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / "expect.json").write_text("[1]")
    args = ["eval-stories", str(tmp_path), "--reader", "rules"]
    lenient = runner.invoke(app, args)
    assert lenient.exit_code == 1  # the broken story
    assert f"Error: {tmp_path / 'broken' / 'expect.json'}: check 1 is not an object" in lenient.output
    assert "FAIL 2025-01-15 Norvik Lines member_of Tidewater Alliance: asserted  (graph: ended " \
           "[effect: ended on 2024-12-31 as announced on 2024-07-04])" in lenient.output
    (tmp_path / "broken" / "expect.json").unlink()
    (tmp_path / "broken").rmdir()
    assert runner.invoke(app, args).exit_code == 0
    strict = runner.invoke(app, [*args, "--strict"])
    assert strict.exit_code == 1 and strict.output.splitlines()[-1] == "1 story: 1 of 2 checks pass"


@pytest.mark.model
def test_the_project_stories_run_without_errors() -> None:
    if not DATA_STORIES.is_dir():
        pytest.skip("no data/stories in this checkout")
    result = runner.invoke(app, ["eval-stories", str(DATA_STORIES), "--format", "json"])
    assert result.exit_code == 0, result.output
    stories = json.loads(result.output)
    assert stories and all(not s["errors"] and s["checks"] == len(s["results"]) > 0 for s in stories)
