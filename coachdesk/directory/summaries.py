"""Summary records: a service that comes without the nested collections a full record holds.

Publishers' list endpoints (HSDS 3.0 list pages, for one) return each service without its
phones, locations, schedules, languages and categories. Such a record says nothing about
them, so what the vault holds is kept; only an explicit empty list clears a collection.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from typing import Any

from coachdesk.directory.limits import certainly_sound
from coachdesk.directory.mapping import canonical
from coachdesk.directory.report import COLLECTION_WORDS, collection_words

#: `canonical`'s encoding, refusing NaN and Infinity (made once: `json.dumps` makes one a call)
_ENCODER = json.JSONEncoder(
    sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False
)

__all__ = ["COLLECTION_WORDS", "collection_words", "digest", "keep_omitted", "read_once"]


def keep_omitted(
    record: dict[str, Any], stored: dict[str, Any], covers: Iterable[str] = ()
) -> list[str]:
    """Copy into `record` every nested collection `stored` has and `record` omits.

    `covers` names keys the feed speaks for even when it leaves them out (a CSV folder with a
    phone table says a service with no phone rows has no phones). Returns the keys kept.
    """
    spoken = set(covers)
    kept = []
    for key, value in stored.items():
        if key in record or key in spoken or not isinstance(value, list | dict) or not value:
            continue
        record[key] = value
        kept.append(key)
    return sorted(kept)


def digest(record: Any) -> bytes:
    """A short fingerprint of a record as read, to tell an identical repeat from a rival."""
    return hashlib.blake2b(canonical(record).encode("utf-8"), digest_size=16).digest()


def read_once(record: Any) -> tuple[str, bytes] | None:
    """(canonical text, `digest`) of a record known to pass the shape check, from one JSON
    encoding; None when the shape check must look (`limits.shape_problem`), as it must for
    anything JSON cannot encode as text. Most records of a feed are sound and take this."""
    try:
        text = _ENCODER.encode(record)
        encoded = text.encode("utf-8")  # fails on a lone surrogate, in a value or a name
    except (TypeError, ValueError, RecursionError):  # UnicodeEncodeError is a ValueError
        return None
    if not certainly_sound(record):
        return None
    return text, hashlib.blake2b(encoded, digest_size=16).digest()
