"""Fetching a cited page without becoming a way into the newsroom's own network.

An address is refused unless every address its host resolves to is a public one (no loopback,
private, link-local, shared, reserved or multicast range, IPv4 inside IPv6 included), and the
connection goes to the address that was checked, so a DNS answer that changes between the
check and the connection ("DNS rebinding") cannot slip through. Every redirect is checked the
same way. ``NEWSROOM_SOURCES_ALLOWED_NETWORKS`` opens given ranges (the tests' local server).

Built on the standard library's ``http.client`` because that is where the socket can be
chosen: the usual clients resolve the host themselves when they connect.
"""

import http.client
import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

REDIRECTS = {301, 302, 303, 307, 308}
PERMANENT_REDIRECTS = {301, 308}
_CHUNK = 64 * 1024


class FetchRefused(Exception):
    """The address may not be fetched (scheme, private address); nothing was sent."""


class FetchFailed(Exception):
    """The fetch was tried and did not give a usable answer (timeout, too large, ...)."""


@dataclass(frozen=True)
class Limits:
    timeout: float = 10.0  # seconds for the whole fetch, redirects included
    max_bytes: int = 10 * 1024 * 1024
    max_redirects: int = 5
    content_types: tuple[str, ...] | None = None  # None: any

    @classmethod
    def from_settings(cls, **overrides) -> "Limits":
        values = {
            "timeout": settings.NEWSROOM_SOURCES_TIMEOUT,
            "max_bytes": settings.NEWSROOM_SOURCES_MAX_BYTES,
            "max_redirects": settings.NEWSROOM_SOURCES_MAX_REDIRECTS,
        }
        return cls(**{**values, **overrides})


@dataclass
class Response:
    url: str  # the address that answered, after redirects
    status: int
    headers: dict[str, str]  # lower-cased names; repeated headers joined with ", "
    body: bytes
    redirects: list[tuple[int, str]] = field(default_factory=list)  # (status, Location)

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    @property
    def charset(self) -> str:
        for part in self.headers.get("content-type", "").split(";")[1:]:
            name, _sep, value = part.partition("=")
            if name.strip().lower() == "charset":
                return value.strip().strip("\"'")
        return ""

    @property
    def moved_permanently(self) -> bool:
        return any(status in PERMANENT_REDIRECTS for status, _url in self.redirects)


def _allowed_networks() -> list:
    return [
        ipaddress.ip_network(network, strict=False)
        for network in settings.NEWSROOM_SOURCES_ALLOWED_NETWORKS
    ]


def address_allowed(address: str) -> bool:
    """Return whether a connection to the IP ``address`` may be made."""
    ip = ipaddress.ip_address(address.split("%")[0])
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    if any(ip.version == net.version and ip in net for net in _allowed_networks()):
        return True
    return ip.is_global and not ip.is_multicast


