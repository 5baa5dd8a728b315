"""Parsing helpers: every printing test reads the PDF back rather than trusting the builder."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import pdfplumber
import pytest
from pypdf import PdfReader
from pypdf.generic import DictionaryObject


@dataclass
class ParsedPdf:
    data: bytes
    reader: PdfReader = field(init=False)

    def __post_init__(self) -> None:
        self.reader = PdfReader(io.BytesIO(self.data))

    @property
    def page_count(self) -> int:
        return len(self.reader.pages)

    @cached_property
    def page_texts(self) -> list[str]:
        return [page.extract_text() or "" for page in self.reader.pages]

    @property
    def text(self) -> str:
        return "\n".join(self.page_texts)

    @property
    def flat(self) -> str:
        """All text with every space and line break removed: robust to wrapping."""
        return "".join(self.text.split())

    def contains(self, phrase: str) -> bool:
        return "".join(phrase.split()) in self.flat

    @property
    def metadata(self) -> dict[str, Any]:
        return dict(self.reader.metadata or {})

    @property
    def catalog(self) -> DictionaryObject:
        return self.reader.trailer["/Root"].get_object()

    def fonts(self) -> list[DictionaryObject]:
        found: dict[int, DictionaryObject] = {}
        for page in self.reader.pages:
            resources = page["/Resources"].get_object()
            for ref in resources.get("/Font", {}).get_object().values():
                font = ref.get_object()
                found[id(font)] = font
        return list(found.values())

    @cached_property
    def chars(self) -> list[list[dict[str, Any]]]:
        with pdfplumber.open(io.BytesIO(self.data)) as pdf:
            return [
                [{**c, "page_width": p.width, "page_height": p.height} for c in p.chars]
                for p in pdf.pages
            ]

    @cached_property
    def words(self) -> list[list[dict[str, Any]]]:
        with pdfplumber.open(io.BytesIO(self.data)) as pdf:
            return [p.extract_words() for p in pdf.pages]


@pytest.fixture
def parse():
    return ParsedPdf
