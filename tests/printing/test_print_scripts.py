"""Right-to-left and community-language text prints shaped, in order, in a bundled font.

Text extraction of shaped Arabic gives the drawn glyphs (presentation forms) left to right,
so the Arabic checks read glyph positions: each word's glyphs right to left, normalised
(NFKC), must spell the word, and the first word of a name must sit to the right of the next.
"""

from __future__ import annotations

import dataclasses
import unicodedata

import pytest
from reportlab.lib.pagesizes import A4

from coachdesk.printing import (
    missing_glyphs,
    render_action_plan,
    render_signposting_sheet,
    unprintable,
    unprintable_warning,
)
from coachdesk.printing.layout import LARGE, STANDARD
from coachdesk.printing.sample import sample_client, sample_plan, sample_steps

GIVEN, FAMILY = "فاطمة", "الزهراء"  # Fatima Al-Zahra
ARABIC_GOAL = ("أريد أن أعود إلى عملي في المخبز في الصباح، وأن أشعر بقلق أقل بشأن المال "
               "والفواتير الشهرية التي تصلني كل شهر")


def _arabic_plan(step_count: int = 6):
    plan = sample_plan()
    client = sample_client(given_name=GIVEN, family_name=FAMILY, preferred_name=GIVEN)
    return dataclasses.replace(plan, client=client, steps=sample_steps(step_count))


def _is_arabic(ch: str) -> bool:
    return "ARABIC" in unicodedata.name(ch, "")


def _arabic_lines(chars: list[dict]) -> list[list[dict]]:
    """Arabic glyphs grouped by line (top), each line left to right."""
    lines: dict[int, list[dict]] = {}
    for c in chars:
        if _is_arabic(c["text"][0]):
            lines.setdefault(_baseline(c), []).append(c)
    return [sorted(line, key=lambda c: c["x0"]) for _, line in sorted(lines.items())]


def _baseline(c: dict) -> int:
    """Distance of the glyph's baseline from the top of the page (fonts differ in ascent)."""
    return round(c["page_height"] - c["matrix"][5])


def _on_line(chars: list[dict], like: dict) -> list[dict]:
    return sorted((c for c in chars if _baseline(c) == _baseline(like)), key=lambda c: c["x0"])


def _read_rtl(line: list[dict]) -> str:
    """The glyphs of one line read right to left, presentation forms normalised."""
    return "".join(unicodedata.normalize("NFKC", c["text"])
                   for c in sorted(line, key=lambda c: -c["x0"]))


def _joined(line: list[dict]) -> bool:
    """Shaped Arabic is drawn with contextual forms (initial, medial, final, ligatures)."""
    return any(unicodedata.name(c["text"][0]).endswith(("INITIAL FORM", "MEDIAL FORM"))
               for c in line)


@pytest.mark.parametrize(("large", "look"), [(False, STANDARD), (True, LARGE)])
def test_arabic_name_is_joined_and_reads_right_to_left(parse, large, look) -> None:
    pdf = parse(render_action_plan(_arabic_plan(30), large_print=large))
    assert pdf.page_count >= 2
    name_line = _arabic_lines(pdf.chars[0])[0]  # the "for ..." under the title
    assert _joined(name_line)
    assert _read_rtl(name_line) == GIVEN + FAMILY  # given name first, read from the right
    line = "".join(c["text"] for c in _on_line(pdf.chars[0], name_line[0]))
    assert line.startswith("for ")  # English first, then the name
    head = _arabic_lines(pdf.chars[1])[0]  # the running head on page 2
    assert head[0]["top"] < look.margin + look.small * 2
    assert _joined(head) and _read_rtl(head) == GIVEN + FAMILY
    assert pdf.metadata["/Title"] == f"Action plan for {GIVEN} {FAMILY}"


def test_arabic_name_on_the_signposting_sheet(parse) -> None:
    pdf = parse(render_signposting_sheet(_arabic_plan().signposting()))
    line = _arabic_lines(pdf.chars[0])[0]
    assert _joined(line) and _read_rtl(line) == GIVEN + FAMILY


def test_a_goal_written_in_arabic_is_right_aligned_in_reading_order(parse) -> None:
    plan = _arabic_plan()
    goals = [dataclasses.replace(plan.goals[0], text=ARABIC_GOAL)]
    pdf = parse(render_action_plan(dataclasses.replace(plan, goals=goals)))
    lines = _arabic_lines(pdf.chars[0])[1:]  # after the name
    assert len(lines) >= 2  # the goal wraps
    right = A4[0] - STANDARD.margin
    for line in lines[:2]:  # flush right (the closing quote mark is not Arabic)
        assert abs(_on_line(pdf.chars[0], line[0])[-1]["x1"] - right) < 1
    read = "".join(_read_rtl(line) for line in lines[:2])
    assert read == "".join(ARABIC_GOAL.split())[: len(read)]  # first line holds the start


