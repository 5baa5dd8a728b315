"""The one-page feedback letter to the person who referred a client: seen on, what was
agreed (the coach's chosen words, never the case notes), next steps."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from coachdesk.printing.blocks import facts_box
from coachdesk.printing.layout import Furniture, Look, Metadata, build_pdf, para, styles
from coachdesk.printing.model import CoachContact

#: a letter's type: 12 pt body, so a page holds it (never below 12 pt, as every printout)
LOOK = Look(body=12, small=12, h1=18, h2=14, h3=12.5, margin=18 * mm, large=False)


@dataclass(frozen=True, slots=True)
class FeedbackLetter:
    to_name: str
    to_role: str  # "GP", "Social prescriber"
    practice_name: str
    practice_address: str
    client_name: str
    client_born: str  # 12 Apr 1988, or ""
    nhs_number: str
    referred_on: str
    seen_on: str
    agreed: list[str]  # plain-words points the coach chose or wrote
    next_steps: str
    coach: CoachContact
    written_on: str
    dear: str = ""  # the salutation's name ("Dr Quist"); the full name when empty


def render_feedback_letter(letter: FeedbackLetter) -> bytes:
    st = styles(LOOK)
    to = [letter.to_name, letter.to_role, letter.practice_name,
          *[x.strip() for x in letter.practice_address.split(",") if x.strip()]]
    about = [("Patient", letter.client_name)]
    if letter.client_born:
        about.append(("Date of birth", letter.client_born))
    if letter.nhs_number:
        about.append(("NHS number", letter.nhs_number))
    about += [("Referred on", letter.referred_on), ("Seen on", letter.seen_on)]
    story: list[Flowable] = [
        para("\n".join(x for x in to if x), st["body"]),
        para(letter.written_on, st["body"]),
        Spacer(1, LOOK.body * 0.4),
        para(f"Your referral: {letter.client_name}", st["h1"]),
        facts_box(about, LOOK),
        Spacer(1, LOOK.body * 0.4),
        para(f"Dear {letter.dear or letter.to_name},", st["body"]),
        para(f"Thank you for referring {letter.client_name} to the work and health service "
             f"in your practice. We met on {letter.seen_on}. With their agreement, this is "
             "what we agreed.", st["body"]),
        para("What we agreed", st["h2"]),
    ]
    story += [para(f"•  {point}", st["tight"]) for point in letter.agreed] or [
        para("We talked about work and health; nothing further was agreed yet.", st["body"])]
    story += [para("Next steps", st["h2"]),
              para(letter.next_steps or "We will meet again and keep you informed.",
                   st["body"]),
              Spacer(1, LOOK.body * 0.6),
              para("This letter is shared with the client's consent. Please contact me if "
                   "you would like to talk about it.", st["body"]),
              para("Yours sincerely,", st["body"]), Spacer(1, LOOK.body * 1.2),
              para(letter.coach.name, st["body"])]
    contact = [x for x in (letter.coach.role.capitalize(),
                           letter.coach.phone and f"Phone: {letter.coach.phone}",
                           letter.coach.email and f"Email: {letter.coach.email}") if x]
    story.append(para("\n".join(contact), st["tight"]))
    meta = Metadata(title=f"Feedback on your referral of {letter.client_name}",
                    author=letter.coach.name or "Work coach",
                    subject="Feedback to the referrer, shared with the client's consent")
    return build_pdf(story, meta, Furniture(
        running_head=f"Feedback: {letter.client_name}",
        footer_left=f"Confidential: shared with consent. Written {letter.written_on}",
        look=LOOK))
