"""artlint's own codes (family AL) are defined once, in `rules.internal.INTERNAL`."""

from __future__ import annotations

import re
from pathlib import Path

from artlint import file_phase
from artlint.rules.internal import INTERNAL


def test_the_engine_takes_each_al_code_and_name_from_the_registry() -> None:
    used = {v for k, v in vars(file_phase).items() if k.startswith("AL_")}
    assert len(used) == 8
    assert all(INTERNAL[code][0] == name for code, name in used)


def test_no_al_code_is_spelt_out_in_the_run_machinery() -> None:
    src = Path(file_phase.__file__).parent
    for name in ("engine.py", "file_phase.py", "pool.py", "corpus_phase.py", "cache.py"):
        text = (src / name).read_text(encoding="utf-8")
        spelt = re.findall(r"\"(AL\d{3})\", \"", text)
        assert not spelt, f"{name} spells out {spelt}"
        for _, (kebab, _summary, _sev) in INTERNAL.items():
            assert f'"{kebab}"' not in text, f"{name} names {kebab}"
