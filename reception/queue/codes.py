"""Query codes (查询码): the opaque token a ticket's QR code carries.

12 characters of Crockford's base32 give 60 random bits: unguessable, and
still typeable at the kiosk by a visitor whose scanner fails, because the
letters that look like digits are read as those digits. The code encodes
nothing about the person.
"""

from __future__ import annotations

import secrets

CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 12
_LOOK_ALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})


def new_query_code() -> str:
    # One draw of 60 bits, five per character (32 symbols): one system call
    # instead of twelve, on the kiosk's hot path.
    bits = secrets.randbits(5 * CODE_LENGTH)
    return "".join(CROCKFORD[(bits >> (5 * k)) & 31] for k in range(CODE_LENGTH))


def normalise_query_code(typed: str) -> str | None:
    """What a visitor typed or a scanner sent, as a stored code; None if it cannot be one."""
    code = "".join(typed.split()).replace("-", "").upper().translate(_LOOK_ALIKES)
    if len(code) != CODE_LENGTH or any(c not in CROCKFORD for c in code):
        return None
    return code
