"""What takes the space in a built bundle: `python installer/size_table.py dist/CoachDesk`.

Prints a Markdown table (MB on disk, largest first) by component, and the total.
"""

from __future__ import annotations

import sys
from pathlib import Path

#: (label, test on the path inside _internal): the first that matches wins
GROUPS: list[tuple[str, tuple[str, ...]]] = [
    ("ICU (Qt's Unicode library; its data slimmed)", ("PySide6/Qt/lib/libicu",)),
    ("Qt libraries", ("PySide6/Qt/lib/",)),
    ("Qt plugins", ("PySide6/Qt/plugins/",)),
    ("PySide6 bindings", ("PySide6/", "shiboken6/", "libpyside", "libshiboken")),
    ("cryptography (key wrapping)", ("cryptography",)),
    ("SQLCipher (sqlcipher3)", ("sqlcipher3",)),
    ("pdfium (preview and print)", ("pypdfium2",)),
    ("fonts for PDFs", ("resources/fonts/",)),
    ("other resources (directory, schema, style)", ("resources/",)),
    ("HarfBuzz (uharfbuzz)", ("uharfbuzz",)),
    ("Python runtime", ("libpython", "python3", "base_library.zip")),
    ("OpenSSL", ("libcrypto", "libssl")),
]


def sizes(bundle: Path) -> tuple[dict[str, int], int]:
    found: dict[str, int] = {}
    total = 0
    internal = bundle / "_internal"
    for item in bundle.rglob("*"):
        if not item.is_file() or item.is_symlink():
            continue
        size = item.stat().st_blocks * 512
        total += size
        inner = item.relative_to(internal).as_posix() if internal in item.parents else ""
        if not inner:
            label = "the executable (with the Python code archive)"
        else:
            label = next((name for name, tests in GROUPS
                          if any(inner.startswith(t) or t in inner for t in tests)),
                         "other libraries (Pillow's codecs, C++ runtime, xcb utilities...)"
                         if ".so" in inner or inner.endswith(".dll") else "other")
        found[label] = found.get(label, 0) + size
    return found, total


def table(bundle: Path) -> str:
    found, total = sizes(bundle)
    rows = ["| component | MB |", "|---|---:|"]
    rows += [f"| {name} | {size / 2**20:.1f} |"
             for name, size in sorted(found.items(), key=lambda kv: -kv[1])]
    rows.append(f"| **total** | **{total / 2**20:.1f}** |")
    return "\n".join(rows)


if __name__ == "__main__":
    print(table(Path(sys.argv[1] if len(sys.argv) > 1 else "dist/CoachDesk")))
