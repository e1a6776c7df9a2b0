"""Bilingual text (Indonesian by default, English on request) and result categories."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

DEFAULT_LANG = "id"
SUPPORTED_LANGS = ("id", "en")


def normalize_lang(lang: str | None) -> str:
    """``"en"``, ``"en-US"``, ``"EN"`` -> ``"en"``; anything else -> Indonesian."""
    if isinstance(lang, str) and lang.strip().lower().startswith("en"):
        return "en"
    return DEFAULT_LANG


def format_number(value: float | int, lang: str, places: int | None = None) -> str:
    """An already-rounded number as a person reads it: 22,9 in Indonesian, 22.9 in English.

    ``places`` keeps trailing zeros (25.0 stays "25,0"); the value must already be
    rounded half-up to that many places, so this only formats and never re-rounds.
    """
    if places is not None:
        text = f"{value:.{places}f}"
    else:
        text = repr(value) if isinstance(value, float) else str(value)
        if text.endswith(".0"):
            text = text[:-2]
    return text.replace(".", ",") if normalize_lang(lang) == "id" else text


@dataclass(frozen=True)
class Text:
    """One message in both languages."""

    id: str
    en: str

    def get(self, lang: str) -> str:
        return self.en if normalize_lang(lang) == "en" else self.id

    def format(self, **values: Any) -> Text:
        return Text(self.id.format(**values), self.en.format(**values))


@dataclass(frozen=True)
class Category:
    """A classification outcome: a stable machine code, a label and advice for a patient."""

    code: str
    label: Text
    advice: Text

    def to_dict(self, scheme: str, lang: str, **extra: Any) -> dict[str, Any]:
        return {
            "code": self.code,
            "label": self.label.get(lang),
            "advice": self.advice.get(lang),
            "scheme": scheme,
            **extra,
        }
