"""The referral loop's use cases, as the Desk hands them to the UI (`desk.referrals`):
the waiting list, referrals, the CSV import, fit notes and the feedback letter."""

from __future__ import annotations

from datetime import date

from coachdesk.domain import Client
from coachdesk.domain.enums import ReferralSource
from coachdesk.domain.referrals import FitNotePeriod, Referral, ReferralStatus
from coachdesk.domain.timefmt import uk_date_long
from coachdesk.services import feedback, fitnotes, referral_import, referrals
from coachdesk.services.changes import CLIENT, Changes, WithChanges
from coachdesk.services.duplicates import Candidate
from coachdesk.store.store import Store


class ReferralDesk:
    def __init__(self, store: Store) -> None:
        self._store = store

    # ----- referrals and the waiting list ---------------------------------------------
    def waiting_list(self, today: date) -> list[referrals.WaitingRow]:
        return referrals.waiting_list(self._store, today)

    def practices(self) -> list[tuple[str, str]]:
        return self._store.reports.practices()

    def add_referral(self, referral: Referral) -> Changes:
        return referrals.add_referral(self._store, referral)

    def client_referrals(self, client_id: str) -> list[Referral]:
        return referrals.client_referrals(self._store, client_id)

    def mark_contacted(self, referral_id: str, on: date | None = None) -> Changes:
        return referrals.mark_contacted(self._store, referral_id, on)

    def set_status(self, referral_id: str, status: ReferralStatus, note: str = "") -> Changes:
        return referrals.set_status(self._store, referral_id, status, note=note)

    def candidates(self, referral_id: str) -> list[Candidate]:
        return referrals.referral_candidates(self._store, referral_id)

    def link_client(self, referral_id: str, client_id: str | None) -> WithChanges[str]:
        """Match to `client_id`, or make a new client (None); the value is the client id."""
        cid = referrals.link_client(self._store, referral_id, client_id)
        return WithChanges(referrals.link_changes(cid, referral_id), cid)

    def client_from_referral(self, referral_id: str) -> Client:
        """The client the referral describes, unsaved: the New client form starts from it."""
        return referrals.client_from(self._store.repo(Referral).require(referral_id))

    def make_client(self, referral_id: str, client: Client,
                    allow_duplicate: bool = False) -> WithChanges[str]:
        """The New client form's client, saved and linked to the referral together."""
        cid = referrals.make_client(self._store, referral_id, client, allow_duplicate)
        return WithChanges(referrals.link_changes(cid, referral_id), cid)

    # ----- the CSV import --------------------------------------------------------------
    def preview_import(self, data: bytes, practice_id: str, source: ReferralSource,
                       mapping: dict[str, str] | None = None,
                       encoding: str | None = None,
                       referrer: str = "") -> referral_import.ImportPreview:
        return referral_import.preview_import(self._store, data, practice_id, source, mapping,
                                              encoding, referrer)

    def commit_import(self, preview: referral_import.ImportPreview,
                      decisions: dict[int, str]) -> WithChanges[referral_import.ImportReport]:
        report = referral_import.commit_import(self._store, preview, decisions)
        return WithChanges(Changes.of(referrals.REFERRAL) | Changes.of(CLIENT), report)

    # ----- fit notes -------------------------------------------------------------------
    def fit_notes(self, client_id: str, today: date) -> fitnotes.FitNoteState:
        return fitnotes.fit_note_state(self._store, client_id, today)

    def add_fit_note(self, period: FitNotePeriod) -> Changes:
        return fitnotes.add_fit_note(self._store, period)

    def remove_fit_note(self, period_id: str) -> Changes:
        return fitnotes.remove_fit_note(self._store, period_id)

    def weeks_off(self, today: date) -> dict[str, tuple[int, bool]]:
        return fitnotes.weeks_off_by_client(self._store, today)

    # ----- the feedback letter ---------------------------------------------------------
    def letter_start(self, client_id: str) -> feedback.LetterStart:
        return feedback.letter_start(self._store, client_id)

    def render_letter(self, request: feedback.LetterRequest) -> tuple[bytes, str, str]:
        return feedback.render_letter(self._store, request)

    def record_letter(self, client_id: str, referral_id: str, how: str) -> Changes:
        feedback.record_letter(self._store, client_id, referral_id, how)
        return Changes()

    def record_line(self, client_id: str, today: date) -> str:
        """What the client's record shows of referrals and fit notes, in one line."""
        found = referrals.client_referrals(self._store, client_id)
        parts = []
        if found:
            r = found[0]
            who = ", ".join(x for x in (r.referrer_name, r.referrer_role) if x.strip())
            parts.append(f"Referred on {uk_date_long(r.received_on)} ({r.source.label}"
                         + (f": {who}" if who else "") + ")"
                         + (f", {len(found) - 1} later referral(s)" if len(found) > 1 else "")
                         + ".")
        state = fitnotes.fit_note_state(self._store, client_id, today)
        if state.periods:
            parts.append(state.summary)
        return " ".join(parts)

    def client_name(self, client_id: str) -> str:
        return self._store.repo(Client).require(client_id).display_name
