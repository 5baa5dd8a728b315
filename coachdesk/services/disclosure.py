"""Disclosure control for every figure that leaves the app (the ONS 10-5 rule).

* Primary suppression: a count under 10 (0 included) is not shown.
* Rounding: every other count, and every total, is rounded to the nearest 5.
* Secondary suppression: where only one cell of a table is suppressed, the next smallest
  cell is suppressed too; and a table with any suppressed cell does not show its total
  (a shown total bounds the hidden cells: two cells under 10 totalling 20 are 9 and 9).
  Tables that share a total (one population counted two ways) hide it together.
* A share is shown only when its numerator and what is left of its denominator are both
  10 or more (else one could be worked out from the other).
The in-app view shows exact counts to the coach's own service.
"""

from __future__ import annotations

from dataclasses import dataclass

THRESHOLD, BASE = 10, 5
SUPPRESSED = "[c]"  # the ONS mark for a confidential cell
RULE = ("Disclosure control (ONS 10-5 rule): counts under 10 are not shown ([c]), other "
        "counts and totals are rounded to the nearest 5; where one cell is hidden a second "
        "is hidden too, and a table with hidden cells does not show its total. "
        "Shares are shown only when both their parts are 10 or more.")


def round5(n: int) -> int:
    """Nearest multiple of 5, halves upwards (12 -> 10, 13 -> 15)."""
    return int((n + BASE // 2) // BASE * BASE)


@dataclass(frozen=True, slots=True)
class Protected:
    cells: list[str]  # one per category: a rounded count or SUPPRESSED
    total: str


def protect_table(counts: list[int], hide_total: bool = False) -> Protected:
    """A table of counts (categories that partition a total) ready to publish.
    `hide_total`: another table of the same population hid it."""
    total = sum(counts)
    hidden = {i for i, n in enumerate(counts) if n < THRESHOLD}
    if len(hidden) == 1:
        shown = [i for i in range(len(counts)) if i not in hidden]
        if shown:
            hidden.add(min(shown, key=lambda i: (counts[i], i)))
    # a shown total bounds the hidden cells' sum: two cells under 10 with a total of 20
    # can only be 9 and 9. So a table with any hidden cell hides its total.
    hide_total = hide_total or bool(hidden)
    cells = [SUPPRESSED if i in hidden else str(round5(n)) for i, n in enumerate(counts)]
    hide_total = hide_total or total < THRESHOLD
    return Protected(cells, SUPPRESSED if hide_total else str(round5(total)))


def protect_share(part: int, whole: int) -> str:
    """A percentage safe to publish, or SUPPRESSED."""
    if part < THRESHOLD or whole - part < THRESHOLD:
        return SUPPRESSED
    return f"{round(100 * round5(part) / round5(whole))}%"
