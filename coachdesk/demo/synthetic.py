"""Deterministic synthetic caseloads: the same seed gives the same people every time."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from coachdesk.demo import names as N
from coachdesk.domain import (
    ActionPlan,
    Appointment,
    CaseNote,
    Client,
    Entity,
    OutcomeEvent,
    PlanGoal,
    PlanStep,
    Practice,
)
from coachdesk.domain.enums import (
    AppointmentMode,
    AppointmentState,
    EmploymentSituation,
    FitNoteStatus,
    OutcomeKind,
    ReferralSource,
    StepOwner,
    StepStatus,
)
from coachdesk.domain.timefmt import UK
from coachdesk.services.plans import plan_id_for


def nhs_test_number(rng: random.Random) -> str:
    """A Modulus-11-valid number in the 999 range that the NHS reserves for testing."""
    while True:
        digits = [9, 9, 9] + [rng.randrange(10) for _ in range(6)]
        total = sum(d * w for d, w in zip(digits, range(10, 1, -1), strict=True))
        check = 11 - total % 11
        check = 0 if check == 11 else check
        if check != 10:
            return "".join(map(str, digits)) + str(check)


@dataclass(slots=True)
class Caseload:
    """Sizes of a synthetic caseload."""

    clients: int = 40
    notes_per_client: int = 4
    steps_per_client: int = 3
    seed: int = 2026
    today: date = field(default_factory=date.today)


class SyntheticCaseload:
    def __init__(self, spec: Caseload) -> None:
        self.spec = spec
        self.rng = random.Random(spec.seed)
        self.practices = [
            Practice(id=self._uuid(), name=n, ods_code=o, address=a, phone="0113 496 0000")
            for n, o, a in N.PRACTICES
        ]

    def _uuid(self) -> str:
        """Seeded UUIDv7-shaped ids, so the same seed yields the same ids."""
        value = self.rng.getrandbits(128)
        value = (value & ~(0xF << 76)) | (0x7 << 76)
        value = (value & ~(0x3 << 62)) | (0x2 << 62)
        return f"{value:032x}"[:8] + "-" + f"{value:032x}"[8:12] + "-" + \
            f"{value:032x}"[12:16] + "-" + f"{value:032x}"[16:20] + "-" + f"{value:032x}"[20:]

    def _moment(self, day: date, hour: int, minute: int = 0) -> datetime:
        return datetime.combine(day, time(hour, minute), tzinfo=UK).astimezone(UTC)

    def client(self, index: int) -> Client:
        rng, today = self.rng, self.spec.today
        given, family = rng.choice(N.GIVEN), rng.choice(N.FAMILY)
        dob = today - timedelta(days=rng.randint(18 * 365, 64 * 365))
        practice = self.practices[index % len(self.practices)]
        situation = rng.choice(list(EmploymentSituation))
        barriers = rng.sample(N.BARRIERS, 2)
        return Client(
            id=self._uuid(), given_name=given, family_name=family, date_of_birth=dob,
            practice_id=practice.id,
            preferred_name=N.SHORT_FORMS.get(given, "") if rng.random() < 0.1 else "",
            phone=f"07700 9{rng.randrange(100000):05d}",
            email=f"{given.lower()[:1]}.{index}@example.org" if rng.random() < 0.6 else "",
            postcode=f"LS{rng.choice([7, 8, 9])} {rng.randrange(1, 9)}{rng.choice('ABDEFGHJ')}"
                     f"{rng.choice('LNPQRSTUWXYZ')}",
            nhs_number=nhs_test_number(rng) if rng.random() < 0.7 else "",
            interpreter_needed=rng.random() < 0.05,
            referral_source=rng.choice(list(ReferralSource)),
            referrer=rng.choice(["Dr Evans (GP)", "Social prescriber", "Reception", ""]),
            employment_situation=situation,
            fit_note_status=(FitNoteStatus.NOT_FIT if situation is
                             EmploymentSituation.EMPLOYED_OFF_SICK else FitNoteStatus.NONE),
            health_barriers=f"Struggling with {barriers[0]} and {barriers[1]}.",
            barrier_tags=barriers,
            consent_given_on=today - timedelta(days=rng.randint(1, 300)),
            consent_scope="Record and share with the GP practice",
            review_on=today + timedelta(days=rng.randint(-20, 40)),
        )

    def for_client(self, client: Client) -> Iterator[Entity]:
        """Sessions, notes, a plan with goals and steps, sometimes an outcome."""
        rng, spec = self.rng, self.spec
        for n in range(spec.notes_per_client):
            day = spec.today - timedelta(days=14 * (spec.notes_per_client - n))
            yield CaseNote(
                id=self._uuid(), client_id=client.id, author="Demo Coach",
                written_at=self._moment(day, rng.randint(9, 16), rng.choice([0, 30])),
                body=" ".join([rng.choice(N.NOTE_OPENERS), rng.choice(N.NOTE_MIDDLES),
                               rng.choice(N.NOTE_CLOSERS)]),
                tags=[rng.choice(["discussion", "barriers", "agreed actions"])],
            )
        plan_id = plan_id_for(client.id)
        yield ActionPlan(id=plan_id, client_id=client.id, version=1 + spec.steps_per_client,
                         updated_at=self._moment(spec.today - timedelta(days=7), 10))
        yield PlanGoal(id=self._uuid(), plan_id=plan_id, client_id=client.id,
                       text=rng.choice(N.GOALS))
        for n in range(spec.steps_per_client):
            yield PlanStep(
                id=self._uuid(), plan_id=plan_id, client_id=client.id,
                text=rng.choice(N.STEPS), owner=rng.choice([StepOwner.CLIENT, StepOwner.COACH]),
                due_on=spec.today + timedelta(days=rng.randint(-10, 30)),
                status=rng.choice([StepStatus.TO_DO, StepStatus.TO_DO, StepStatus.DOING,
                                   StepStatus.DONE]),
                position=n,
            )
        if rng.random() < 0.15:
            yield OutcomeEvent(id=self._uuid(), client_id=client.id,
                               occurred_on=spec.today - timedelta(days=rng.randint(1, 60)),
                               kind=rng.choice(list(OutcomeKind)),
                               evidence="Client told us at the session.")

    def clinic(self, clients: list[Client], day: date) -> Iterator[Appointment]:
        """A morning clinic on `day`: 30-minute slots from 09:00 at the first practice."""
        for slot, client in enumerate(clients[:8]):
            start = self._moment(day, 9 + slot // 2, 30 * (slot % 2))
            yield Appointment(
                id=self._uuid(), client_id=client.id, practice_id=self.practices[0].id,
                start=start, mode=AppointmentMode.IN_PERSON,
                state=AppointmentState.ATTENDED if slot < 2 else AppointmentState.BOOKED,
                arrived=slot < 3,
            )

    def everything(self) -> Iterator[Entity]:
        yield from self.practices
        clients = []
        for index in range(self.spec.clients):
            client = self.client(index)
            clients.append(client)
            yield client
            yield from self.for_client(client)
        yield from self.clinic(clients, self.spec.today)
        self.made = clients

    def clinic_days(self) -> Iterator[Entity]:
        """After everything(): the coach's clinic days at the three practices (today's
        clinic falls on the first one's), and a few sessions booked next week."""
        from coachdesk.domain.clinicdays import Cadence, ClinicPattern

        today = self.spec.today
        oak, hare, gled = (p.id for p in self.practices)
        thursday = today + timedelta(days=(3 - today.weekday()) % 7)
        patterns = [
            ClinicPattern(id=self._uuid(), practice_id=oak, cadence=Cadence.WEEKLY,
                          weekday=today.weekday(), first_on=today - timedelta(weeks=8),
                          start_time="09:00", end_time="13:00", room="Room 4"),
            ClinicPattern(id=self._uuid(), practice_id=hare, cadence=Cadence.FORTNIGHTLY,
                          weekday=3, first_on=thursday - timedelta(weeks=8),
                          start_time="13:30", end_time="16:30", room="Meeting room"),
            ClinicPattern(id=self._uuid(), practice_id=gled, cadence=Cadence.MONTHLY,
                          weekday=(today.weekday() + 1) % 5,  # never on Oakwood's day
                          week_of_month=2, first_on=today - timedelta(weeks=8),
                          start_time="09:30", end_time="12:00", room="Room 2"),
        ]
        yield from patterns
        clients = getattr(self, "made", [])[8:14]
        for n, client in enumerate(clients):
            day = today + timedelta(weeks=1) if n < 4 else thursday + timedelta(weeks=2)
            hour = 9 if n < 4 else 13
            minute = 30 * n if n < 4 else 30 + 30 * (n - 4)
            yield Appointment(id=self._uuid(), client_id=client.id,
                              practice_id=oak if n < 4 else hare,
                              start=self._moment(day, hour + minute // 60, minute % 60))
