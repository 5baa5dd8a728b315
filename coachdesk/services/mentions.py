"""Does a note mention someone other than the client? Simple rules an IG lead can follow,
used to flag notes for review before a subject access copy is released (third-party data).

A note is flagged when it has
* a relationship word ("partner", "son", "mum", "landlord"...),
* a title and a name ("Dr Patel", "Mrs Evans"), or
* a capitalised word in mid-sentence that is not one of the client's names and not a
  common proper word (days, months, services, "GP", "NHS"...).
The rules find too much rather than too little: a person decides.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

RELATIONSHIPS = frozenset(str.split("""
partner husband wife spouse son sons daughter daughters child children kids baby mother
mum mom father dad parent parents brother sister sibling siblings grandson granddaughter
grandchild grandchildren grandmother grandfather nan nana gran grandad uncle aunt auntie
cousin nephew niece boyfriend girlfriend fiance fiancee ex friend friends neighbour
neighbours carer landlord landlady flatmate housemate manager boss colleague colleagues
employer supervisor stepson stepdaughter stepmother stepfather in-law
"""))
TITLES = r"(?:Dr|Doctor|Mr|Mrs|Ms|Miss|Mx|Nurse|Sister)"
_TITLED = re.compile(rf"\b{TITLES}\.?\s+([A-Z][\w'-]+)")
_WORD = re.compile(r"[\w'-]+", re.UNICODE)
#: capitalised words that are not people
COMMON = frozenset(str.split("""
I I'm I've I'll GP GPs NHS DWP UC PIP ESA JSA IPS CAB ADHD OCD PTSD CBT IAPT A&E
Jobcentre Access Work Universal Credit Talking Therapies Citizens Advice Mind Samaritans
Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May
June July August September October November December Christmas Easter English British
Agreed Barriers What Next Amended Action Plan Fit Note Jobcentre Plus Step Goal
Dr Doctor Mr Mrs Ms Miss Mx Nurse Sister
"""))


def _names_of(client_names: Iterable[str]) -> set[str]:
    return {w.casefold() for name in client_names for w in _WORD.findall(name or "")}


def mentions_of_others(text: str, client_names: Iterable[str]) -> list[str]:
    """Why `text` may mention another person, one reason each (empty: nothing found)."""
    own = _names_of(client_names)
    reasons: list[str] = []
    words = _WORD.findall(text)
    related = sorted({w.casefold() for w in words} & RELATIONSHIPS)
    reasons += [f'relationship word "{w}"' for w in related]
    titled = []
    for match in _TITLED.finditer(text):
        if match.group(1).casefold() not in own:
            titled.append(match.group(0))
    reasons += [f'names "{t}"' for t in dict.fromkeys(titled)]
    seen_titled = {t.split()[-1] for t in titled}
    capitalised: list[str] = []
    for sentence in re.split(r"(?<=[.!?:;\n])\s*", text):
        for word in _WORD.findall(sentence)[1:]:  # the first word of a sentence is capitalised
            if (word[:1].isupper() and word not in COMMON and word.casefold() not in own
                    and not word.isupper() and word not in seen_titled
                    and word.casefold() not in RELATIONSHIPS):
                capitalised.append(word)
    reasons += [f'capitalised name "{w}"' for w in dict.fromkeys(capitalised)]
    return reasons
