"""Hypothesis profiles: `dev` (the default) runs a tenth of the examples, `ci` all of them.

`.ci/run` passes `--hypothesis-profile=ci`; a developer's `pytest` gets the quick loop. Each property
states its full count through `examples(n)`, so one number says how hard CI tries.
"""

from __future__ import annotations

from hypothesis import settings

settings.register_profile("ci", max_examples=100, derandomize=True, database=None, print_blob=True)
settings.register_profile("dev", settings.get_profile("ci"), max_examples=10)
settings.load_profile("dev")  # pytest's --hypothesis-profile, read after this, may choose "ci"


def examples(full: int) -> int:
    """`full` examples under the ci profile, proportionally fewer (at least 10) under dev."""
    return max(10, full * settings.default.max_examples // 100)
