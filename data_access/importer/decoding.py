"""Bytes to text: which encoding a text export uses.

Tried in this order, the first that fits wins:

1. the encoding the user names (--encoding, or the page's selector);
2. a byte-order mark: UTF-8 with BOM (Excel's "CSV UTF-8"), UTF-32, UTF-16;
3. UTF-16 or UTF-32 without a BOM, told by where their zero bytes fall (text
   with ASCII separators and digits has one in every 2 or 4 bytes);
4. strict UTF-8;
5. otherwise the file is in a legacy code page: charset-normalizer picks
   GBK (decoded as its superset GB18030) or Windows-1252 from the lines that
   hold non-ASCII bytes, and the whole file must decode strictly with it;
   Latin-1, which decodes any byte, is the last resort.

A file whose lines disagree (some UTF-8, some not) is refused rather than
half garbled, and so is binary content (NUL or control characters).
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from charset_normalizer import from_bytes

from data_access.importer.errors import FileProblem, OptionProblem

LEGACY_ENCODINGS = ("gb18030", "cp1252", "iso8859-1")  # canonical codec names
ENCODING_LABELS = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8 with BOM",
    "utf-16": "UTF-16",
    "utf-16-le": "UTF-16 (little-endian, no BOM)",
    "utf-16-be": "UTF-16 (big-endian, no BOM)",
    "utf-32": "UTF-32",
    "utf-32-le": "UTF-32 (little-endian, no BOM)",
    "utf-32-be": "UTF-32 (big-endian, no BOM)",
    "gb18030": "GBK",
    "cp1252": "Windows-1252 (Latin-1)",
    "iso8859-1": "Latin-1",
}
_BOMS = (  # UTF-32's little-endian BOM starts with UTF-16's: test it first
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Where each wide encoding without a BOM puts the zero bytes of ASCII text, per 4 bytes.
_ZERO_PATTERNS = {
    "utf-32-le": (False, True, True, True),
    "utf-32-be": (True, True, True, False),
    "utf-16-le": (False, True, False, True),
    "utf-16-be": (True, False, True, False),
}
_WIDE_SAMPLE_BYTES = 64 * 1024
_SAMPLE_BYTES = 256 * 1024
_SAMPLE_CHARS = 1024 * 1024  # binary content shows at once; NUL is looked for everywhere
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_MAX_CONTROL_SHARE = 0.001


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # a Python codec name

    @property
    def label(self) -> str:
        return ENCODING_LABELS.get(self.encoding, self.encoding)


def decode(data: bytes, encoding: str | None = None) -> Decoded:
    decoded = Decoded(_decode_as(data, _codec_name(encoding)), _codec_name(encoding)) if encoding else _detect(data)
    _refuse_binary(decoded.text)
    return decoded


def _codec_name(encoding: str) -> str:
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        raise OptionProblem(
            f"Unknown encoding '{encoding}'. Use for example utf-8, utf-8-sig, gbk, cp1252 or latin-1."
        ) from None
    return "gb18030" if name in ("gbk", "gb2312") else name


def _decode_as(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding).removeprefix("\ufeff")  # a BOM even when "utf-8" is named
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise FileProblem(
            f"The file is not valid {ENCODING_LABELS.get(encoding, encoding)}: line {line} has bytes that "
            "this encoding cannot hold. Choose the encoding the file was saved in, or save it again as UTF-8."
        ) from None


def _detect(data: bytes) -> Decoded:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return Decoded(_decode_as(data, encoding), encoding)
    if wide := _wide_without_bom(data):
        return Decoded(_decode_as(data, wide), wide)
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    non_ascii_lines = [line for line in data.split(b"\n") if not line.isascii()]
    _refuse_mixed(data, non_ascii_lines)
    for encoding in _legacy_candidates(non_ascii_lines):
        try:
            return Decoded(data.decode(encoding), encoding)
        except UnicodeDecodeError:
            continue
    raise AssertionError("Latin-1 decodes any bytes")


def _wide_without_bom(data: bytes) -> str | None:
    """UTF-16 or UTF-32 told by its zero bytes: at least a third of the bytes
    where ASCII text has its zeros, and (almost) none elsewhere."""
    sample = data[: _WIDE_SAMPLE_BYTES - _WIDE_SAMPLE_BYTES % 4]
    sample = sample[: len(sample) - len(sample) % 4]
    if b"\x00" not in sample:
        return None
    quarters = len(sample) // 4
    zeros = [sample[offset::4].count(0) / quarters for offset in range(4)]
    for encoding, pattern in _ZERO_PATTERNS.items():
        if all(share >= 0.3 if zero else share <= 0.01 for share, zero in zip(zeros, pattern, strict=True)):
            return encoding
    return None


def _legacy_candidates(non_ascii_lines: list[bytes]) -> list[str]:
    """The encodings to try, charset-normalizer's choice first."""
    sample = b"\n".join(non_ascii_lines)[:_SAMPLE_BYTES]
    best = from_bytes(sample, cp_isolation=list(LEGACY_ENCODINGS)).best()
    chosen = codecs.lookup(best.encoding).name if best else None
    return sorted(LEGACY_ENCODINGS, key=lambda encoding: encoding != chosen)


def _refuse_mixed(data: bytes, non_ascii_lines: list[bytes]) -> None:
    """Some lines valid UTF-8 and some not: the file was pasted together."""
    utf8 = [_is_utf8(line) for line in non_ascii_lines]
    if any(utf8) and not all(utf8):
        lines = data.split(b"\n")
        first_utf8 = next(line for line, ok in zip(non_ascii_lines, utf8, strict=True) if ok)
        first_other = next(line for line, ok in zip(non_ascii_lines, utf8, strict=True) if not ok)
        raise FileProblem(
            f"The file mixes encodings: line {lines.index(first_utf8) + 1} is UTF-8 but line "
            f"{lines.index(first_other) + 1} is not. Save the file again in one encoding (UTF-8), or, if it "
            "really is all in one legacy encoding, name that encoding."
        )


def _is_utf8(line: bytes) -> bool:
    try:
        line.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _refuse_binary(text: str) -> None:
    sample = text[:_SAMPLE_CHARS]
    if "\x00" in text or len(_CONTROL.findall(sample)) > max(1, len(sample) * _MAX_CONTROL_SHARE):
        raise FileProblem(
            "The file is not a text (CSV) file: it holds binary bytes. Export the data as CSV or .xlsx and try "
            "again; if it is text saved as UTF-16 or UTF-32, choose that encoding (utf-16-le, utf-16-be, utf-32)."
        )
