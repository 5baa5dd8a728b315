"""The ONS 10-5 rule: suppression, rounding, and no suppressed cell recoverable.

The recovery test is an attack: it makes every small table there is, publishes each, and
for each published table asks which true tables could have produced it. A suppressed cell
must have at least two possible values."""

from __future__ import annotations

import itertools
from collections import defaultdict

import pytest

from coachdesk.services.disclosure import SUPPRESSED, protect_share, protect_table, round5


def test_rounding_and_primary_suppression() -> None:
    assert [round5(n) for n in (10, 12, 13, 17, 18, 1234)] == [10, 10, 15, 15, 20, 1235]
    table = protect_table([3, 12, 48, 0, 27])
    assert table.cells == [SUPPRESSED, "10", "50", SUPPRESSED, "25"]
    assert table.total == SUPPRESSED  # a shown total would bound the hidden cells
    assert protect_table([12, 48, 27]).total == "85"
    assert protect_table([4, 3]).total == SUPPRESSED


def test_one_suppressed_cell_brings_a_second() -> None:
    table = protect_table([4, 30, 12, 55])
    assert table.cells == [SUPPRESSED, "30", SUPPRESSED, "55"]  # 12 is the next smallest
    assert table.total == SUPPRESSED
    assert protect_table([30, 40], hide_total=True).total == SUPPRESSED


@pytest.mark.parametrize("size, top", [(2, 40), (3, 24), (4, 13)])
def test_no_suppressed_value_can_be_recovered_from_the_total(size: int, top: int) -> None:
    published: dict[tuple[tuple[str, ...], str], list[tuple[int, ...]]] = defaultdict(list)
    for cells in itertools.product(range(top + 1), repeat=size):
        out = protect_table(list(cells))
        published[(tuple(out.cells), out.total)].append(cells)
    checked = 0
    for (shown, _total), truths in published.items():
        for i, cell in enumerate(shown):
            if cell != SUPPRESSED:
                continue
            # a table with a cell near the top of the enumerated range has fewer
            # neighbours than it would in life: judge only tables well inside it
            if all(max(t) > top - 5 for t in truths):
                continue
            values = {t[i] for t in truths}
            assert len(values) >= 2, (shown, _total, truths[:5])
            checked += 1
    assert checked >= 2  # published tables with hidden cells were really judged


def test_shares_need_both_parts_of_ten_or_more() -> None:
    assert protect_share(9, 100) == SUPPRESSED
    assert protect_share(95, 100) == SUPPRESSED  # the 5 left could be worked out
    assert protect_share(40, 100) == "40%"
    assert protect_share(12, 30) == "33%"  # 10 of 30, from the rounded parts
