"""The demo vault: a synthetic caseload behind a published passphrase, never real data."""

from __future__ import annotations

import contextlib
import shutil
from datetime import date

from coachdesk.demo.loader import load
from coachdesk.demo.synthetic import Caseload, SyntheticCaseload
from coachdesk.directory.demo import add_demo_directory
from coachdesk.services.appsession import PROFILE_NAME_FILE
from coachdesk.services.profiles import DEMO_PASSPHRASE, DEMO_PROFILE
from coachdesk.store.atomic import atomic_write
from coachdesk.store.errors import VaultExists
from coachdesk.store.keyfile import KdfParams
from coachdesk.store.paths import AppPaths, VaultPaths
from coachdesk.store.store import Store
from coachdesk.store.vault import Vault

__all__ = ["DEMO_COACH", "DEMO_PASSPHRASE", "DEMO_PROFILE", "make_demo_vault"]
DEMO_COACH = "Demo Coach"



def demo_paths(app_paths: AppPaths) -> VaultPaths:
    return app_paths.vault(DEMO_PROFILE)


def make_demo_vault(
    app_paths: AppPaths, clients: int = 60, reset: bool = False, today: date | None = None,
    kdf: KdfParams | None = None,
) -> tuple[VaultPaths, bool]:
    """Create the demo vault if it is missing. Returns its paths and whether it was made.

    `reset` deletes only the demo profile's folder, which never holds real data.
    """
    paths = demo_paths(app_paths)
    if reset and paths.folder.exists():
        shutil.rmtree(paths.folder)
    try:
        vault, _code = Vault.create(paths, DEMO_PASSPHRASE, kdf)
    except VaultExists:
        _name_profile(paths)  # a demo made before the name was kept
        return paths, False
    _name_profile(paths)
    try:
        store = Store(vault, actor=DEMO_COACH)
        store.set_coach_name(DEMO_COACH)
        spec = Caseload(clients=clients, today=today or store.today())
        caseload = SyntheticCaseload(spec)
        load(store, caseload.everything())
        load(store, caseload.clinic_days())  # the diary's week has clinics to show
        add_demo_directory(store)
        _signpost_some(store)
        _refer_some(store)
    finally:
        vault.close()
    return paths, True


def _name_profile(paths: VaultPaths) -> None:
    """The unlock screen shows "Demo Coach", as the coach is named everywhere else (without
    the file it shows the folder's name, "Demo coach")."""
    name_file = paths.folder / PROFILE_NAME_FILE
    if not name_file.exists():
        with contextlib.suppress(OSError):
            atomic_write(name_file, DEMO_PROFILE.encode("utf-8"))


def _signpost_some(store: Store) -> None:
    """Signpost a few demo clients so plans and sheets show services."""
    from datetime import timedelta

    from coachdesk.domain import Client, DirectoryService
    from coachdesk.services.followups import signpost

    services = [s for s in store.repo(DirectoryService).all() if s.active and not s.is_crisis]
    if not services:
        return
    clients = store.repo(Client).all()[:20]
    with store.transaction():
        for n, client in enumerate(clients):
            service = services[n % len(services)]
            signpost(store, client.id, service.id, "Agreed at the session that this could help",
                     store.today() + timedelta(days=14))


#: people referred and waiting, not on the caseload yet (all invented)
WAITING = [("Marek", "Brennan", 33, "gp", "Dr Amal Quist", "GP", "soon"),
           ("Inès", "Varga", 19, "social_prescriber", "Sam Petrova", "Social prescriber",
            "routine"),
           ("Tomi", "Oyelaran", 12, "practice_staff", "Ruth Ade", "Practice nurse", "urgent"),
           ("Grace", "Nakamura", 8, "gp", "Dr Owen Lister", "GP", "routine"),
           ("Callum", "Reid", 4, "self_referral", "", "", "routine"),
           ("Aleksandra", "Wiśniewska", 2, "social_prescriber", "Sam Petrova",
            "Social prescriber", "soon")]
REASONS = ("Off work with back pain and worried about going back",
           "Struggling at work with anxiety; GP suggested talking to the coach",
           "Long-term health condition, wants help to find work that suits",
           "On a fit note after surgery, employer has asked about a phased return")


def _refer_some(store: Store) -> None:
    """Referrals for the demo: one for each of the first clients (their first session is
    after it), a few people waiting to be seen, and fit notes for those off sick."""
    from datetime import timedelta

    from coachdesk.domain import Client
    from coachdesk.domain.enums import EmploymentSituation, ReferralSource
    from coachdesk.domain.ids import new_id
    from coachdesk.domain.referrals import (
        Adjustment,
        FitNoteAssessment,
        FitNotePeriod,
        Referral,
        ReferralStatus,
        Urgency,
    )
    from coachdesk.services.fitnotes import add_fit_note
    from coachdesk.services.referrals import add_referral

    today = store.today()
    clients = store.repo(Client).all()
    practice = next((c.practice_id for c in clients if c.practice_id), None)
    with store.transaction():
        for given, family, days, source, who, role, urgency in WAITING:
            add_referral(store, Referral(
                id=new_id(), received_on=today - timedelta(days=days),
                source=ReferralSource(source), given_name=given, family_name=family,
                referrer_name=who, referrer_role=role, practice_id=practice,
                reason=REASONS[days % len(REASONS)], urgency=Urgency(urgency),
                consent_to_contact=True))
        for n, client in enumerate(clients[:30]):
            source = client.referral_source
            named = source in (ReferralSource.GP, ReferralSource.SOCIAL_PRESCRIBER,
                               ReferralSource.PRACTICE_STAFF)
            add_referral(store, Referral(
                id=new_id(), received_on=today - timedelta(days=20 + 3 * n), source=source,
                client_id=client.id, referrer_name="Dr Amal Quist" if named else "",
                referrer_role={"gp": "GP", "social_prescriber": "Social prescriber",
                               "practice_staff": "Practice nurse"}.get(source.value, ""),
                practice_id=client.practice_id, reason=REASONS[n % len(REASONS)],
                consent_to_contact=True, status=ReferralStatus.SEEN))
            if client.employment_situation is EmploymentSituation.EMPLOYED_OFF_SICK:
                start = today - timedelta(days=10 + 9 * n)
                add_fit_note(store, FitNotePeriod(
                    id=new_id(), client_id=client.id, starts_on=start,
                    ends_on=today + timedelta(days=2 + n % 20),
                    assessment=FitNoteAssessment.MAY_BE_FIT if n % 2 else
                    FitNoteAssessment.NOT_FIT,
                    adjustments=[Adjustment.PHASED_RETURN.value] if n % 2 else []))
