"""Answers from an OpenAI-compatible chat endpoint, when one is configured; PII never leaves masked.

- `PiiMasker` replaces NIKs (16 digits), BPJS numbers (13 digits), phone numbers, and the names
  and addresses of the patients in scope by placeholders (`[NIK_1]`, `[NAMA_1]` …) before any
  text is sent, and restores them in the answer.
- `llm_answer` calls the endpoint with no retries and a timeout; any failure, timeout or unusable
  reply raises `LlmUnavailable`, and the caller falls back to the extractive answer.
"""

import logging
import re
from dataclasses import dataclass, field

from django.conf import settings

logger = logging.getLogger(__name__)

NIK_RE = re.compile(r"(?<!\d)\d{16}(?!\d)")
BPJS_RE = re.compile(r"(?<!\d)\d{13}(?!\d)")
PHONE_RE = re.compile(r"(?<![\w+])(?:\+62|62|0)[\s-]?8[\d\s-]{7,13}\d(?!\d)")
CITATION_RE = re.compile(r"\[(\d{1,3})\]")
PLACEHOLDER_RE = re.compile(r"\[(?:NIK|BPJS|TELEPON|NAMA|ALAMAT)_\d+\]")
MIN_NAME_PART = 4
MAX_ANSWER_CHARS = 6000

SYSTEM_PROMPT = """You answer questions about a patient's medical records for {audience}.
Rules:
- Use ONLY the numbered passages below. Cite every statement with the passage number, like [1] or [2].
- If the passages do not contain the answer, say plainly that the records do not hold it.
- Never diagnose, prescribe or give medical advice beyond what the records say.
- Answer in {language}. Keep placeholders such as [NAMA_1] or [NIK_1] exactly as written.
{style}"""
AUDIENCES = {
    "staff": ("clinic staff (doctors, nurses, administrators)", "Be concise and clinical."),
    "patient": (
        "the patient themselves (a lay person)",
        "Use plain, friendly language without jargon; explain medical terms briefly.",
    ),
}
LANGUAGES = {"id": "Indonesian (Bahasa Indonesia)", "en": "English"}


class LlmUnavailable(Exception):
    """No usable answer from the LLM: not configured, failed, timed out or replied garbage."""


@dataclass
class PiiMasker:
    """Reversible placeholders for personal data; `mask` then `unmask` gives back the original."""

    names: list[str] = field(default_factory=list)
    addresses: list[str] = field(default_factory=list)
    mapping: dict[str, str] = field(default_factory=dict)  # placeholder -> original
    _reverse: dict[str, str] = field(default_factory=dict)
    _counts: dict[str, int] = field(default_factory=dict)

    def _placeholder(self, kind: str, value: str) -> str:
        key = f"{kind}:{value.lower()}"
        if key not in self._reverse:
            self._counts[kind] = self._counts.get(kind, 0) + 1
            placeholder = f"[{kind}_{self._counts[kind]}]"
            self._reverse[key] = placeholder
            self.mapping[placeholder] = value
        return self._reverse[key]

    def mask(self, text: str) -> str:
        text = NIK_RE.sub(lambda m: self._placeholder("NIK", m.group()), text)
        text = BPJS_RE.sub(lambda m: self._placeholder("BPJS", m.group()), text)
        text = PHONE_RE.sub(lambda m: self._placeholder("TELEPON", m.group()), text)
        for address in sorted({a.strip() for a in self.addresses if a and a.strip()}, key=len, reverse=True):
            text = re.sub(re.escape(address), lambda m: self._placeholder("ALAMAT", m.group()), text, flags=re.I)
        for name in self._name_variants():
            pattern = rf"(?<!\w){re.escape(name)}(?!\w)"
            text = re.sub(pattern, lambda m: self._placeholder("NAMA", m.group()), text, flags=re.I)
        return text

    def _name_variants(self) -> list[str]:
        """Full names first, then each long enough part of them ("Siti", "Rahayu")."""
        variants = {name.strip() for name in self.names if name and name.strip()}
        for name in list(variants):
            variants |= {part for part in re.split(r"\s+", name) if len(part) >= MIN_NAME_PART}
        return sorted(variants, key=len, reverse=True)

    def unmask(self, text: str) -> str:
        return PLACEHOLDER_RE.sub(lambda m: self.mapping.get(m.group(), m.group()), text)


def configured() -> bool:
    return bool(getattr(settings, "LLM_API_KEY", ""))


def build_messages(*, question: str, passages: list[str], language: str, audience: str) -> list[dict]:
    who, style = AUDIENCES.get(audience, AUDIENCES["staff"])
    system = SYSTEM_PROMPT.format(audience=who, language=LANGUAGES.get(language, LANGUAGES["id"]), style=style)
    numbered = "\n".join(f"[{number}] {text}" for number, text in enumerate(passages, start=1))
    return [
        {"role": "system", "content": system},
        {"role": "user", "content": f"Passages:\n{numbered}\n\nQuestion: {question}"},
    ]


def _client():
    import openai  # ~1 s to import: only when an answer is asked of the LLM

    return openai.OpenAI(
        api_key=settings.LLM_API_KEY,
        base_url=getattr(settings, "LLM_BASE_URL", "") or None,
        timeout=float(getattr(settings, "LLM_TIMEOUT_SECONDS", 20)),
        max_retries=0,
    )


def validate_answer(text, *, passage_count: int) -> str:
    """The reply's text if it is usable: non-empty, not oversized, citing only passages that exist."""
    if not isinstance(text, str) or not text.strip():
        raise LlmUnavailable("empty answer")
    if len(text) > MAX_ANSWER_CHARS:
        raise LlmUnavailable("answer too long")
    cited = [int(number) for number in CITATION_RE.findall(text)]
    if any(number < 1 or number > passage_count for number in cited):
        raise LlmUnavailable("answer cites a passage that does not exist")
    return text.strip()


def llm_answer(*, question: str, passages: list[str], language: str, audience: str, masker: PiiMasker) -> str:
    """The LLM's answer with PII restored; raises LlmUnavailable for any failure."""
    if not configured():
        raise LlmUnavailable("no LLM configured")
    messages = build_messages(
        question=masker.mask(question),
        passages=[masker.mask(passage) for passage in passages],
        language=language,
        audience=audience,
    )
    try:
        response = _client().chat.completions.create(
            model=settings.LLM_MODEL, messages=messages, temperature=0, max_tokens=600
        )
        text = response.choices[0].message.content
    except Exception as error:  # timeouts, HTTP errors, malformed replies: all mean "fall back"
        logger.warning("LLM answer failed (%s): extractive fallback", type(error).__name__)
        raise LlmUnavailable(str(error)) from error
    return masker.unmask(validate_answer(text, passage_count=len(passages)))
