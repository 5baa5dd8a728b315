"""`coachdesk --self-test`: can this PC run CoachDesk? Checked end to end, for remote IT.

The Qt-free part lives here: a throwaway vault (fast key derivation) in a temporary folder,
a synthetic client and case note written and read back, an action plan PDF built and its
text read back. The UI adds its own checks (Qt plugins, printing through QPrinter) as a
callback given the PDF and the scratch folder. Everything made is removed at the end, and
the removal itself is checked. Each failure says, in words IT can act on, what to do.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import coachdesk
from coachdesk.domain.timefmt import uk_today
from coachdesk.services import appsession, clients, notes, plans, practices, printing
from coachdesk.services.printing import PLAN_DOCUMENT
from coachdesk.store.keyfile import KdfParams
from coachdesk.store.paths import AppPaths
from coachdesk.store.store import Store

#: synthetic: nobody real is ever written, even into a vault that is about to be removed
GIVEN, FAMILY = "Selftest", "Example"
NOTE_TEXT = "Self-test note: synthetic, removed straight after."
STEP_TEXT = "Self-test step: print this plan"
PASSPHRASE = "self test only, removed at once"  # noqa: S105 - a throwaway vault's


class CheckFailed(Exception):
    """A check failed; the message is what IT should be told."""


@dataclass(frozen=True, slots=True)
class Check:
    name: str
    ok: bool
    detail: str = ""  # what was found when it passed; what failed and what to do if not
    seconds: float = 0.0


@dataclass(slots=True)
class SelfTestReport:
    checks: list[Check] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return bool(self.checks) and all(check.ok for check in self.checks)

    def one_line(self) -> str:
        head = f"CoachDesk {coachdesk.__version__} self-test"
        if self.ok:
            done = ", ".join(c.name + (f" ({c.detail})" if c.detail else "")
                             for c in self.checks)
            return f"{head} passed in {self.seconds:.1f} s: {done}."
        failed = "; ".join(f"{c.name}: {c.detail}" for c in self.checks if not c.ok)
        return f"{head} FAILED: {failed}"


#: the UI's checks: given the plan PDF (None if it could not be made) and the scratch folder
ExtraChecks = Callable[[bytes | None, Path], list[Check]]


class _Runner:
    def __init__(self, report: SelfTestReport) -> None:
        self.report = report

    @contextmanager
    def check(self, name: str, advice: str) -> Iterator[list[str]]:
        """Time one check; any exception becomes a failed check with `advice` appended."""
        start = time.perf_counter()
        found: list[str] = []
        try:
            yield found
        except CheckFailed as exc:
            self._add(name, False, f"{exc} {advice}", start)
        except Exception as exc:  # the self-test reports every failure, it never crashes
            self._add(name, False, f"{type(exc).__name__}: {exc}. {advice}", start)
        else:
            self._add(name, True, " ".join(found), start)

    def _add(self, name: str, ok: bool, detail: str, start: float) -> None:
        self.report.checks.append(Check(name, ok, detail.strip(),
                                        time.perf_counter() - start))


def pdf_text(pdf: bytes) -> tuple[int, str]:
    """(page count, all text) of a PDF, read back with pdfium."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        texts = []
        for index in range(len(doc)):
            page = doc[index]
            textpage = page.get_textpage()
            texts.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return len(doc), "\n".join(texts)
    finally:
        doc.close()


def _vault_checks(run: _Runner, scratch: Path) -> bytes | None:
    paths = AppPaths.under(scratch / "data")
    today: Callable[[], date] = uk_today
    store: Store | None = None
    with run.check("encrypted vault",
                   "SQLCipher could not make an encrypted vault in the temporary folder: "
                   "check the folder is writable and not full, then reinstall CoachDesk "
                   "(its sqlcipher3 library may be missing or blocked)."):
        store, _code = appsession.create_profile(paths, "Self test", "Self test", PASSPHRASE,
                                                 today, KdfParams.fast_for_tests())
    if store is None:
        return None
    pdf: bytes | None = None
    try:
        client_id = ""
        with run.check("client and note",
                       "Writing to the vault failed: reinstall CoachDesk; if it fails "
                       "again, send this line to CoachDesk support."):
            practice = practices.new_practice("Self-test practice")
            practices.add_practice(store, practice)
            client = clients.new_client(given_name=GIVEN, family_name=FAMILY,
                                        date_of_birth=date(1990, 1, 1),
                                        practice_id=practice.id)
            clients.register_client(store, client)
            notes.write_note(store, client.id, NOTE_TEXT)
            plans.add_goal(store, client.id, "Self-test goal")
            plans.add_step(store, client.id, STEP_TEXT)
            back = clients.open_client_record(store, client.id)
            bodies = [entry.note.body for entry in notes.timeline(store, client.id)]
            if back.family_name != FAMILY or NOTE_TEXT not in bodies:
                raise CheckFailed("The client or note read back was not what was written.")
            client_id = client.id
        if client_id:
            with run.check("action plan PDF",
                           "Making the PDF failed: the bundled fonts or ReportLab may be "
                           "missing; reinstall CoachDesk.") as found:
                now = datetime.now(UTC)
                pdf = printing.render_document(store, client_id, PLAN_DOCUMENT, False,
                                               now).pdf
                pages, text = pdf_text(pdf)
                flat = " ".join(text.split())
                if f"{GIVEN} {FAMILY}" not in flat or STEP_TEXT not in flat:
                    pdf = None
                    raise CheckFailed("The PDF was made but its text could not be read back.")
                found.append(f"{pages} page{'s' if pages != 1 else ''}")
    finally:
        appsession.lock_store(store)
    return pdf


def run_self_test(extra: ExtraChecks | None = None,
                  temp_root: Path | None = None) -> SelfTestReport:
    """Run every check; remove everything made; return the report (never raises)."""
    report = SelfTestReport()
    run = _Runner(report)
    start = time.perf_counter()
    scratch: Path | None = None
    with run.check("temporary folder",
                   "Set TEMP (Windows) or TMPDIR to a folder this account can write."):
        scratch = Path(tempfile.mkdtemp(prefix="coachdesk-selftest-", dir=temp_root))
    if scratch is not None:
        try:
            pdf = _vault_checks(run, scratch)
            if extra is not None:
                try:
                    report.checks.extend(extra(pdf, scratch))
                except Exception as exc:  # reported as a check, never a traceback
                    report.checks.append(Check(
                        "display and printing checks", False,
                        f"{type(exc).__name__}: {exc}. Reinstall CoachDesk (the whole "
                        "folder)."))
        finally:
            with run.check("clean-up", f"Delete the folder {scratch} by hand."):
                shutil.rmtree(scratch)
                if scratch.exists():
                    raise CheckFailed(f"The folder {scratch} is still there.")
    report.seconds = time.perf_counter() - start
    return report
