"""The apps import one way only (pyproject.toml, [tool.importlinter]): ipsweb <- centers <-
reviews, participants, accounts, qualitative <- dashboards <- api."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def lint_imports(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(Path(sys.executable).parent / "lint-imports"), "--no-cache", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_apps_import_only_the_layers_below_them():
    result = lint_imports()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 1 kept, 0 broken." in result.stdout


def test_an_import_of_a_layer_above_breaks_the_contract(tmp_path):
    # The same contract over a copy of the apps with one import upwards added.
    copy = tmp_path / "project"
    for app in [
        "ipsweb",
        "centers",
        "accounts",
        "reviews",
        "participants",
        "qualitative",
        "dashboards",
        "api",
    ]:
        for path in (ROOT / app).rglob("*.py"):
            target = copy / path.relative_to(ROOT)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(path.read_text())
    (copy / "pyproject.toml").write_text((ROOT / "pyproject.toml").read_text())
    with (copy / "centers" / "selectors.py").open("a") as selectors:
        selectors.write("\nfrom dashboards import tables  # noqa\n")
    result = subprocess.run(
        [str(Path(sys.executable).parent / "lint-imports"), "--no-cache"],
        cwd=copy,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 1
    assert "centers is not allowed to import dashboards" in result.stdout
    assert "centers.selectors -> dashboards.tables" in result.stdout
