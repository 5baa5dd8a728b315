"""How the action plan is laid out: pages, numbering, type size, wrapping, fonts."""

from __future__ import annotations

import dataclasses
import itertools
import re

import pytest
from reportlab.lib.pagesizes import A4

from coachdesk.printing import render_action_plan
from coachdesk.printing.layout import LARGE, STANDARD
from coachdesk.printing.sample import sample_plan, sample_steps

LONG_STEP = (
    "Phone the employee assistance line and ask whether they can arrange six sessions of "
    "counselling before you go back, then write down what they say so that we can talk it "
    "through together next time. " * 6
)
UNBROKEN = "https://www.example.org.uk/" + "really-long-path-segment" * 12


def _inside_page_box(pdf, margin: float) -> None:
    width, height = A4
    for number, chars in enumerate(pdf.chars, start=1):
        assert chars, f"page {number} is empty"
        for c in chars:
            where = f"page {number} char {c['text']!r} at x={c['x0']:.1f}-{c['x1']:.1f}"
            assert c["x0"] >= margin - 0.5, where
            assert c["x1"] <= width - margin + 0.5, where
            assert c["top"] > 0 and c["bottom"] < height, where


@pytest.mark.parametrize(("large", "look"), [(False, STANDARD), (True, LARGE)])
def test_every_page_is_a4_and_numbered_page_x_of_n(parse, large, look) -> None:
    printout = dataclasses.replace(sample_plan(), steps=sample_steps(40))
    pdf = parse(render_action_plan(printout, large_print=large))
    total = pdf.page_count
    assert total >= (5 if large else 3)
    for number, (page, text) in enumerate(zip(pdf.reader.pages, pdf.page_texts, strict=True), 1):
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)
        assert f"Page {number} of {total}" in text
    assert len(re.findall(r"Page \d+ of \d+", pdf.text)) == total
    _inside_page_box(pdf, look.margin)


def test_a_short_plan_fits_on_one_page(parse) -> None:
    printout = dataclasses.replace(sample_plan(service_count=0), steps=sample_steps(1))
    pdf = parse(render_action_plan(printout))
    assert pdf.page_count == 1
    assert "Page 1 of 1" in pdf.text


def test_forty_steps_all_print_numbered_in_order(parse) -> None:
    printout = dataclasses.replace(sample_plan(), steps=sample_steps(40))
    pdf = parse(render_action_plan(printout, large_print=True))
    positions = [pdf.text.index(f"Step {n}\n") for n in range(1, 41)]
    assert positions == sorted(positions)


def test_minimum_type_size(parse) -> None:
    standard = parse(render_action_plan(sample_plan()))
    large = parse(render_action_plan(sample_plan(), large_print=True))
    assert min(c["size"] for page in standard.chars for c in page) >= 12 - 0.01
    assert min(c["size"] for page in large.chars for c in page) >= 16 - 0.01


def test_large_print_is_one_column(parse) -> None:
    """Every line of large print starts at the left margin (no table columns side by side)."""
    pdf = parse(render_action_plan(sample_plan(), large_print=True))
    assert "What to do" not in pdf.text  # no steps table
    footer_top = A4[1] - LARGE.margin - LARGE.small * 1.5
    for page in pdf.words:
        lines: dict[int, list[dict]] = {}
        for w in (w for w in page if w["top"] < footer_top):
            lines.setdefault(round(w["top"]), []).append(w)
        for words in lines.values():
            words.sort(key=lambda w: w["x0"])
            gaps = [b["x0"] - a["x1"] for a, b in itertools.pairwise(words)]
            assert all(gap < 60 for gap in gaps), [w["text"] for w in words]


@pytest.mark.parametrize(("large", "look"), [(False, STANDARD), (True, LARGE)])
def test_long_step_text_wraps_inside_the_page(parse, large, look) -> None:
    steps = sample_steps(3)
    steps[1] = dataclasses.replace(steps[1], text=LONG_STEP + UNBROKEN)
    steps[2] = dataclasses.replace(steps[2], owner_name="A" * 200)
    pdf = parse(render_action_plan(dataclasses.replace(sample_plan(), steps=steps),
                                   large_print=large))
    _inside_page_box(pdf, look.margin)
    assert pdf.contains("counselling before you go back")
    assert pdf.contains(UNBROKEN)  # split across lines, but every character is there
    counselling = [w for page in pdf.words for w in page if w["text"] == "counselling"]
    assert len(counselling) == 6
    assert len({round(w["top"]) for w in counselling}) >= 3  # on different lines


