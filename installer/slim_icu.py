"""A smaller ICU data library for the Linux bundle: `python installer/slim_icu.py IN OUT`.

Qt Core links ICU (`libicuuc`, `libicui18n`), and ICU's data library (`libicudata.so.73`,
32 MB) holds the data of every locale, converter and text-break dictionary in one blob,
the `icudt73_dat` symbol, in ICU's common data format ("CmnD": a header, a table of
contents of names and offsets sorted by name, then the items, each 16-byte aligned).
Qt uses ICU for collation (QCollator, which Qt's own file dialog sorts with), locale-aware
case mapping, time-zone names and the legacy text codecs (QStringConverter). CoachDesk's
interface is in British English, so this keeps:

* every item that is not locale data (Unicode properties, normalisation, collation's root
  table `coll/ucadata.icu`, character names, break rules, time zones, plural rules...);
* the locale data of `root`, `en`, `en_001` and `en_GB` (en_GB's parents) in every tree:
  another locale falls back to root, as ICU does for any locale it does not have;
* the small single-byte converters (Windows and ISO 8859 code pages and the like).

and leaves out the other ~800 locales, the CJK, Thai, Lao, Khmer and Burmese word-break
dictionaries (Qt breaks text with its own tables) and the large East Asian converters.

The new library is the same symbol in a `.so` of the same soname, made with binutils
(`as`, `ld`: already needed for `readelf` and `strip`). The self-test checks that ICU
collation still works from the bundle (`coachdesk/services/selftest.py`).
"""

from __future__ import annotations

import re
import struct
import subprocess
import sys
import tempfile
from pathlib import Path

KEEP_LOCALES = frozenset({"root", "en", "en_001", "en_GB"})
#: a locale id: a 2-3 letter language, then script, region or variant parts
LOCALE = re.compile(r"^[a-z]{2,3}(_[A-Za-z0-9]*)*$")
SMALL_CONVERTER = 16 * 1024  # bytes: single-byte code pages are 1-10 KB; CJK ones 30-550
ALIGN = 16


def _readelf(args: list[str], path: Path) -> str:
    return subprocess.run(["readelf", *args, str(path)], capture_output=True, text=True,
                          check=True).stdout


def data_symbol(lib: Path) -> tuple[str, bytes]:
    """The name of the ICU data symbol (icudtNN_dat) and its bytes."""
    symbols = _readelf(["--dyn-syms", "-W"], lib)
    found = re.search(r"([0-9a-f]+)\s+(0x[0-9a-f]+|\d+)\s+OBJECT\s+GLOBAL\s+\w+\s+\d+\s+"
                      r"(icudt\d+_dat)", symbols)
    if not found:
        raise SystemExit(f"{lib} has no icudtNN_dat symbol: not an ICU data library.")
    address, size, name = int(found[1], 16), int(found[2], 0), found[3]
    sections = _readelf(["-S", "-W"], lib)
    for match in re.finditer(r"\]\s+(\S+)\s+\S+\s+([0-9a-f]+)\s+([0-9a-f]+)\s+([0-9a-f]+)",
                             sections):
        start, offset, length = (int(match[i], 16) for i in (2, 3, 4))
        if start <= address < start + length:
            with lib.open("rb") as handle:
                handle.seek(address - start + offset)
                return name, handle.read(size)
    raise SystemExit(f"Could not find the section holding {name} in {lib}.")


def items(blob: bytes) -> tuple[bytes, list[tuple[str, bytes]]]:
    """The header and the (name, data) items of an ICU common data package."""
    header_size, magic1, magic2 = struct.unpack_from("<HBB", blob, 0)
    if (magic1, magic2) != (0xDA, 0x27) or blob[12:16] != b"CmnD" or blob[4 + 4] != 0:
        raise SystemExit("Not a little-endian ICU common data package (CmnD).")
    (count,) = struct.unpack_from("<I", blob, header_size)
    entries = [struct.unpack_from("<II", blob, header_size + 4 + 8 * i) for i in range(count)]
    toc = blob[header_size:]
    found = []
    for i, (name_at, data_at) in enumerate(entries):
        name = toc[name_at:toc.index(b"\0", name_at)].decode("ascii")
        end = entries[i + 1][1] if i + 1 < count else len(toc)
        found.append((name, toc[data_at:end]))
    return blob[:header_size], found


def wanted(name: str, size: int) -> bool:
    """Whether the bundle keeps the item `name` (with its package prefix) of `size` bytes."""
    path = name.split("/", 1)[1]
    leaf = path.rsplit("/", 1)[-1]
    stem, _, kind = leaf.rpartition(".")
    if kind == "dict":
        return False  # dictionary-based word breaking of CJK and South-East Asian scripts
    if kind == "cnv":
        return size <= SMALL_CONVERTER
    if kind == "res" and stem != "res_index" and LOCALE.match(stem):
        return stem in KEEP_LOCALES
    return True


def repack(header: bytes, kept: list[tuple[str, bytes]]) -> bytes:
    """A common data package of `kept` (already in the sorted order ICU searches)."""
    names = b"".join(n.encode("ascii") + b"\0" for n, _ in kept)
    toc_size = 4 + 8 * len(kept)
    data_at = toc_size + len(names)
    data_at += -data_at % ALIGN
    entries, body, name_at = [], bytearray(), toc_size
    for name, data in kept:
        entries.append(struct.pack("<II", name_at, data_at + len(body)))
        name_at += len(name) + 1
        body += data + b"\xaa" * (-len(data) % ALIGN)
    toc = struct.pack("<I", len(kept)) + b"".join(entries) + names
    toc += b"\xaa" * (data_at - len(toc))  # the padding ICU's own tools write
    return header + toc + bytes(body)


def soname(lib: Path) -> str:
    found = re.search(r"\(SONAME\).*\[(.+)\]", _readelf(["-d"], lib))
    return found[1] if found else lib.name


def build(source: Path, target: Path) -> tuple[int, int]:
    """Write the slim library to `target`; (bytes of data before, after)."""
    symbol, blob = data_symbol(source)
    header, found = items(blob)
    kept = [(n, d) for n, d in found if wanted(n, len(d))]
    package = repack(header, kept)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        (work / "icu.dat").write_bytes(package)
        (work / "icu.s").write_text(
            '\t.section .rodata,"a"\n'
            f"\t.globl {symbol}\n\t.type {symbol},@object\n\t.balign {ALIGN}\n{symbol}:\n"
            f'\t.incbin "{work / "icu.dat"}"\n\t.size {symbol}, . - {symbol}\n'
            '\t.section .note.GNU-stack,"",@progbits\n')
        subprocess.run(["as", "-o", str(work / "icu.o"), str(work / "icu.s")], check=True)
        target.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(["ld", "-shared", "-z", "noexecstack", "-soname", soname(source),
                        "-o", str(target), str(work / "icu.o")], check=True)
    return len(blob), len(package)


if __name__ == "__main__":
    before, after = build(Path(sys.argv[1]), Path(sys.argv[2]))
    print(f"ICU data: {before / 2**20:.1f} MB -> {after / 2**20:.1f} MB")
