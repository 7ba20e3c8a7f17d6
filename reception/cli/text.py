"""Stored text printed to a terminal."""


def cell(value: object) -> str:
    """Stored text as one terminal cell: no tabs, newlines or escape sequences from a typed name."""
    return "".join(ch if ch.isprintable() else "?" for ch in str(value))