def test_fonts_are_embedded_subsets_of_the_shipped_font(parse) -> None:
    pdf = parse(render_action_plan(sample_plan()))
    fonts = pdf.fonts()
    assert fonts
    for font in fonts:
        descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font \
            else font
        descriptor = descendant["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor, font.get("/BaseFont")
        assert re.fullmatch(r"/[A-Z]{6}\+DejaVuSans(-Bold)?", str(font["/BaseFont"]))
    assert not any(str(f["/BaseFont"]).lstrip("/") in {"Helvetica", "Times-Roman"} for f in fonts)


def test_names_in_other_scripts_come_back_out(parse) -> None:
    printout = sample_plan()
    client = dataclasses.replace(printout.client, preferred_name="Αλέξανδρος",
                                 family_name="Шевченко-Ó Súilleabháin")
    steps = [dataclasses.replace(s, owner_name="Łukasz Wiśniewski, Zoë's union rep")
             for s in sample_steps(5)]
    pdf = parse(render_action_plan(dataclasses.replace(printout, client=client, steps=steps)))
    assert pdf.contains("Αλέξανδρος Шевченко-Ó Súilleabháin")
    assert pdf.contains("Łukasz Wiśniewski, Zoë's union rep")
    assert pdf.metadata["/Title"] == "Action plan for Αλέξανδρος Шевченко-Ó Súilleabháin"


def test_overlong_step_continues_in_order_with_one_header_per_page(parse) -> None:
    words = [f"w{i:04d}" for i in range(450)]  # about 2,700 characters, beyond the domain limit
    steps = sample_steps(3)
    steps[1] = dataclasses.replace(steps[1], text=" ".join(words))
    pdf = parse(render_action_plan(dataclasses.replace(sample_plan(), steps=steps)))
    found = re.findall(r"w\d{4}", pdf.text)
    assert found == words  # nothing lost, nothing repeated, in reading order
    for text in pdf.page_texts:
        assert text.count("What to do") <= 1
    heading_page = next(t for t in pdf.page_texts if "Your steps" in t)
    assert "What to do" in heading_page and "Ring the talking therapies" in heading_page


@pytest.mark.parametrize("large", [False, True])
def test_crisis_box_never_stands_alone_and_headings_keep_their_first_block(parse, large) -> None:
    pdf = parse(render_action_plan(sample_plan(), large_print=large))
    last = pdf.page_texts[-1]
    assert "If things get difficult" in last
    assert "Money Advice Drop-in" in last  # the last service came with it
    for text in pdf.page_texts:
        body = [line for line in text.splitlines() if line.strip()]
        for heading in ("Your steps", "Services that can help you"):
            if heading in body:
                assert body.index(heading) < len(body) - 2, (heading, body[-3:])


def _starter_crisis_lines() -> list:
    """The four national lines as the starter directory has them."""
    base = sample_plan().crisis_contacts[0]
    return [dataclasses.replace(base, name=name, phone=phone, description=about,
                                opening_times="24 hours, every day")
            for name, phone, about in [
                ("Samaritans", "116 123", ""),
                ("NHS 111, option 2: urgent mental health help", "111", ""),
                ("Emergency services: 999", "999", ""),
                ("Shout: text SHOUT to 85258", "85258", "Text SHOUT to 85258.")]]


def test_a_one_step_plan_with_the_four_crisis_lines_is_one_sheet(parse) -> None:
    printout = dataclasses.replace(sample_plan(), steps=sample_steps(1), services=[],
                                   crisis_contacts=_starter_crisis_lines())
    pdf = parse(render_action_plan(printout))
    assert pdf.page_count == 1
    assert pdf.contains("If things get difficult") and pdf.contains("Shout: Text SHOUT to 85258")


def test_the_large_print_plan_takes_three_pages_not_four(parse) -> None:
    pdf = parse(render_action_plan(sample_plan(), large_print=True))
    assert pdf.page_count == 3
    assert "Step 1" in pdf.page_texts[0]  # the steps start on page 1, under their heading
    assert "If things get difficult" in pdf.page_texts[-1]
    assert "Services that can help you" in pdf.page_texts[-1]


def test_a_one_step_plan_with_one_signposted_service_is_one_sheet(parse) -> None:
    """Issue 12 item 9: the next appointment sits in the coach's box, the service's phone
    and hours share a line: one A4 sheet, still 12 pt or more, nothing left out."""
    printout = dataclasses.replace(sample_plan(service_count=1), steps=sample_steps(1))
    pdf = parse(render_action_plan(printout))
    assert pdf.page_count == 1
    for words in ("Next appointment", "Tuesday 1 Dec 2026 at 14:30", "Please bring this plan",
                  "Services that can help you", printout.services[0][1].name,
                  printout.services[0][1].phone, "If things get difficult", "Samaritans",
                  printout.coach.phone, printout.coach.email, "Page 1 of 1"):
        assert pdf.contains(words), words
    assert min(c["size"] for page in pdf.chars for c in page) >= 12 - 0.01
    _inside_page_box(pdf, STANDARD.margin)
