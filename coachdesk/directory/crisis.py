"""Crisis contacts first, and the short safeguarding note that records what was done
(its content only: services.safeguarding writes it on the client's record)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from coachdesk.domain.directory import DirectoryService
from coachdesk.domain.timefmt import uk_datetime

SAFEGUARDING_TAG = "safeguarding"
#: the order the starter crisis lines are read out in (by ORUK id prefix is brittle: by name)
_FIRST = ("samaritans", "nhs 111", "emergency", "shout")


def crisis_first(services: Iterable[DirectoryService]) -> list[DirectoryService]:
    """Active crisis services (starter ones in their set order), then the team's others."""
    crisis = [s for s in services if s.active and s.is_crisis]

    def key(s: DirectoryService) -> tuple[int, int, str]:
        name = s.name.lower()
        rank = next((n for n, word in enumerate(_FIRST) if name.startswith(word)), len(_FIRST))
        return (0 if s.source == "starter" else 1, rank, name)

    return sorted(crisis, key=key)


@dataclass(frozen=True, slots=True)
class SafeguardingNote:
    concern: str
    action_taken: str
    services_contacted: Sequence[str] = ()
    client_informed: bool = True
    escalated_to: str = ""

    def problems(self) -> dict[str, str]:
        found = {}
        if not self.concern.strip():
            found["concern"] = "Say briefly what the concern was."
        if not self.action_taken.strip():
            found["action_taken"] = "Say what was done, even if it was only advice given."
        return found

    def body(self, when: datetime) -> str:
        lines = [
            f"Safeguarding note, {uk_datetime(when)}",
            f"Concern: {self.concern.strip()}",
            f"Action taken: {self.action_taken.strip()}",
        ]
        if self.services_contacted:
            lines.append(
                "Crisis services given or contacted: " + ", ".join(self.services_contacted)
            )
        if self.escalated_to.strip():
            lines.append(f"Escalated to: {self.escalated_to.strip()}")
        lines.append("Client told what was done: " + ("yes" if self.client_informed else "no"))
        return "\n".join(lines)
