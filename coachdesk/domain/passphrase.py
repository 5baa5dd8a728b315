"""How hard a passphrase is to guess, and whether a vault may be made with it.

zxcvbn (Dropbox's estimator, kept up to date) does the rating: it knows common passwords,
keyboard runs, dates and the names the coach has just typed (given as `user_inputs`), which
a character-count rule cannot. One rule for the window, the CLI and the vault.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

MIN_PASSPHRASE = 10
#: zxcvbn scores 0..4; below this a vault is refused
MIN_SCORE = 3
LABELS = ("Very weak", "Weak", "Fair", "Good", "Strong")
_ZXCVBN_MAX = 100  # zxcvbn's own cap on input length


@dataclass(frozen=True, slots=True)
class Rating:
    score: int  # 0 (very weak) .. 4 (strong)
    label: str
    advice: str
    acceptable: bool


def _inputs(user_inputs: Iterable[str]) -> list[str]:
    """Each name whole and word by word: 'Sam Coach' also gives 'sam' and 'coach'."""
    found: list[str] = []
    for text in user_inputs:
        text = text.strip().lower()
        if text:
            found.append(text)
            found.extend(w for w in re.split(r"\W+", text) if len(w) >= 3)
    return found


def rate_passphrase(text: str, user_inputs: Iterable[str] = ()) -> Rating:
    if not text:
        return Rating(0, LABELS[0], "Type a passphrase: three or four unrelated words work "
                      "well.", False)
    if len(text) < MIN_PASSPHRASE:
        return Rating(0, LABELS[0], f"Use at least {MIN_PASSPHRASE} characters: a few "
                      "unrelated words work well.", False)
    from zxcvbn import zxcvbn  # its word lists take 70 ms to load: not before the first use

    result = zxcvbn(text[:_ZXCVBN_MAX], user_inputs=_inputs(user_inputs))
    score = int(result["score"])
    if score >= MIN_SCORE:
        advice = ("A strong passphrase." if score == 4
                  else "Good enough; another unrelated word would make it stronger.")
        return Rating(score, LABELS[score], advice, True)
    feedback = result.get("feedback") or {}
    warning = str(feedback.get("warning") or "").strip()
    names = _inputs(user_inputs)
    lowered = text.lower()
    if not warning and any(n in lowered for n in names):
        warning = "It contains the profile or coach name, which is easy to guess."
    reason = warning or "It would be easy to guess."
    if not reason.endswith("."):
        reason += "."
    return Rating(score, LABELS[score],
                  f"Too easy to guess: {reason[0].lower()}{reason[1:]} "
                  "Add two or three unrelated words.", False)


def passphrase_problem(text: str, user_inputs: Iterable[str] = ()) -> str | None:
    """Why a vault should not be made with this passphrase, or None when it may."""
    rating = rate_passphrase(text, user_inputs)
    return None if rating.acceptable else rating.advice
