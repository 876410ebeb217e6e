"""Bytes to text: which encoding an article file is in, and how sure we are.

Why this module exists: users have articles saved by old tools and other systems — Windows-1252 and
Latin-1 files, UTF-16 with a byte-order mark — and skipping them as "not UTF-8" loses text whose
encoding is known or can be told reliably. The order of decisions:

1. a byte-order mark says it: UTF-8 (dropped), UTF-16 LE/BE or UTF-32 LE/BE (confidence 1);
2. NUL bytes without a UTF-16/32 mark: a binary file, refused;
3. strict UTF-8 (the usual case; recorded as no encoding note at all);
4. a legacy single-byte encoding told by charset-normalizer. Short texts are where detectors guess
   badly (a French Latin-1 paragraph came back as cp1250, "à" read as "ŕ"), so as browsers do for
   unlabelled Western pages, Windows-1252 is preferred whenever it decodes the bytes and the
   detector's own best guess would read them as Latin script too; a guess for another script
   (Cyrillic, Greek, ...) stands. The confidence is 1 minus charset-normalizer's "mess" ratio of the
   text as decoded; under MIN_CONFIDENCE the file is refused as undecodable.

Lone surrogates cannot come out of any of these decoders, so text from here always encodes as UTF-8.
"""

from __future__ import annotations

import codecs
import unicodedata
from dataclasses import dataclass

MIN_CONFIDENCE = 0.8  # below this a guessed encoding is not trusted: the file is skipped with a warning

_BOMS = (  # longest first: the UTF-32 LE mark starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)


class DecodeError(ValueError):
    """The bytes are not text we can read; the message is the reason shown in the warning."""


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # Python codec name: "utf-8", "utf-16-le", "cp1252", ...
    confidence: float  # 1.0 for UTF-8 and byte-order marks; the detector's for a guess
    how: str  # "utf-8", "bom" or "detected"

    @property
    def noted(self) -> bool:
        """Worth telling the user (and recording in the report): anything but plain UTF-8."""
        return self.how != "utf-8"


def decode_bytes(data: bytes) -> Decoded:
    """The text of an article file; raises DecodeError with the reason when it is not text."""
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(codec)
            except UnicodeDecodeError:
                raise DecodeError(f"invalid {label} text after its byte-order mark") from None
            if "\x00" in text:
                raise DecodeError("binary file")
            return Decoded(text, codec, 1.0, "utf-8" if codec == "utf-8" else "bom")
    if b"\x00" in data:
        raise DecodeError("binary file")
    try:
        return Decoded(data.decode("utf-8"), "utf-8", 1.0, "utf-8")
    except UnicodeDecodeError:
        pass
    guess = _guess(data)
    if guess is None:
        raise DecodeError("not UTF-8 text, and its encoding cannot be told")
    if guess.confidence < MIN_CONFIDENCE:
        raise DecodeError(f"not UTF-8 text; best guess {guess.encoding} at confidence "
                          f"{guess.confidence:.2f} is under {MIN_CONFIDENCE}")
    return guess


def _guess(data: bytes) -> Decoded | None:
    from charset_normalizer import from_bytes
    from charset_normalizer.md import mess_ratio

    best = from_bytes(data).best()
    chosen: str | None = best.encoding if best is not None else None
    if best is None or _latin(str(best)):
        try:
            data.decode("cp1252")
            chosen = "cp1252"
        except UnicodeDecodeError:
            pass
    if chosen is None:
        return None
    text = data.decode(chosen)
    if _has_controls(text):
        return None  # C0/C1 controls in "text": binary or a wrong guess
    confidence = round(max(0.0, 1.0 - mess_ratio(text, maximum_threshold=1.0)), 2)
    return Decoded(text, codecs.lookup(chosen).name, confidence, "detected")


def _latin(text: str) -> bool:
    """Are the non-ASCII letters of `text` (mostly) Latin script?"""
    letters = [c for c in text if ord(c) > 127 and c.isalpha()]
    if not letters:
        return True
    latin = sum(1 for c in letters if unicodedata.name(c, "").startswith("LATIN"))
    return latin >= 0.8 * len(letters)


def _has_controls(text: str) -> bool:
    return any((ord(c) < 32 and c not in "\t\n\r\f\v") or 0x7F <= ord(c) < 0xA0 for c in text)
