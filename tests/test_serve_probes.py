"""The review app against hostile requests, over a real socket (werkzeug's request line and Host
handling are part of what is tested): every probe gets the status it should, never a 5xx, and no
refused request is answered with the page or its token."""

from __future__ import annotations

import json
import socket
from urllib.parse import urlsplit

import pytest

from checker.config import Config
from checker.serve import ReviewSession, create_app, serve_in_thread
from conftest import SEEDS

TOKEN = "probe-token-Qw7"
CC101 = "CC101-57fac499e3f2"


@pytest.fixture(scope="module")
def server(seed_report, tmp_path_factory):
    session = ReviewSession([SEEDS], Config(), tmp_path_factory.mktemp("probe") / "reviews.sqlite",
                            report=seed_report, default_reviewer="probe")
    app = create_app(session, token=TOKEN)
    srv, url = serve_in_thread(app)
    yield urlsplit(url).port
    srv.shutdown()
    srv.server_close()


def raw(port: int, request: bytes) -> tuple[int, bytes]:
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(request)
        sock.shutdown(socket.SHUT_WR)
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    status_line = data.split(b"\r\n", 1)[0].split()
    return (int(status_line[1]) if len(status_line) > 1 and status_line[1].isdigit() else 0), data


def post(body: bytes, *, ctype: str = "application/json", token: str | None = TOKEN, extra: str = "",
         host: str = "{host}") -> bytes:
    head = f"POST /api/decisions HTTP/1.1\r\nHost: {host}\r\nContent-Type: {ctype}\r\nContent-Length: {len(body)}\r\n"
    if token is not None:
        head += f"X-CSRF-Token: {token}\r\n"
    return (head + extra + "Connection: close\r\n\r\n").encode() + body


def decision(**fields) -> bytes:
    base = {"finding_id": CC101, "state": "confirmed", "note": "", "reviewer": ""}
    base.update(fields)
    return json.dumps(base).encode()


GET = "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
DEEP = b'{"finding_id": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"

