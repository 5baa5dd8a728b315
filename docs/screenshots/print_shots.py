"""Remake the print-*.png renders: python docs/screenshots/print_shots.py (pdftoppm, or pypdfium2).

Each PNG shows every page of one PDF side by side, at 60 dpi, for the made-up clients in
coachdesk/printing/sample.py (an Arabic name and goal; a Bengali name and goal).
"""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from PIL import Image

from coachdesk.printing import render_action_plan, render_signposting_sheet
from coachdesk.printing.sample import (
    ARABIC_CLIENT,
    BENGALI_CLIENT,
    sample_plan_for,
    sample_steps,
)

HERE = Path(__file__).resolve().parent


def pages(pdf: bytes, work: Path, stem: str) -> list[Path]:
    (work / f"{stem}.pdf").write_bytes(pdf)
    if shutil.which("pdftoppm") is None:  # pypdfium2 renders the same pages at 60 dpi
        import pypdfium2

        out = []
        for n, page in enumerate(pypdfium2.PdfDocument(work / f"{stem}.pdf"), start=1):
            out.append(work / f"{stem}-{n}.png")
            page.render(scale=60 / 72).to_pil().save(out[-1])
        return out
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(work / f"{stem}.pdf"),
                    str(work / stem)], check=True)
    return sorted(work.glob(f"{stem}-*.png"))


def side_by_side(paths: list[Path], out: Path, gap: int = 12) -> None:
    images = [Image.open(p).convert("RGB") for p in paths]
    sheet = Image.new("RGB", (sum(i.width for i in images) + gap * (len(images) - 1),
                              max(i.height for i in images)), (120, 120, 120))
    x = 0
    for image in images:
        sheet.paste(image, (x, 0))
        x += image.width + gap
    sheet.save(out, optimize=True)


def main() -> None:
    arabic, bengali = sample_plan_for(*ARABIC_CLIENT), sample_plan_for(*BENGALI_CLIENT)
    documents = {
        "print-action-plan": render_action_plan(arabic),
        "print-action-plan-large": render_action_plan(arabic, large_print=True),
        "print-action-plan-one-step": render_action_plan(dataclasses.replace(
            sample_plan_for(*ARABIC_CLIENT, service_count=1), steps=sample_steps(1))),
        "print-signposting-sheet": render_signposting_sheet(
            sample_plan_for(*ARABIC_CLIENT, service_count=2).signposting()),
        "print-action-plan-bengali": render_action_plan(bengali),
        "print-action-plan-bengali-large": render_action_plan(bengali, large_print=True),
        "print-signposting-sheet-bengali": render_signposting_sheet(
            bengali.signposting(), large_print=True),
    }
    with tempfile.TemporaryDirectory() as tmp:
        for stem, pdf in documents.items():
            side_by_side(pages(pdf, Path(tmp), stem), HERE / f"{stem}.png")


if __name__ == "__main__":
    main()
