"""The built sdist and wheel carry what users and packagers look for: the licence,
the metadata, the rule pages, and the Python versions artlint is tested on."""

from __future__ import annotations

import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("hatchling", reason="hatchling (a test dependency) builds the dists")
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-d", str(out)],
        cwd=REPO,
        check=True,
        capture_output=True,
        text=True,
    )
    return out


def test_the_wheel_carries_the_licence_metadata_and_rule_pages(dist: Path) -> None:
    (wheel,) = dist.glob("*.whl")
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
        (meta_name,) = [n for n in names if n.endswith(".dist-info/METADATA")]
        meta = zf.read(meta_name).decode("utf-8")
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    assert "artlint/_catalogue/HD001-heading-case.md" in names
    assert "License-Expression: MIT" in meta
    assert "Classifier: Programming Language :: Python :: 3.10" in meta
    assert "Classifier: Programming Language :: Python :: 3.13" in meta
    assert "Requires-Python: >=3.10" in meta


def test_the_sdist_carries_the_licence(dist: Path) -> None:
    (sdist,) = dist.glob("*.tar.gz")
    with tarfile.open(sdist) as tf:
        names = tf.getnames()
    assert any(n.endswith("/LICENSE") for n in names)
    assert (REPO / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")