def test_digits_inside_arabic_keep_their_order(parse) -> None:
    plan = _arabic_plan(1)
    step = dataclasses.replace(plan.steps[0], text="اتصل يوم 12 ديسمبر")
    pdf = parse(render_action_plan(dataclasses.replace(plan, steps=[step])))
    column = [c for c in pdf.chars[0] if 2 * STANDARD.margin < c["x0"] and c["x1"] < 290]
    one = next(c for c in column if c["text"] == "1"
               and any(_is_arabic(x["text"]) for x in _on_line(column, c)))
    line = _on_line(column, one)
    digits = [c for c in line if c["text"].isdigit()]
    assert "".join(c["text"] for c in digits) == "12"
    twelve = {"x0": digits[0]["x0"], "x1": digits[-1]["x1"]}
    line = [c for c in line if _is_arabic(c["text"])]
    # 'call on' is before 12 in reading order, so to its right; 'December' to its left
    assert _read_rtl([c for c in line if c["x0"] > twelve["x1"]]) == "اتصليوم"
    assert _read_rtl([c for c in line if c["x1"] < twelve["x0"]]) == "ديسمبر"


@pytest.mark.parametrize(("name", "font"), [
    ("সুমাইয়া রহমান", "NotoSansBengali"),  # Bengali
    ("ਗੁਰਪ੍ਰੀਤ ਕੌਰ", "NotoSansGurmukhi"),  # Punjabi
    ("ભાવિકા પટેલ", "NotoSansGujarati"),  # Gujarati
    ("عائشہ ملک", "NotoSansArabic"),  # Urdu
    ("王秀英", "DroidSansFallback"),  # Chinese
])
def test_community_language_names_use_a_bundled_font(parse, name, font) -> None:
    assert missing_glyphs(name) == set()
    plan = dataclasses.replace(sample_plan(), client=sample_client(
        given_name=name, family_name="", preferred_name=name))
    pdf = parse(render_action_plan(plan))
    embedded = {str(f["/BaseFont"]).split("+")[-1] for f in pdf.fonts()}
    assert font + "-Regular" in embedded or font in embedded
    if font == "NotoSansArabic":
        return  # read back by position in the tests above
    line = next(t for t in pdf.page_texts[0].splitlines() if t.startswith("for "))[4:]
    nfc = unicodedata.normalize("NFC", line)
    # shaped: either every character reads back, or shaping made glyphs (conjuncts, reordered
    # vowel signs) that have no character of their own and read back as private-use points
    private = [c for c in line if 0xE000 <= ord(c) <= 0xF8FF]
    assert nfc == unicodedata.normalize("NFC", name) or private
    assert nfc[0] == name[0] and nfc[-1] == name[-1]


def test_polish_and_romanian_print_in_the_main_font(parse) -> None:
    client = sample_client(given_name="Łucja Ștefănescu", family_name="Żółkiewska-Țurcanu",
                           preferred_name="")
    pdf = parse(render_action_plan(dataclasses.replace(sample_plan(), client=client)))
    assert pdf.contains("Łucja Ștefănescu Żółkiewska-Țurcanu")
    assert {str(f["/BaseFont"]).split("+")[-1] for f in pdf.fonts()} <= {
        "DejaVuSans", "DejaVuSans-Bold"}


def test_missing_characters_are_reported_before_printing() -> None:
    plan = _arabic_plan()
    assert unprintable(plan) == {} and unprintable_warning(plan) == ""
    steps = [dataclasses.replace(plan.steps[0], text="Bring ሰላም card")]  # Ethiopic
    plan = dataclasses.replace(plan, steps=steps, client=sample_client(family_name="Ökafor"))
    assert unprintable(plan) == {"steps": sorted("ሰላም")}
    warning = unprintable_warning(plan)
    assert "cannot be printed" in warning and "steps: " in warning and "ሰ" in warning


def test_a_bold_style_stays_bold_in_every_script(parse) -> None:
    """Goals print in bold: Arabic and Bengali words in them too, not only the quote marks."""
    plan = _arabic_plan()
    goals = [dataclasses.replace(plan.goals[0], text="أريد أن أعود إلى عملي"),
             dataclasses.replace(plan.goals[1], text="আমি কাজে ফিরে যেতে চাই")]
    pdf = parse(render_action_plan(dataclasses.replace(plan, goals=goals)))
    fonts = {c["fontname"].split("+")[-1] for c in pdf.chars[0]
             if _is_arabic(c["text"]) or "BENGALI" in unicodedata.name(c["text"][0], "")}
    assert "NotoSansArabic-Bold" in fonts and "NotoSansBengali-Bold" in fonts
    name_fonts = {c["fontname"].split("+")[-1] for c in _arabic_lines(pdf.chars[0])[0]}
    assert name_fonts == {"NotoSansArabic-Regular"}  # the name under the title is not bold
