"""Who may reach the chat: the login given to `app.py`, and a warning when there is none.

`python app.py --auth USER:PASSWORD` or `COLLABQA_AUTH=USER:PASSWORD` puts the page and
its `/ask` API behind Gradio's login. Binding beyond loopback without one is warned about.
"""

from __future__ import annotations

import ipaddress

LOOPBACK_NAMES = ("localhost",)


def parse_auth(text: str) -> tuple[str, str]:
    """`USER:PASSWORD` (the password may hold colons) -> (user, password)."""
    user, sep, password = text.partition(":")
    if not sep or not user.strip() or not password:
        raise ValueError("a login is USER:PASSWORD, both non-empty")
    return user, password


def exposure_warning(host: str, auth: tuple[str, str] | None) -> str | None:
    """The warning to print when `host` reaches beyond this machine without a login."""
    if auth is not None or host in LOOPBACK_NAMES:
        return None
    try:
        if ipaddress.ip_address(host.strip("[]")).is_loopback:
            return None
    except ValueError:
        pass  # a host name: it may resolve to anything
    return (f"WARNING: serving on {host} without a login: anyone who can reach this port can "
            "read every indexed document. Set COLLABQA_AUTH=USER:PASSWORD (or --auth) or "
            "bind 127.0.0.1.")
