"""Hypothesis profiles for the fuzzers: bounded and repeatable in CI, long on demand.

`ci` (the default) runs a fixed, derandomized budget so that CI is repeatable and
fast; `ARTLINT_FUZZ_EXAMPLES=50000 pytest tests/fuzz` selects `long`, random, with
that many examples shared among the fuzzers in the proportions of `SHARES`.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

#: Examples for all fuzzers together in CI; the suite must run at least 2,000.
CI_EXAMPLES = 2_100
#: Each fuzzer's share of the budget (they sum to 1).
SHARES = {"articles": 0.45, "mutated": 0.33, "raw": 0.10, "cli": 0.05, "corpus": 0.07}

_slow_is_fine = [
    HealthCheck.too_slow,
    HealthCheck.data_too_large,
    HealthCheck.filter_too_much,
    HealthCheck.large_base_example,
]
settings.register_profile(
    "ci",
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=_slow_is_fine,
    print_blob=True,
)
settings.register_profile(
    "long", deadline=None, database=None, suppress_health_check=_slow_is_fine, print_blob=True
)
_LONG = os.environ.get("ARTLINT_FUZZ_EXAMPLES")
PROFILE = "long" if _LONG else "ci"
TOTAL = int(_LONG) if _LONG else CI_EXAMPLES


def fuzz_settings(fuzzer: str) -> settings:
    """The profile's settings with `fuzzer`'s share of the examples.

    Applied per test rather than loaded globally, so the suite's other property
    tests keep their own settings.
    """
    return settings(
        settings.get_profile(PROFILE), max_examples=max(1, round(TOTAL * SHARES[fuzzer]))
    )
