"""The unlock screen: pick a profile and unlock, make a new one, or recover with the code."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QSpacerItem,
    QVBoxLayout,
    QWidget,
)

from coachdesk.services import loading
from coachdesk.services.errors import TooManyAttempts, VaultError
from coachdesk.services.profiles import (
    DEMO_PASSPHRASE,
    DEMO_PROFILE,
    Unlocked,
    create_profile,
    list_profiles,
    profile_slug,
    recover_profile,
    unlock_profile,
)
from coachdesk.ui.context import AppContext
from coachdesk.ui.unlock.pages import Card, CreatePage, RecoverPage
from coachdesk.ui.unlock.unlock_page import CardStack, UnlockPage

if TYPE_CHECKING:  # loaded when first used: the unlock screen shows before the store loads
    from coachdesk.services.desk import Desk
    from coachdesk.ui.unlock.recovery import RecoveryCodePage, UnconfirmedPage
    from coachdesk.ui.unlock.restore import RestoreDialog


class UnlockScreen(QWidget):
    """Emits `unlocked(Unlocked)` once a vault is open on the worker."""

    unlocked = Signal(object)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("unlockScreen")
        self.ctx = ctx
        self.stack = CardStack()
        self.unlock_page = UnlockPage()
        self.stack.addWidget(self.unlock_page)
        #: the other cards, each built the first time it is needed: the first screen shows
        #: one card, and every widget built before it shows is polished against the style
        #: sheet before the coach sees anything
        self._cards: dict[str, Card] = {}
        self._compact = False
        width = self.fontMetrics().averageCharWidth() * 64
        self.stack.setMinimumWidth(min(width, 560))
        self.stack.setMaximumWidth(max(width, 560))
        brand = QLabel("CoachDesk")
        brand.setObjectName("brand")
        tagline = QLabel("Caseload, sessions and action plans for work coaches")
        tagline.setProperty("role", "hint")
        self.tagline = tagline
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        for widget in (brand, tagline, self.stack):
            if widget is self.stack:
                self._gap = QSpacerItem(0, 16)
                outer.addItem(self._gap)
            row = QHBoxLayout()
            row.addStretch(1)
            row.addWidget(widget)
            row.addStretch(1)
            outer.addLayout(row)
        outer.addStretch(2)
        self._pending: Unlocked | None = None

        self.unlock_page.unlock.connect(self._unlock)
        self.unlock_page.combo.currentIndexChanged.connect(lambda _i: self._update_hint())
        self.unlock_page.create.connect(self._show_create)
        self.unlock_page.forgotten.connect(self._show_recover)
        self.unlock_page.restore.connect(self.show_restore)

    # ----- the cards other than Unlock, built on first use -----------------------------
    def _card(self, name: str) -> Card:
        card = self._cards.get(name)
        if card is None:
            card = self._cards[name] = self._make_card(name)
            self.stack.addWidget(card)  # hidden until shown
            self._fit(card)
        return card

    def _make_card(self, name: str) -> Card:
        if name == "create":
            create = CreatePage()
            create.back.connect(self.show_unlock)
            create.create.connect(self._create)
            return create
        if name == "recover":
            recover = RecoverPage()
            recover.back.connect(self.show_unlock)
            recover.recover.connect(self._recover)
            return recover
        from coachdesk.ui.unlock.recovery import RecoveryCodePage, UnconfirmedPage

        if name == "code":
            code = RecoveryCodePage()
            code.done.connect(self._code_written)
            return code
        unconfirmed = UnconfirmedPage()
        unconfirmed.make_new.connect(self._make_new_code)
        unconfirmed.later.connect(self._code_later)
        return unconfirmed

    @property
    def create_page(self) -> CreatePage:
        return self._card("create")  # type: ignore[return-value]

    @property
    def recover_page(self) -> RecoverPage:
        return self._card("recover")  # type: ignore[return-value]

    @property
    def code_page(self) -> RecoveryCodePage:
        return self._card("code")  # type: ignore[return-value]

    @property
    def unconfirmed_page(self) -> UnconfirmedPage:
        return self._card("unconfirmed")  # type: ignore[return-value]

    def resizeEvent(self, event: QResizeEvent) -> None:
        """On a short screen (1024x700, or 768 with a task bar) the tagline gives its room
        to the form, so the buttons stay in view."""
        super().resizeEvent(event)
        self._compact = event.size().height() < 800
        self.tagline.setVisible(not self._compact)
        for page in (self.unlock_page, *self._cards.values()):
            self._fit(page)
        self._gap.changeSize(0, 4 if self._compact else 16)
        self.layout().invalidate()

    def _fit(self, page: Card) -> None:
        compact = self._compact
        page.body.setSpacing(6 if compact else 14)
        page.body.setContentsMargins(28, 12 if compact else 20, 28, 12 if compact else 24)

    # ----- pages ---------------------------------------------------------------------

    def show_unlock(self) -> None:
        profiles = [(p.slug, p.label) for p in list_profiles(self.ctx.paths)]
        selected = profile_slug(DEMO_PROFILE) if self.ctx.demo else ""
        self.unlock_page.set_profiles(profiles, selected)
        self.unlock_page.passphrase.clear()
        self.unlock_page.show_message("")
        self._update_hint()
        if profiles:
            self.stack.setCurrentWidget(self.unlock_page)
            focus = self.unlock_page.combo if self.unlock_page.combo.currentIndex() < 0 \
                else self.unlock_page.passphrase.editor
            focus.setFocus()
        else:
            self._show_create()

    def choose_nobody(self) -> None:
        """Switch profile: the picker with nobody chosen, even when one was."""
        self.unlock_page.combo.setCurrentIndex(-1)
        self.unlock_page.combo.setPlaceholderText("Choose your profile")
        self.unlock_page.combo.setFocus()

    def _update_hint(self) -> None:
        """On the demo only, and only for the demo profile: its published passphrase."""
        demo = self.ctx.demo and self.unlock_page.combo.currentData() == profile_slug(
            DEMO_PROFILE)
        self.unlock_page.hint.setText(
            f"Demo caseload: every person in it is invented. The passphrase is "
            f"“{DEMO_PASSPHRASE}”." if demo else "")
        self.unlock_page.hint.setVisible(demo)

    def _show_create(self) -> None:
        self.create_page.reset()
        self.create_page.back_button.setVisible(bool(list_profiles(self.ctx.paths)))
        self.stack.setCurrentWidget(self.create_page)
        self.create_page.profile.editor.setFocus()

    def show_restore(self) -> RestoreDialog | None:
        """Choose a backup of the selected profile and put it in place of its vault."""
        slug = str(self.unlock_page.combo.currentData() or "")
        if not slug:
            return None
        try:  # after the store's background load (one import of it at a time)
            loading.require()
        except VaultError as exc:
            self.unlock_page.show_message(str(exc))
            return None
        from coachdesk.ui.unlock.restore import RestoreDialog

        dialog = RestoreDialog(self.ctx.paths, slug, self)
        dialog.restored.connect(self.unlock_page.show_message)
        dialog.open()
        return dialog

    def _show_recover(self) -> None:
        self.recover_page.reset()
        self.stack.setCurrentWidget(self.recover_page)
        self.recover_page.code.editor.setFocus()

    def _busy(self, page: Card, busy: bool) -> None:
        page.setEnabled(not busy)
        if busy:
            page.show_message("")
        self.setCursor(Qt.CursorShape.BusyCursor if busy else Qt.CursorShape.ArrowCursor)

    def _failed(self, page: Card, error: BaseException) -> None:
        self._busy(page, False)
        if not isinstance(error, VaultError | ValueError):
            raise error
        page.show_message(str(error))
        if isinstance(error, TooManyAttempts) and page is self.unlock_page:
            self.unlock_page.slow_down(error.wait_seconds)
        if page is self.unlock_page:
            self.unlock_page.passphrase.editor.selectAll()
            self.unlock_page.passphrase.editor.setFocus()

    # ----- actions on the worker -------------------------------------------------------
    def _unlock(self, slug: str, passphrase: str) -> None:
        page = self.unlock_page
        self._busy(page, True)
        ctx = self.ctx
        ctx.worker.open(lambda: unlock_profile(ctx.paths, slug, passphrase, ctx.today),
                        lambda unlocked: self._opened(page, slug, unlocked),
                        lambda error: self._failed(page, error))

    def _create(self, profile: str, coach: str, passphrase: str) -> None:
        page = self.create_page
        try:
            slug = profile_slug(profile)
        except ValueError as exc:
            page.profile.set_error(str(exc))
            return
        taken = next((p for p in list_profiles(self.ctx.paths) if p.slug == slug), None)
        if taken is not None:
            page.profile.set_error(f"There is already a profile called “{taken.label}” on "
                                   "this PC. Choose another name, or go Back and unlock it.")
            page.profile.editor.setFocus()
            return
        self._busy(page, True)
        ctx = self.ctx

        def job() -> Desk:
            return create_profile(ctx.paths, profile, coach, passphrase, ctx.today, ctx.kdf)

        def made(unlocked: Unlocked) -> None:
            self._busy(page, False)
            self._pending = replace(unlocked, recovery_code="")  # shown once, then dropped
            self.create_page.reset()
            self._show_code(unlocked.recovery_code, profile)

        ctx.worker.open(job, made, lambda error: self._failed(page, error))

    def _show_code(self, code: str, profile: str) -> None:
        self.code_page.show_code(code, profile, self.ctx.today())
        self.stack.setCurrentWidget(self.code_page)
        self.code_page.confirm.setFocus()

    def showing_unconfirmed_code(self) -> bool:
        """A recovery code is on screen and not yet confirmed (closing now would lose it)."""
        code = self._cards.get("code")
        return code is not None and self.stack.currentWidget() is code and \
            code.showing  # type: ignore[attr-defined]

    def _code_written(self) -> None:
        self.ctx.worker.submit(lambda desk: desk.confirm_recovery_code(),
                               lambda _c: self._enter(), lambda _e: self._enter())

    def _code_later(self) -> None:
        self._enter()

    def _make_new_code(self) -> None:
        page = self.unconfirmed_page
        self._busy(page, True)
        label = str(self.unlock_page.combo.currentText() or "")

        def made(code: str) -> None:
            self._busy(page, False)
            self._show_code(code, label)

        self.ctx.worker.submit(lambda desk: desk.new_recovery_code(), made,
                               lambda error: self._failed(page, error))

    def _enter(self) -> None:
        unlocked, self._pending = self._pending, None
        if unlocked is not None:
            self.unlocked.emit(unlocked)

    def _recover(self, code: str, passphrase: str) -> None:
        page = self.recover_page
        slug = str(self.unlock_page.combo.currentData() or "")
        self._busy(page, True)
        ctx = self.ctx
        ctx.worker.open(lambda: recover_profile(ctx.paths, slug, code, passphrase, ctx.today),
                        lambda unlocked: self._opened(page, slug, unlocked),
                        lambda error: self._failed(page, error))

    def _opened(self, page: Card, slug: str, unlocked: Unlocked) -> None:
        self._busy(page, False)
        self.unlock_page.passphrase.clear()
        if "recover" in self._cards:
            self.recover_page.reset()
        if unlocked.recovery_unconfirmed:  # made before, but the window closed on the code
            self._pending = unlocked
            self.stack.setCurrentWidget(self.unconfirmed_page)
            self.unconfirmed_page.make_button.setFocus()
            return
        self.unlocked.emit(unlocked)