PROBES: list[tuple[str, bytes, set[int]]] = [
    ("page", GET.replace("{path}", "/").encode(), {200}),
    ("absolute-form foreign host", b"GET http://127.0.0.1:{port}/ HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n", {400}),
    ("absolute-form own host", b"GET http://127.0.0.1:{port}/ HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n", {400}),
    ("absolute-form evil url", b"GET http://evil.example/ HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n", {400}),
    ("http/1.0 no host", b"GET / HTTP/1.0\r\n\r\n", {400}),
    ("http/1.1 no host", b"GET / HTTP/1.1\r\nConnection: close\r\n\r\n", {400}),
    ("empty host", b"GET / HTTP/1.1\r\nHost: \r\nConnection: close\r\n\r\n", {400}),
    ("foreign host", b"GET / HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n", {400}),
    ("foreign host own port", b"GET / HTTP/1.1\r\nHost: evil.example:{port}\r\nConnection: close\r\n\r\n", {400}),
    ("other port", b"GET / HTTP/1.1\r\nHost: 127.0.0.1:1\r\nConnection: close\r\n\r\n", {400}),
    ("rebinding suffix", b"GET / HTTP/1.1\r\nHost: 127.0.0.1.evil.example:{port}\r\nConnection: close\r\n\r\n", {400}),
    ("traversal", GET.replace("{path}", "/../../etc/passwd").encode(), {400, 404}),
    ("encoded traversal", GET.replace("{path}", "/%2e%2e/%2e%2e/etc/passwd").encode(), {400, 404}),
    ("double slash", GET.replace("{path}", "//etc/passwd").encode(), {400, 404}),
    ("nul in path", GET.replace("{path}", "/%00").encode(), {400, 404}),
    ("unknown path", GET.replace("{path}", "/admin").encode(), {404}),
    ("put", b"PUT / HTTP/1.1\r\nHost: {host}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", {405}),
    ("delete", b"DELETE /api/decisions HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n", {405}),
    ("trace", b"TRACE / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n", {405}),
    ("garbage request line", b"HELLO\r\n\r\n", {0, 400}),
    ("no token", post(decision(), token=None), {403}),
    ("wrong token", post(decision(), token="nope"), {403}),
    ("non-ascii token", post(decision(), token="t\xe9st".encode("latin-1").decode("latin-1")), {403}),
    ("cross-site fetch", post(decision(), extra="Sec-Fetch-Site: cross-site\r\n"), {403}),
    ("foreign origin", post(decision(), extra="Origin: http://evil.example\r\n"), {403}),
    ("foreign referer", post(decision(), extra="Referer: http://evil.example/x\r\n"), {403}),
    ("text/plain", post(decision(), ctype="text/plain"), {415}),
    ("no content type", b"POST /api/decisions HTTP/1.1\r\nHost: {host}\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}", {415}),
    ("deep json", post(DEEP), {400, 413}),
    ("deep json within size", post(b"[" * 30_000 + b"]" * 30_000), {400}),
    ("nul and surrogate note", post(b'{"finding_id": "' + CC101.encode() + b'", "state": "confirmed", "note": "a\\u0000b\\ud800"}'), {400}),
    ("lone surrogate reviewer", post(decision(reviewer="\ud800")), {400}),
    ("escape in note", post(decision(note="\x1b[2J")), {400}),
    ("malformed json", post(b'{"finding_id": '), {400}),
    ("invalid utf-8", post(b'{"finding_id": "\xff\xfe"}'), {400}),
    ("json list", post(b"[]"), {400}),
    ("json string", post(b'"x"'), {400}),
    ("json null", post(b"null"), {400}),
    ("json number", post(b"1e999999"), {400}),
    ("huge number", post(b'{"finding_id": 1' + b"0" * 5000 + b"}"), {400}),
    ("unknown finding", post(decision(finding_id="CC999-000000000000")), {400}),
    ("finding of wrong type", post(decision(finding_id=["x"])), {400}),
    ("unknown state", post(decision(state="approved")), {400}),
    ("state of wrong type", post(decision(state={"a": 1})), {400}),
    ("overlong note", post(decision(note="x" * 100_000)), {400, 413}),
    ("oversized body", post(b"x" * 5_000_000), {413}),
    ("form without token", post(b"finding_id=" + CC101.encode() + b"&state=confirmed",
                                ctype="application/x-www-form-urlencoded", token=None), {403}),
    ("form wrong token", post(b"csrf_token=no&finding_id=x", ctype="application/x-www-form-urlencoded", token=None), {403}),
    ("multipart without token", post(b"--b\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\ny\r\n--b--\r\n",
                                     ctype="multipart/form-data; boundary=b", token=None), {403, 415}),
    ("header injection", b"GET / HTTP/1.1\r\nHost: {host}\r\nX-A: b\r\n c\r\nConnection: close\r\n\r\n", {200, 400}),
    ("long header", b"GET / HTTP/1.1\r\nHost: {host}\r\nX-Long: " + b"a" * 60_000 + b"\r\nConnection: close\r\n\r\n", {200, 400, 431}),
    ("healthz", GET.replace("{path}", "/healthz").encode(), {200}),
    ("valid decision", post(decision(note="fine")), {200}),
]


@pytest.mark.parametrize("name,request_bytes,expected", PROBES, ids=[p[0] for p in PROBES])
def test_probe(server, name, request_bytes, expected):
    request_bytes = request_bytes.replace(b"{host}", f"127.0.0.1:{server}".encode()).replace(
        b"{port}", str(server).encode())
    status, data = raw(server, request_bytes)
    assert status in expected, f"{name}: {status} {data[:300]!r}"
    assert not 500 <= status < 600
    if status != 200:
        assert TOKEN.encode() not in data, f"{name}: a refused request got the token"
