"""The README's API examples: the Python one runs against the live test server (pandas is not a
dependency: a stand-in records the DataFrames it is given), the R one is checked by the request
it makes (R is not installed)."""

import re
import sys
import types
from pathlib import Path

import pytest

from centers.roles import Role
from tests.api.conftest import client_with
from tests.dashboards.conftest import lead, paper  # noqa: F401
from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text()


def block(language: str) -> str:
    section = README[README.index("## The API") :]
    return re.search(rf"```{language}\n(.*?)```", section, re.S)[1]


class DataFrame:
    """What the example gives pandas, kept for the test."""

    made: list = []

    def __init__(self, data, index=None, columns=None):
        self.data, self.index, self.columns = data, index, columns
        DataFrame.made.append(self)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_python_example_reads_the_comparison_into_data_frames(
    live_server,
    token_for,
    paper,  # noqa: F811
    monkeypatch,
    capsys,
):
    manager = UserFactory(role=Role.MANAGER, centers=list(paper.values()))
    monkeypatch.setenv("IPSWEB_URL", live_server.url)
    monkeypatch.setenv("IPSWEB_TOKEN", token_for(manager))
    monkeypatch.setitem(sys.modules, "pandas", types.SimpleNamespace(DataFrame=DataFrame))
    DataFrame.made = []
    exec(compile(block("python"), "README.md", "exec"), {})
    scores, differences = DataFrame.made
    assert len(scores.data) == 25 and len(scores.index) == 25
    assert sorted(scores.columns) == ["C1", "C2", "C3", "C4", "C5", "C6"]
    assert len(differences.data) == 25
    assert "median total: 99.5" in capsys.readouterr().out


def test_the_r_example_asks_for_what_the_api_answers(token_for, paper):  # noqa: F811
    code = block("r")
    path = re.search(r'req_url_path_append\("([^"]+)"\)', code)[1]
    query = dict(
        (name, value.strip('"'))
        for name, value in re.findall(
            r"(\w+) = (\"[^\"]*\"|\d+)", re.search(r"req_url_query\((.*?)\)", code)[1]
        )
    )
    assert "req_auth_bearer_token" in code
    manager = UserFactory(role=Role.MANAGER, centers=list(paper.values()))
    response = client_with(token_for(manager)).get(f"/{path}", query)
    assert response.status_code == 200
    data = response.json()
    # Every field the R code reads is there.
    for field in re.findall(r"\$(\w+)", code):
        assert field in {"items", "centers", "totals", "scores", "name", "code", "median"}
    assert data["items"][0]["scores"] and data["centers"][0]["code"]
    assert data["totals"]["median"] == 99.5
