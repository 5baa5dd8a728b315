"""Action plan PDF timing: one plan, then 500 plans in a batch (target: under 100 ms each),
beside a ReportLab baseline: the same text (taken from each plan's own PDF) drawn with plain
canvas calls in the same embedded font, wrapped to the same width, no layout engine.

The last row gives every client a name in Arabic, Urdu, Bengali, Punjabi, Gujarati or
Chinese, so that shaping and right-to-left ordering are timed too.

Run from the repository root:  python benchmarks/print_bench.py  [--batch 500] [--json]
"""

from __future__ import annotations

import argparse
import dataclasses
import io
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from coachdesk.printing import (
    PlanPrintout,
    register_fonts,
    render_action_plan,
    render_signposting_sheet,
)
from coachdesk.printing.sample import sample_client, sample_plan, sample_steps

TARGET_MS = 100.0


#: names that need shaping (and, for Arabic and Urdu, right-to-left ordering) in print
SHAPED_NAMES = [("فاطمة", "الزهراء"), ("সুমাইয়া", "রহমান"), ("ਗੁਰਪ੍ਰੀਤ", "ਕੌਰ"),
                ("عائشہ", "ملک"), ("ભાવિકા", "પટેલ"), ("秀英", "王")]


def _batch(size: int, shaped: bool = False) -> list[PlanPrintout]:
    """Synthetic caseload: step counts 1..12 and a few long plans, names vary. `shaped`
    gives every client a name in a script that must be shaped (see SHAPED_NAMES)."""
    plans = []
    for i in range(size):
        steps = sample_steps(40 if i % 50 == 0 else 1 + i % 12)
        given, family = SHAPED_NAMES[i % len(SHAPED_NAMES)] if shaped else (
            ["Zoë", "Łukasz", "Siobhán", "Amir"][i % 4], f"Client {i:04d}")
        client = sample_client(preferred_name=given, family_name=family)
        plans.append(dataclasses.replace(sample_plan(service_count=i % 4), steps=steps,
                                         client=client))
    return plans


def _time(render: Callable[[PlanPrintout], bytes], plans: list[PlanPrintout]) -> list[float]:
    times = []
    for plan in plans:
        start = time.perf_counter()
        render(plan)
        times.append((time.perf_counter() - start) * 1000)
    return times


def pdf_lines(pdf: bytes) -> list[list[str]]:
    """The text of each page of a PDF, line by line (what the baseline draws)."""
    import pypdf

    return [(page.extract_text() or "").splitlines() for page in pypdf.PdfReader(
        io.BytesIO(pdf)).pages]


def canvas_baseline(pages: list[list[str]], font: str, size: float = 12) -> bytes:
    """The same text with plain ReportLab canvas calls: one drawString per wrapped line."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import simpleSplit
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4)
    width, height = A4
    margin, leading = 56, size * 1.4
    for lines in pages:
        y = height - margin
        pdf.setFont(font, size)
        for line in lines:
            for part in simpleSplit(line, font, size, width - 2 * margin) or [""]:
                if y < margin:
                    pdf.showPage()
                    pdf.setFont(font, size)
                    y = height - margin
                pdf.drawString(margin, y, part)
                y -= leading
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def _baseline(plans: list[PlanPrintout], font: str, large: bool = False) -> list[float]:
    texts = [pdf_lines(render_action_plan(p, large_print=large)) for p in plans]
    times = []
    for pages in texts:
        start = time.perf_counter()
        canvas_baseline(pages, font, 16 if large else 12)
        times.append((time.perf_counter() - start) * 1000)
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--json", action="store_true", help="one JSON object on stdout")
    args = parser.parse_args(argv)

    start = time.perf_counter()
    regular, _bold = register_fonts()
    fonts_ms = (time.perf_counter() - start) * 1000
    one = sample_plan()
    first = _time(render_action_plan, [one])[0]
    warm = _time(render_action_plan, [one] * 20)
    batch = _batch(args.batch)
    rows = [
        ("one plan, first in process", [first]),
        ("one plan, warm (x20)", warm),
        (f"{args.batch} plans, standard", _time(render_action_plan, batch)),
        (f"{args.batch} plans, large print",
         _time(lambda p: render_action_plan(p, large_print=True), batch)),
        (f"{args.batch} signposting sheets",
         _time(lambda p: render_signposting_sheet(p.signposting()), batch)),
        (f"{args.batch} plans, names to shape", _time(render_action_plan, _batch(args.batch,
                                                                              shaped=True))),
    ]
    baseline = [
        (f"{args.batch} plans, standard", _baseline(batch, regular)),
        (f"{args.batch} plans, large print", _baseline(batch, regular, large=True)),
    ]
    if args.json:
        def figures(times: list[float]) -> dict[str, float]:
            p95 = sorted(times)[max(0, int(len(times) * 0.95) - 1)]
            return {"mean_ms": statistics.fmean(times), "p95_ms": p95, "max_ms": max(times)}
        report = {"font_registration_ms": fonts_ms,
                  "coachdesk": {name: figures(t) for name, t in rows},
                  "reportlab_canvas": {name: figures(t) for name, t in baseline}}
        ours = report["coachdesk"][baseline[0][0]]["p95_ms"]
        report["ratio_p95_standard_vs_canvas"] = ours / report["reportlab_canvas"][
            baseline[0][0]]["p95_ms"]
        print(json.dumps(report))
        return 0
    print(f"font registration (once per process): {fonts_ms:.1f} ms")
    print(f"{'case':40} {'runs':>5} {'mean ms':>8} {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7}"
          f" {'total s':>8}")
    worst = 0.0
    for name, times in rows:
        p95 = sorted(times)[max(0, int(len(times) * 0.95) - 1)]
        mean = statistics.fmean(times)
        worst = max(worst, mean)
        print(f"{name:40} {len(times):5d} {mean:8.1f} {statistics.median(times):7.1f}"
              f" {p95:7.1f} {max(times):7.1f} {sum(times) / 1000:8.2f}")
    for name, times in baseline:
        p95 = sorted(times)[max(0, int(len(times) * 0.95) - 1)]
        print(f"{'canvas baseline: ' + name:40} {len(times):5d} {statistics.fmean(times):8.1f}"
              f" {statistics.median(times):7.1f} {p95:7.1f} {max(times):7.1f}"
              f" {sum(times) / 1000:8.2f}")
    verdict = "within" if worst < TARGET_MS else "OVER"
    print(f"target: mean under {TARGET_MS:.0f} ms per plan: {verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
