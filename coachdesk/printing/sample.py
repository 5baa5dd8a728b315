"""A synthetic, made-up client's printout: for previews, tests, screenshots and benchmarks.

Every person, number and service here is invented. The client deliberately carries an NHS
number, NI number, health details and the service a local note, none of which may print.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from coachdesk.domain.casework import Appointment, Signposting
from coachdesk.domain.directory import DirectoryService
from coachdesk.domain.enums import AppointmentMode, StepOwner, StepStatus
from coachdesk.domain.people import Client, Practice
from coachdesk.domain.plan import ActionPlan, PlanGoal, PlanStep
from coachdesk.printing.model import CoachContact, PlanPrintout

TODAY = date(2026, 11, 23)
PRIVATE_NHS = "943 476 5919"
PRIVATE_NI = "QQ 12 34 56 C"
PRIVATE_NOTE = "Internal note: do not print this sentence"

_STEP_TEXTS = [
    ("Ring the talking therapies service to book a first chat.", StepOwner.CLIENT),
    ("Send you the Access to Work application link by email.", StepOwner.COACH),
    ("Ask your manager about a phased return: fewer hours for the first month.",
     StepOwner.CLIENT),
    ("Go to the free money advice drop-in on Thursday morning.", StepOwner.CLIENT),
    ("Review your fit note with you at the next appointment.", StepOwner.OTHER),
    ("Look at two part-time jobs on the Find a job website.", StepOwner.CLIENT),
]
_STATUSES = [StepStatus.TO_DO, StepStatus.DOING, StepStatus.DONE, StepStatus.TO_DO]


def sample_client(**changes: object) -> Client:
    client = Client(
        id="c-0001", given_name="Zoë", family_name="Okafor-Nowak", preferred_name="Zoë",
        date_of_birth=date(1988, 4, 2), practice_id="p-0001", phone="07700 900123",
        nhs_number=PRIVATE_NHS, ni_number=PRIVATE_NI, postcode="LS1 4AP",
        health_barriers="Anxiety and back pain. " + PRIVATE_NOTE,
        accessibility_needs="Large print preferred",
    )
    for key, value in changes.items():
        setattr(client, key, value)
    return client


def sample_practice() -> Practice:
    return Practice(id="p-0001", name="Riverside Medical Centre",
                    address="12 Mill Lane\nLeeds", phone="0113 496 0000")


def sample_service(n: int = 0, *, crisis: bool = False) -> DirectoryService:
    if crisis:
        return DirectoryService(
            id=f"s-c{n}", name=["Samaritans", "Leeds Crisis Line"][n % 2],
            phone=["116 123", "0113 496 0999"][n % 2],
            opening_times=["free, any time, day or night", "every evening, 6pm to 2am"][n % 2],
            is_crisis=True, local_notes=PRIVATE_NOTE,
        )
    names = ["Leeds Talking Therapies", "Money Advice Drop-in", "Access to Work"]
    return DirectoryService(
        id=f"s-{n}", name=names[n % 3], organisation="Leeds Community Trust",
        description="Free, confidential help for people aged 16 and over.",
        phone="0113 496 0" + f"{100 + n:03d}", website="https://www.example.org.uk/help",
        email="help@example.org.uk", address="Unit 4, Civic Quarter\nLeeds",
        postcode="LS2 8BE", opening_times="Monday to Friday, 9am to 5pm",
        local_notes=PRIVATE_NOTE, verified_on=date(2026, 10, 1),
    )


def sample_steps(count: int) -> list[PlanStep]:
    steps = []
    for i in range(count):
        body, owner = _STEP_TEXTS[i % len(_STEP_TEXTS)]
        steps.append(PlanStep(
            id=f"st-{i}", plan_id="pl-1", client_id="c-0001", text=body, owner=owner,
            owner_name="Dr Siobhán Ní Bhriain, your GP" if owner is StepOwner.OTHER else "",
            due_on=date(2026, 12, 1 + i % 28) if i % 5 != 4 else None,
            status=_STATUSES[i % len(_STATUSES)], position=i,
        ))
    return steps


def sample_plan(step_count: int = 6, service_count: int = 2) -> PlanPrintout:
    """A full plan: two goals, `step_count` steps, an appointment, services, crisis lines."""
    services = [
        (Signposting(id=f"sp-{n}", client_id="c-0001", service_id=f"s-{n}",
                     service_name=sample_service(n).name, made_on=TODAY,
                     reason=["To talk about the worry that is stopping you sleeping.",
                             "To sort out the council tax letters."][n % 2]),
         sample_service(n))
        for n in range(service_count)
    ]
    return PlanPrintout(
        client=sample_client(),
        practice=sample_practice(),
        coach=CoachContact(name="Łukasz Brown", phone="0800 169 0190",
                           email="lukasz.brown@example.gov.uk"),
        plan=ActionPlan(id="pl-1", client_id="c-0001", version=3),
        goals=[
            PlanGoal(id="g-1", plan_id="pl-1", client_id="c-0001", position=0,
                     text="I want to go back to my job at the bakery, starting with mornings."),
            PlanGoal(id="g-2", plan_id="pl-1", client_id="c-0001", position=1,
                     text="Feel less anxious about money."),
        ],
        steps=sample_steps(step_count),
        next_appointment=Appointment(
            id="a-1", client_id="c-0001", practice_id="p-0001",
            start=datetime(2026, 12, 1, 14, 30, tzinfo=UTC), mode=AppointmentMode.IN_PERSON,
        ),
        printed_on=TODAY,
        services=services,
        crisis_contacts=[sample_service(0, crisis=True), sample_service(1, crisis=True)],
    )


#: made-up clients whose names (and one goal, in their own words) need shaping in print
ARABIC_CLIENT = ("فاطمة", "الزهراء",
                 "أريد أن أعود إلى عملي في المخبز في الصباح، وأن أشعر بقلق أقل بشأن المال.")
BENGALI_CLIENT = ("সুমাইয়া", "রহমান", "আমি সকালে বেকারিতে আমার কাজে ফিরে যেতে চাই।")


def sample_plan_for(given: str, family: str, own_words: str, **kw: int) -> PlanPrintout:
    """`sample_plan` for a client called `given` `family`, whose second goal is written in
    their own language (`own_words`)."""
    plan = sample_plan(**kw)
    client = sample_client(given_name=given, family_name=family, preferred_name=given)
    goals = [plan.goals[0], PlanGoal(id="g-2", plan_id="pl-1", client_id="c-0001",
                                      position=1, text=own_words)]
    return PlanPrintout(**{**{f: getattr(plan, f) for f in plan.__dataclass_fields__},
                           "client": client, "goals": goals})
