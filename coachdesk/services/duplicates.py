"""Is this person already on the caseload? Candidates, each with why it matched.

Names are compared with the short forms coaches meet every day (Beth for Bethan or
Elizabeth, Mo for Mohammed) and spelling variants (Phillips/Philips, Mohammed/Muhammad);
then date of birth, NHS number, postcode and phone say whether it is the same person.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass

from coachdesk.domain import Client
from coachdesk.store.store import Store

#: short forms and the names they stand for (each group: names one person may go by)
NAME_GROUPS = [
    "elizabeth beth bethan bethany betty bess liz lizzie lisa eliza libby",
    "robert rob robbie bob bobby bert", "william will bill billy liam",
    "james jim jimmy jamie", "margaret maggie meg peggy", "katherine catherine kate katie "
    "kath cathy kathryn", "thomas tom tommy", "daniel dan danny", "michael mike mick mikey",
    "david dave davey", "christopher chris kit", "christine chris chrissie tina",
    "alexander alex sandy", "alexandra alex sandra lexi", "joseph joe joey",
    "josephine jo josie", "joanne jo joanna", "samuel sam sammy", "samantha sam sammy",
    "jennifer jen jenny", "rebecca becky becca", "victoria vicky tori", "susan sue susie",
    "patricia pat trish tricia", "anthony tony", "edward ed eddie ted", "richard rich rick dick",
    "stephen steve stevie steven", "andrew andy drew", "nicholas nick nicky",
    "deborah debbie deb", "abigail abi abby", "mohammed muhammad mohamed mohammad mo",
    "fatima fatimah", "aleksandra ola ala", "malgorzata gosia", "katarzyna kasia",
]
_GROUPS: dict[str, set[int]] = {}
for _n, _group in enumerate(NAME_GROUPS):
    for _name in _group.split():
        _GROUPS.setdefault(_name, set()).add(_n)


@dataclass(frozen=True, slots=True)
class Candidate:
    client: Client
    reasons: tuple[str, ...]  # plain words: "same date of birth", "similar name (Beth, Bethan)"


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if ch.isalpha())


def _skeleton(name: str) -> str:
    """Spelling-proof form: doubled letters once, vowels after the first letter dropped."""
    single = re.sub(r"(.)\1+", r"\1", name)
    return single[:1] + re.sub(r"[aeiouy]", "", single[1:])


def _family_alike(a: str, b: str) -> bool:
    fa, fb = _fold(a), _fold(b)
    return bool(fa and fb) and (fa == fb or _skeleton(fa) == _skeleton(fb)
                                or difflib.SequenceMatcher(None, fa, fb).ratio() >= 0.85)


def _given_alike(a: str, b: str) -> bool:
    ga, gb = _fold(a), _fold(b)
    if not ga or not gb:
        return False
    return (ga == gb or ga.startswith(gb) or gb.startswith(ga) or _skeleton(ga) == _skeleton(gb)
            or bool(_GROUPS.get(ga, set()) & _GROUPS.get(gb, set()))
            or difflib.SequenceMatcher(None, ga, gb).ratio() >= 0.8)


def name_reason(a: Client, b: Client) -> str:
    """Why two clients' names look like one person's ("" when they do not)."""
    if not _family_alike(a.family_name, b.family_name):
        return ""
    givens = [n for n in (a.given_name, a.preferred_name) if n.strip()]
    others = [n for n in (b.given_name, b.preferred_name) if n.strip()]
    if not any(_given_alike(x, y) for x in givens for y in others):
        return ""
    if a.full_name.casefold() == b.full_name.casefold():
        return "same name"
    return f"similar name ({b.full_name})"


def _digits(text: str) -> str:
    digits = re.sub(r"\D", "", text)
    return "0" + digits[2:] if digits.startswith("44") else digits


def candidates(store: Store, client: Client) -> list[Candidate]:
    """Everyone on the caseload who may be `client`, most likely first, with the reasons."""
    client = client.normalised()
    repo = store.repo(Client)
    pool: dict[str, Client] = {}
    for field, value in (("nhs_number", client.nhs_number), ("postcode", client.postcode),
                         ("date_of_birth", client.date_of_birth.isoformat()
                          if client.date_of_birth else ""), ("phone", client.phone)):
        if value:
            pool.update({c.id: c for c in repo.find_by(field, value)})
    for other in repo.find_by("family_name", client.family_name):
        pool.setdefault(other.id, other)
    found: list[tuple[int, Candidate]] = []
    for other in pool.values():
        if other.id == client.id or other.merged_into:
            continue
        name = name_reason(client, other)
        facts = [why for same, why in (
            (client.nhs_number and client.nhs_number == other.nhs_number, "same NHS number"),
            (client.date_of_birth and client.date_of_birth == other.date_of_birth,
             "same date of birth"),
            (client.postcode and client.postcode == other.postcode, "same postcode"),
            (client.phone and _digits(client.phone) == _digits(other.phone),
             "same phone number"),
        ) if same]
        # a different name needs the NHS number, or birth date and phone (twins share a
        # birthday and a postcode; families share a phone)
        if "same NHS number" in facts or (name and facts) or {
                "same date of birth", "same phone number"} <= set(facts):
            reasons = tuple(([name] if name else []) + facts)
            found.append((len(reasons) + (3 if "same NHS number" in facts else 0),
                          Candidate(other, reasons)))
    found.sort(key=lambda pair: (-pair[0], pair[1].client.full_name.casefold()))
    return [c for _score, c in found]
