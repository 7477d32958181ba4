"""A key to find posts with the same body, whitespace left out: cheap enough for every post."""

from __future__ import annotations

import hashlib

MIN_DIGEST_BYTES = 20  # shorter bodies ("TBD", a shortcode) are alike by chance
# A long body's digest is of its first DIGEST_BYTES bytes without whitespace, looked for
# in its first _FIRST_CHARACTERS characters (which hold them in most posts), else in its
# first _DIGEST_CHARACTERS (unless most are spaces), else in all of it.
DIGEST_BYTES = 512
_FIRST_CHARACTERS = 700
_DIGEST_CHARACTERS = 3 * DIGEST_BYTES
_ASCII_WHITESPACE = b" \t\n\r\x0b\x0c"
WHOLE_BODY, BODY_START = "=", "~"  # how a digest begins: of the whole body, of its start


def body_digest(body: str) -> str:
    """A hash of the body without its whitespace ("" for a body too short to compare).

    Of a body longer than DIGEST_BYTES so, only those first bytes are hashed (a listing
    hashes every post): such a digest begins with BODY_START, and says the bodies start
    alike; ``whole_body_digest`` tells whether they are the same. Leaving whitespace
    out, rather than making each run one space, is done in C: ten times faster, and two
    bodies that differ only in where words are split are not real posts.
    """
    compact = b""
    for characters in (_FIRST_CHARACTERS, _DIGEST_CHARACTERS, len(body)):
        compact = _compact(body[:characters])
        if len(compact) > DIGEST_BYTES or len(body) <= characters:
            break  # enough bytes, or the whole body
    if len(compact) > DIGEST_BYTES:
        return BODY_START + _hash(compact[:DIGEST_BYTES])
    return WHOLE_BODY + _hash(compact) if len(compact) >= MIN_DIGEST_BYTES else ""


def whole_body_digest(body: str) -> str:
    """A hash of the whole body without its whitespace ("" for a body too short)."""
    compact = _compact(body)
    return WHOLE_BODY + _hash(compact) if len(compact) >= MIN_DIGEST_BYTES else ""


def _compact(text: str) -> bytes:
    return text.encode("utf-8", "replace").translate(None, _ASCII_WHITESPACE)


def _hash(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=12).hexdigest()
