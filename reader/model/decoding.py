"""Turn a post file's bytes into text: UTF-8, or the encoding detection finds."""

from __future__ import annotations

# Japanese blogs older than UTF-8 everywhere. Tried before general detection, because
# short Japanese texts are where detectors guess wrong most. A wrong guess among these
# decodes kana as half-width katakana, which the check below rejects.
_JAPANESE_LEGACY = {"shift_jis": "Shift_JIS", "cp932": "Shift_JIS (CP932)", "euc_jp": "EUC-JP"}
_ISO_2022_JP_ESCAPES = (b"\x1b$B", b"\x1b$@", b"\x1b(J")


def _looks_japanese(text: str) -> bool:
    kana = sum(1 for char in text if "\u3040" <= char <= "\u30ff")
    return kana * 20 >= len(text)


def decode(data: bytes) -> tuple[str, str | None]:
    """Decode file bytes; return the text and a problem naming the encoding if not UTF-8.

    Never raises: undecodable bytes become U+FFFD as a last resort.
    """
    if b"\x1b" in data and any(escape in data for escape in _ISO_2022_JP_ESCAPES):
        try:
            return data.decode("iso2022_jp"), "not UTF-8: decoded as ISO-2022-JP"
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        pass
    for encoding, name in _JAPANESE_LEGACY.items():
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _looks_japanese(text):
            return text, f"not UTF-8: decoded as {name}"
    # Imported here: most posts are UTF-8, and the import would slow every start.
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data))
    if matches:
        # Short texts fit several code pages equally well; among the best, prefer the
        # one most Western blogs were written in.
        least_chaos = min(match.chaos for match in matches)
        best = next(
            (m for m in matches if m.chaos == least_chaos and m.encoding == "cp1252"), matches[0]
        )
        return str(best), f"not UTF-8: decoded as {best.encoding.replace('_', '-').upper()}"
    return data.decode(
        "utf-8", errors="replace"
    ), "not UTF-8, and no encoding fits: undecodable bytes shown as �"
