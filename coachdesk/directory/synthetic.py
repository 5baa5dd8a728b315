"""Made-up ORUK services for tests, benchmarks and the demo caseload: a council-style feed
around Leeds with varied hours (some past midnight), ages, languages and categories."""

from __future__ import annotations

import json
import random
import uuid
from pathlib import Path
from typing import Any

_NS = uuid.UUID("0d6b8c1e-2a7f-4e0b-9a55-3c1f7d1e9b42")
CATEGORIES = (
    "Debt advice",
    "Talking therapies",
    "IPS employment support",
    "Access to Work",
    "Carers support",
    "Housing help",
    "Benefits advice",
    "Social prescribing",
    "Drug and alcohol support",
    "Peer support",
    "Skills and training",
    "Food bank",
)
LANGUAGES = ("English", "Urdu", "Polish", "Punjabi", "Arabic", "Romanian", "BSL")
STREETS = ("Roundhay Road", "Harehills Lane", "Chapeltown Road", "Kirkstall Road", "York Road")
#: Leeds districts, the inner-east ones round the demo practice more often
DISTRICTS = tuple(f"LS{n}" for n in range(1, 29)) + ("LS7", "LS8", "LS9") * 4
HOURS = (
    [("MO,TU,WE,TH,FR", "09:00", "17:00")],
    [("MO,WE,FR", "10:00", "14:00"), ("SA", "10:00", "13:00")],
    [("FR,SA", "20:00", "02:00")],
    [("MO,TU,WE,TH,FR,SA,SU", "00:00", "00:00")],
    [("TU,TH", "13:00", "19:30")],
)


def sid(n: int, part: str = "service") -> str:
    return str(uuid.uuid5(_NS, f"{part}:{n}"))


#: what each kind of service does, in the words a service would use about itself
ABOUT = {
    "Debt advice": "Free, confidential help to deal with debts, arrears and bailiffs.",
    "Talking therapies": "Talking therapy for low mood, anxiety and stress, on the NHS.",
    "IPS employment support": "An employment specialist helps you find and keep paid work "
                              "alongside your mental health care.",
    "Access to Work": "Help to apply for Access to Work grants for equipment, travel or "
                      "support at work.",
    "Carers support": "Advice, breaks and a listening ear for people who look after someone.",
    "Housing help": "Help if you are homeless, at risk of losing your home or in poor housing.",
    "Benefits advice": "Checks that you get the benefits you are entitled to, and help with "
                       "forms and appeals.",
    "Social prescribing": "A link worker helps you find local groups and activities that "
                          "suit you.",
    "Drug and alcohol support": "Confidential support to cut down or stop drinking or using "
                                "drugs.",
    "Peer support": "Groups run by people who have been through similar things.",
    "Skills and training": "Free courses in English, maths, computers and job skills.",
    "Food bank": "Emergency food parcels for three days, with a referral from an agency.",
}
#: sentences that many services add; as many are used as `description_words` asks for
MORE = (
    "You can drop in or book an appointment by phone.",
    "The service is free and confidential.",
    "Interpreters can be arranged if you ask when you book.",
    "Please bring any letters or bills you have been sent.",
    "Staff can meet you at your GP practice if that is easier.",
    "There is step-free access and a hearing loop.",
    "You can refer yourself or be referred by your GP or work coach.",
)


#: padding for size tests and benchmarks only, in a field no coach reads
_BULK = ("free", "confidential", "local", "support", "help", "advice", "friendly", "drop-in",
         "appointment", "group", "one-to-one")


def _description(category: str, district: str, words: int, rnd: random.Random) -> str:
    """Real sentences, about `words` words long: what the service does, then the usual."""
    parts = [ABOUT[category], f"For people living in and around {district}."]
    extra = list(MORE)
    rnd.shuffle(extra)
    count, i = sum(len(x.split()) for x in parts), 0
    while count < words:  # big feeds (benchmarks) ask for more than the sentences: go round
        parts.append(extra[i % len(extra)])
        count += len(extra[i % len(extra)].split())
        i += 1
    return " ".join(parts)


