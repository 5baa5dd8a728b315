"""Issue 12 item 22: the demo caseload reads like a real clinic: preferred names are real
short forms, directory descriptions are real sentences."""

from __future__ import annotations

import re
from itertools import pairwise

from coachdesk.demo import names
from coachdesk.demo.synthetic import Caseload, SyntheticCaseload
from coachdesk.directory.synthetic import service
from tests.factories import TODAY


def test_preferred_names_are_real_short_forms() -> None:
    made = SyntheticCaseload(Caseload(clients=400, today=TODAY))
    clients = [made.client(i) for i in range(400)]
    preferred = {(c.given_name, c.preferred_name) for c in clients if c.preferred_name}
    assert preferred  # some clients go by a short form
    for given, short in preferred:
        assert names.SHORT_FORMS[given] == short
    assert ("Fatima", "Fat") not in preferred


def test_directory_descriptions_are_sentences_without_repeated_words() -> None:
    for n in range(60):
        text = service(n)["description"]
        assert re.fullmatch(r"([A-Z][^.]*\.\s?)+", text), text
        words = text.lower().split()
        assert all(a != b for a, b in pairwise(words)), text
