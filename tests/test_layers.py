"""The layering contract in pyproject.toml holds: a module never imports from a layer above.

CI runs `lint-imports` too; this test makes a plain `pytest` catch an upward import before
review does, and checks that the contract names every module of the package, so a new
module cannot sit outside the layers unnoticed.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from artlint._toml import tomllib

ROOT = Path(__file__).resolve().parent.parent


def _contract() -> dict[str, object]:
    with (ROOT / "pyproject.toml").open("rb") as fh:
        config = tomllib.load(fh)
    contracts: list[dict[str, object]] = config["tool"]["importlinter"]["contracts"]
    return contracts[0]


def test_the_layers_contract_is_kept() -> None:
    exe = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    if exe is None:
        pytest.skip("import-linter is not installed (the test extra installs it)")
    done = subprocess.run([exe], cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout[-3000:]
    assert "1 kept, 0 broken" in done.stdout


def test_every_module_of_the_package_sits_in_a_layer() -> None:
    layers = _contract()["layers"]
    assert isinstance(layers, list)
    named = {part.strip() for layer in layers for part in layer.replace(":", "|").split("|")}
    package = ROOT / "src" / "artlint"
    top = {p.stem for p in package.glob("*.py") if p.stem != "__init__"}
    top |= {p.parent.name for p in package.glob("*/__init__.py")}
    assert top - named == set()


def test_the_contract_lists_no_exceptions() -> None:
    # An upward import is fixed by moving code, not by listing it here.
    assert _contract().get("ignore_imports", []) == []