def service(
    n: int, seed: int = 0, description_words: int = 30, bulk_words: int = 0, **overrides: Any
) -> dict[str, Any]:
    """Service number `n` of a synthetic feed (the same n and seed give the same record).
    `bulk_words` pads the record where only the kept ORUK text holds it (accreditations), as
    the long nested detail of real feeds does."""
    rnd = random.Random(n * 7919 + seed)
    category = CATEGORIES[n % len(CATEGORIES)]
    district = rnd.choice(DISTRICTS)
    description = _description(category, district, description_words,
                               random.Random(n * 104729 + seed))  # its own: rnd's draws unchanged
    org = {
        "id": sid(n % 400, "org"),
        "name": f"Leeds Community Trust {n % 400}",
        "description": "A local charity.",
    }
    location = {
        "id": sid(n, "location"),
        "location_type": "physical",
        "name": f"Hub {n}",
        "addresses": [
            {
                "id": sid(n, "address"),
                "address_1": f"{n % 200 + 1} {rnd.choice(STREETS)}",
                "city": "Leeds",
                "state_province": "West Yorkshire",
                "postal_code": f"{district} {rnd.randint(1, 9)}{rnd.choice('ABDEFGHJ')}"
                f"{rnd.choice('LNPQRSTUWXYZ')}",
                "country": "GB",
                "address_type": "physical",
            }
        ],
    }
    record: dict[str, Any] = {
        "id": sid(n),
        "name": f"{category} service {n}",
        "status": "active",
        "description": description,
        "url": f"https://example.org/services/{n}",
        "email": f"service{n}@example.org",
        "minimum_age": rnd.choice((16, 18, 18, 25)),
        "maximum_age": rnd.choice((64, 99, 120)),
        "organization": org,
        "contacts": [
            {
                "id": sid(n, "contact"),
                "name": "Reception",
                "phones": [{"id": sid(n, "phone"), "number": f"0113 496 0{n % 1000:03d}"}],
            }
        ],
        "service_at_locations": [{"id": sid(n, "at"), "location": location}],
        "schedules": [
            {
                "id": sid(n, f"schedule{i}"),
                "freq": "WEEKLY",
                "byday": d,
                "opens_at": o,
                "closes_at": c,
            }
            for i, (d, o, c) in enumerate(HOURS[n % len(HOURS)])
        ],
        "languages": [{"id": sid(n, "lang"), "name": "English"}]
        + ([{"id": sid(n, "lang2"), "name": LANGUAGES[n % len(LANGUAGES)]}] if n % 3 else []),
        "service_areas": [{"id": sid(n, "area"), "name": f"{district} and nearby"}],
        "attributes": [
            {
                "id": sid(n, "attr"),
                "taxonomy_term": {
                    "id": sid(n % len(CATEGORIES), "term"),
                    "name": category,
                    "description": category,
                    "taxonomy": "demo",
                },
            }
        ],
    }
    if bulk_words:
        record["accreditations"] = " ".join(rnd.choice(_BULK) for _ in range(bulk_words))
    record.update(overrides)
    return record


def page(records: list[dict[str, Any]], number: int = 1, total_pages: int = 1) -> dict[str, Any]:
    return {
        "total_items": len(records),
        "total_pages": total_pages,
        "page_number": number,
        "size": len(records),
        "first_page": number == 1,
        "last_page": number == total_pages,
        "empty": not records,
        "contents": records,
    }


def write_feed(
    path: Path, count: int, seed: int = 0, description_words: int = 30, bulk_words: int = 0
) -> Path:
    """Write a one-page feed of `count` services, streaming so it never builds the whole text."""
    with path.open("w", encoding="utf-8") as fp:
        head = {"total_items": count, "total_pages": 1, "page_number": 1}
        fp.write(json.dumps(head)[:-1] + ', "contents": [')
        for n in range(count):
            if n:
                fp.write(",\n")
            fp.write(json.dumps(service(n, seed, description_words, bulk_words)))
        fp.write("]}")
    return path
