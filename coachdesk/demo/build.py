"""The demo vault: a synthetic caseload behind a published passphrase, never real data."""

from __future__ import annotations

import shutil
from datetime import date

from coachdesk.demo.loader import load
from coachdesk.demo.synthetic import Caseload, SyntheticCaseload
from coachdesk.directory.demo import add_demo_directory
from coachdesk.services.profiles import DEMO_PASSPHRASE, DEMO_PROFILE
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
        return paths, False
    try:
        store = Store(vault, actor=DEMO_COACH)
        store.set_coach_name(DEMO_COACH)
        spec = Caseload(clients=clients, today=today or store.today())
        caseload = SyntheticCaseload(spec)
        load(store, caseload.everything())
        load(store, caseload.clinic_days())  # the diary's week has clinics to show
        add_demo_directory(store)
        _signpost_some(store)
    finally:
        vault.close()
    return paths, True


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
