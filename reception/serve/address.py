"""Which addresses `reception serve` answers to, and the one its pages embed.

Browsers on the hall LAN load a page and open its websocket at the address the
page embeds (public_url). A request is served only when its Host is one of ours
(a DNS-rebound name is not), and a websocket only when its Origin is a page of
ours: any other web page a counter PC opens could otherwise drive the apps.
"""

from __future__ import annotations

import socket
from ipaddress import ip_address

from yarl import URL

Address = tuple[str, int]  # (host in lower case, without brackets; port)

LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1")


def is_wildcard(host: str) -> bool:
    return host in ("0.0.0.0", "::")


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ip_address(host).is_loopback
    except ValueError:
        return False


def lan_address() -> str | None:
    """This machine's address on its default route (no packet is sent), or None
    when it has none but loopback."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # TEST-NET-1: only the route is looked up
            address = probe.getsockname()[0]
        except OSError:
            return None
    return None if is_loopback(address) or is_wildcard(address) else address


def _address(url: URL) -> Address | None:
    if url.host is None or url.port is None:
        return None
    return url.host.lower().strip("[]"), url.port


def parse_origin(origin: str | None) -> Address | None:
    if not origin:
        return None
    try:
        url = URL(origin)
    except ValueError:
        return None
    if url.scheme not in ("http", "https"):
        return None
    return _address(url)


def parse_host(host: str | None, scheme: str = "http") -> Address | None:
    if not host or "/" in host or "@" in host:
        return None
    try:
        return _address(URL(f"{scheme}://{host}"))
    except ValueError:
        return None


def served_addresses(host: str, port: int, public_url: str | None) -> set[Address]:
    """The Host values (and Origins) that are ours: the public address, the bound
    address, and loopback when loopback reaches us."""
    served: set[Address] = set()
    if public_url:
        address = _address(URL(public_url))
        if address:
            served.add(address)
    if not is_wildcard(host):
        served.add((host.lower(), port))
    if is_wildcard(host) or is_loopback(host):
        served.update((name, port) for name in LOOPBACK_NAMES)
    return served
