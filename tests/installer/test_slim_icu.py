"""The slimmed ICU data library of the Linux bundle (installer/slim_icu.py): the package
format is written back byte for byte, and Qt sorts and case-maps English text with the
slim data exactly as with the full 32 MB (checked in a fresh process that loads it)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux") or not all(shutil.which(t) for t in ("readelf", "as",
                                                                              "ld")),
    reason="Linux, with binutils")

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "installer"))
import slim_icu  # noqa: E402


def _full() -> Path:
    from PySide6.QtCore import QLibraryInfo

    found = sorted(Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.LibrariesPath)).glob(
        "libicudata.so.*"))
    if not found:
        pytest.skip("this PySide6 carries no ICU of its own")
    return found[0]


NAMES = ["zoë", "Zoe", "O'Brien", "Obi", "McDonald", "MacDonald", "Ødegaard", "Éva",
         "eva", "Eve", "file10", "file2", "Ávila", "Nguyễn", "Şahin", "Sahin", "straße"]

PROBE = """
import json, sys
from PySide6.QtCore import QCollator, QLocale
from PySide6.QtWidgets import QApplication
app = QApplication([])
c = QCollator(QLocale("en_GB")); c.setNumericMode(True)
names = json.loads(sys.argv[1])
import functools
print(json.dumps([sorted(names, key=functools.cmp_to_key(c.compare)),
                  [QLocale("en_GB").toUpper(n) for n in names]]))
"""


def _probe(preload: Path | None) -> list[list[str]]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    if preload is not None:
        env["LD_PRELOAD"] = str(preload)  # same soname: libicuuc takes this one
    result = subprocess.run([sys.executable, "-c", PROBE, json.dumps(NAMES)], env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "Could not create collator" not in result.stderr
    return json.loads(result.stdout)


def test_the_package_format_round_trips() -> None:
    _symbol, blob = slim_icu.data_symbol(_full())
    header, found = slim_icu.items(blob)
    assert len(found) > 3000 and found == sorted(found, key=lambda item: item[0])
    assert slim_icu.repack(header, found) == blob


def test_slim_data_sorts_english_as_the_full_data_does(tmp_path: Path) -> None:
    slim = tmp_path / "libicudata.so"
    before, after = slim_icu.build(_full(), slim)
    assert after < before / 4
    _symbol, blob = slim_icu.data_symbol(slim)
    kept = {name.split("/", 1)[1] for name, _ in slim_icu.items(blob)[1]}
    assert {"coll/ucadata.icu", "coll/root.res", "coll/en.res", "en_GB.res", "unames.icu",
            "brkitr/word.brk", "zoneinfo64.res"} <= kept
    assert not {"coll/pl.res", "brkitr/cjdict.dict", "gb18030.cnv", "fr.res"} & kept
    slim_order, slim_upper = _probe(slim)
    full_order, full_upper = _probe(None)
    assert slim_order == full_order and slim_upper == full_upper
    assert slim_order.index("file2") < slim_order.index("file10")  # ICU's numeric collation
