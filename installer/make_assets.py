"""Build-time assets for the bundle, made rather than committed as binaries:

- build/icons/coachdesk-48.png, coachdesk-256.png and coachdesk.ico, rendered with Qt
  from resources/icons/coachdesk.svg;
- build/version_info.txt, the Windows version resource, from coachdesk.__version__.

    QT_QPA_PLATFORM=offscreen python installer/make_assets.py build
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ROOT = Path(__file__).resolve().parents[1]
SVG = ROOT / "resources" / "icons" / "coachdesk.svg"
SIZES = (48, 256)


def render(size: int) -> QImage:
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        raise SystemExit(f"The icon {SVG} could not be read as SVG.")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    return image


def version_info(version: str) -> str:
    numbers = [int(part) for part in version.split(".")[:3] if part.isdigit()]
    four = tuple([*numbers, 0, 0, 0, 0][:4])
    strings = {"CompanyName": "CoachDesk", "FileDescription": "CoachDesk caseload app",
               "FileVersion": version, "InternalName": "CoachDesk",
               "OriginalFilename": "CoachDesk.exe", "ProductName": "CoachDesk",
               "ProductVersion": version, "LegalCopyright": "CoachDesk"}
    entries = ",\n".join(f"          StringStruct('{k}', '{v}')" for k, v in strings.items())
    return f"""VSVersionInfo(
  ffi=FixedFileInfo(filevers={four}, prodvers={four}, mask=0x3f, flags=0x0, OS=0x40004,
                    fileType=0x1, subtype=0x0, date=(0, 0)),
  kids=[
    StringFileInfo([StringTable('080904B0', [
{entries}])]),
    VarFileInfo([VarStruct('Translation', [2057, 1200])])
  ]
)
"""


def main(out: Path) -> None:
    sys.path.insert(0, str(ROOT))
    import coachdesk

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841
    icons = out / "icons"
    icons.mkdir(parents=True, exist_ok=True)
    for size in SIZES:
        if not render(size).save(str(icons / f"coachdesk-{size}.png")):
            raise SystemExit(f"Could not write the {size} px icon under {icons}.")
    # Windows wants an .ico; Qt's ico plugin writes one (absent elsewhere: not needed there)
    render(256).scaled(64, 64, Qt.AspectRatioMode.KeepAspectRatio,
                       Qt.TransformationMode.SmoothTransformation).save(
        str(icons / "coachdesk.ico"))
    (out / "version_info.txt").write_text(version_info(coachdesk.__version__), "utf-8")
    print(f"Icons and version data written under {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "build")