def resolve(host: str, port: int) -> list[str]:
    """Return the addresses ``host`` resolves to, all checked; refuse if any is not public
    (a name that answers with one public and one private address is not trusted either)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise FetchFailed(_("The host %(host)s is not known.") % {"host": host}) from error
    addresses = list(dict.fromkeys(info[4][0] for info in infos))
    for address in addresses:
        if not address_allowed(address):
            raise FetchRefused(
                _("%(host)s leads to a private or reserved address (%(address)s).")
                % {"host": host, "address": address}
            )
    return addresses


def _target(url: str) -> tuple[str, str, int, str]:
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise FetchRefused(_("“%(url)s” is not a valid address.") % {"url": url}) from error
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise FetchRefused(_("Only http and https addresses are fetched."))
    if not parts.hostname:
        raise FetchRefused(_("“%(url)s” has no host.") % {"url": url})
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    return scheme, parts.hostname, port or (443 if scheme == "https" else 80), path


def _connect(scheme: str, host: str, port: int, timeout: float) -> http.client.HTTPConnection:
    addresses = resolve(host, port)
    last_error: OSError | None = None
    for address in addresses:
        try:
            sock = socket.create_connection((address, port), timeout=timeout)
        except OSError as error:
            last_error = error
            continue
        try:
            if scheme == "https":
                context = ssl.create_default_context()
                sock = context.wrap_socket(sock, server_hostname=host)
                connection = http.client.HTTPSConnection(host, port, timeout=timeout)
            else:
                connection = http.client.HTTPConnection(host, port, timeout=timeout)
        except (OSError, ssl.SSLError) as error:
            sock.close()
            raise FetchFailed(
                _("No secure connection to %(host)s: %(error)s") % {"host": host, "error": error}
            ) from error
        # The connection uses the socket opened to the checked address, never its own lookup.
        connection.sock = sock
        return connection
    raise FetchFailed(
        _("Could not connect to %(host)s: %(error)s") % {"host": host, "error": last_error}
    )


def fetch(url: str, *, limits: Limits | None = None, user_agent: str | None = None) -> Response:
    """GET ``url`` following redirects, within ``limits``; return the final answer (any HTTP
    status). Raise ``FetchRefused`` before sending anything to a refused address, and
    ``FetchFailed`` for a timeout, a body over the size limit, an unexpected content type,
    too many redirects or a network error."""
    limits = limits or Limits.from_settings()
    deadline = time.monotonic() + limits.timeout
    redirects: list[tuple[int, str]] = []
    current = url
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise FetchFailed(_("No answer within %(s)s seconds.") % {"s": limits.timeout})
        scheme, host, port, path = _target(current)
        try:
            connection = _connect(scheme, host, port, remaining)
            # http.client drops its reference when the server will close; the reader keeps it.
            sock = connection.sock
            try:
                connection.request(
                    "GET",
                    path,
                    headers={
                        "User-Agent": user_agent or settings.NEWSROOM_SOURCES_USER_AGENT,
                        "Accept": "text/html,application/xhtml+xml,application/pdf;q=0.9,*/*;q=0.5",
                        "Accept-Encoding": "identity",
                    },
                )
                answer = connection.getresponse()
                headers: dict[str, str] = {}
                for name, value in answer.getheaders():
                    key = name.lower()
                    headers[key] = f"{headers[key]}, {value}" if key in headers else value
                if answer.status in REDIRECTS and headers.get("location"):
                    if len(redirects) >= limits.max_redirects:
                        raise FetchFailed(
                            _("More than %(n)d redirects.") % {"n": limits.max_redirects}
                        )
                    current = urljoin(current, headers["location"].strip())
                    redirects.append((answer.status, current))
                    continue
                _check_type(headers, limits)
                body = _read(answer, sock, headers, limits, deadline)
                return Response(current, answer.status, headers, body, redirects)
            finally:
                connection.close()
        except TimeoutError as error:
            raise FetchFailed(
                _("No answer within %(s)s seconds.") % {"s": limits.timeout}
            ) from error
        except (OSError, http.client.HTTPException) as error:
            raise FetchFailed(
                _("The connection failed: %(error)s") % {"error": error or type(error).__name__}
            ) from error


def _check_type(headers: dict[str, str], limits: Limits) -> None:
    if limits.content_types is None:
        return
    content_type = headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type not in limits.content_types:
        raise FetchFailed(
            _("The page is of a type not archived (%(type)s).")
            % {"type": content_type or _("none given")}
        )


def _read(answer, sock, headers, limits: Limits, deadline: float) -> bytes:
    too_large = _("The page is larger than %(mb).1f MB.") % {"mb": limits.max_bytes / 1048576}
    declared = headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limits.max_bytes:
        raise FetchFailed(too_large)
    chunks, size = [], 0
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise FetchFailed(_("No answer within %(s)s seconds.") % {"s": limits.timeout})
        sock.settimeout(remaining)
        chunk = answer.read1(_CHUNK) if hasattr(answer, "read1") else answer.read(_CHUNK)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > limits.max_bytes:
            raise FetchFailed(too_large)
        chunks.append(chunk)
