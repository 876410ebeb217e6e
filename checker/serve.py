"""The local review app behind `check serve PATH...`: the HTML report with a decision form per finding.

The corpus is checked once at start-up (it is fixed while serving). Every `GET /` reads the current
decisions from the review store and re-applies them to that report, so a reload shows the latest
state; source scores leave dismissed findings out as the command line does (see `ReviewSession`).

Routes:

    GET  /                the HTML report (`render_html(report, app=...)`), decisions applied
    POST /api/decisions   record a decision: JSON {finding_id, state, note, reviewer} (answers the
                          decision as JSON) or the no-JavaScript form (answers 303 to /#finding-<id>)
    GET  /api/decisions   every current decision as JSON
    GET  /healthz         "ok"

Security (see docs/serve.md):

- CSRF: a random token per process (`secrets.token_urlsafe`) is embedded in the page; a POST must
  carry it (header `X-CSRF-Token` for JSON, field `csrf_token` for the form). An `Origin` or `Referer`
  header, when present, must be the server's own origin, and a `Sec-Fetch-Site` header, when present,
  must say `same-origin`. (The page's `<meta name="referrer" content="no-referrer">` makes Chromium
  send `Origin: null` with the no-JavaScript form, so `null` is accepted only together with
  `Sec-Fetch-Site: same-origin`, a header pages cannot set.) JSON must be sent as `application/json`.
- DNS rebinding: when bound to a named address, the `Host` header must name this server (loopback
  names or the bound address, with the port); a page on another domain that resolves to 127.0.0.1
  cannot read the page (and its token) or post.
- Every response has the page's Content-Security-Policy, `X-Content-Type-Options: nosniff`,
  `Referrer-Policy: same-origin`, `X-Frame-Options: DENY` and `Cache-Control: no-store`.

Concurrency: werkzeug's threaded server; each request opens its own SQLite connection (connections
never cross threads), and `ReviewStore.decide` is one `BEGIN IMMEDIATE` transaction, so decisions
made at the same moment from two tabs (or a tab and `check review decide`) are all kept.
"""

from __future__ import annotations

import hmac
import ipaddress
import re
import secrets
import signal
import socket
import sys
import threading
from collections import OrderedDict
from dataclasses import replace
from pathlib import Path
from typing import Callable, Sequence, TextIO
from urllib.parse import urlsplit

from flask import Flask, Response, jsonify, redirect, request
from werkzeug.exceptions import HTTPException
from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

from checker.config import Config
from checker.model import REVIEW_STATES, InputError, Report, Review
from checker.render.html import content_security_policy, render_html
from checker.storage.reviews import ReviewStore, ReviewStoreError, apply_reviews, dismissed_ids

POST_URL = "/api/decisions"
MAX_BODY = 64 * 1024  # a decision is a few hundred bytes; anything larger is refused (413)
MAX_NOTE = 10_000
MAX_REVIEWER = 200
SCORE_CACHE_SIZE = 32
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")
SHUTDOWN_WAIT = 10.0  # seconds to let decisions in flight commit when stopping


# --- the corpus and its decisions -------------------------------------------------------------------


def _check_corpus(paths, config, **kwargs) -> tuple[Report, list[str]]:
    from checker.running.pipeline import check_corpus

    return check_corpus(paths, config, **kwargs)


class ReviewSession:
    """One corpus's report (computed once) and its review store (opened per request).

    Decisions are re-applied on every request with `checker.storage.reviews.apply_reviews`. That function
    attaches decisions but does not rescore, and a dismissed finding must not lower any source's score;
    so the scores for each set of dismissed findings are computed once by re-running the pipeline with
    those dismissals (~0.3 s warm on the seeds) and cached. Every other request is a cache hit.
    """

    def __init__(self, paths: Sequence[str | Path], config: Config, store_path: str | Path, *,
                 show_dismissed: bool = False, report: Report | None = None, default_reviewer: str = "",
                 log: Callable[[str], None] | None = None):
        self.paths = [str(p) for p in paths]
        self.config = config
        self.store_path = Path(store_path)
        self.show_dismissed = show_dismissed
        self.default_reviewer = default_reviewer
        self.log = log or (lambda message: None)
        if report is None:
            report, _ = _check_corpus(self.paths, config)
        if report.hidden or any(f.review is not None for f in report.findings):
            raise ValueError("ReviewSession needs the report of a run without decisions")
        self.base = report
        self.findings = {f.id: f for f in report.findings}
        self._scores: OrderedDict[frozenset[str], tuple] = OrderedDict({frozenset(): report.scores})
        self._pipeline_lock = threading.Lock()  # the pipeline runs one at a time
        self._open_lock = threading.Lock()  # creating the store vs. reading it while it is being created
        self._ready = False
        self._busy = 0  # decisions being written, so a stop can let them commit
        self._busy_cond = threading.Condition()
        self._rescore_wanted = False  # a decision was made: compute the new scores before the next page
        self._rescore_running = False
        self._rescore_lock = threading.Lock()

    # --- the store ----------------------------------------------------------------------------------

    def _open(self, create: bool) -> ReviewStore | None:
        """A new connection (one per request); None when the store does not exist and `create` is off."""
        if self._ready:
            return ReviewStore.open(self.store_path, create=create)
        with self._open_lock:  # until the store exists, opening it is serialised within this process
            if not create and not self.store_path.exists():
                return None
            store = ReviewStore.open(self.store_path, create=create)
            self._ready = True
            return store

    def decisions(self) -> list[Review]:
        store = self._open(create=False)
        if store is None:
            return []
        with store:
            return store.all()

    def decide(self, finding_id: str, state: str, note: str, reviewer: str) -> Review:
        finding = self.findings[finding_id]
        with self._busy_cond:
            self._busy += 1
        try:
            store = self._open(create=True)
            assert store is not None
            with store:
                decision = store.decide(finding_id, state, note=note, reviewer=reviewer or self.default_reviewer,
                                        rule=finding.rule, summary=finding.summary)
        finally:
            with self._busy_cond:
                self._busy -= 1
                self._busy_cond.notify_all()
        self._rescore_soon()
        return decision

    def _rescore_soon(self) -> None:
        """Compute the scores for the new set of dismissed findings in the background, so the page
        reloaded after a dismissal does not wait for the pipeline. One worker; requests coalesce."""
        with self._rescore_lock:
            self._rescore_wanted = True
            if self._rescore_running:
                return
            self._rescore_running = True
        threading.Thread(target=self._rescore_worker, name="check-serve-rescore", daemon=True).start()

    def _rescore_worker(self) -> None:
        while True:
            with self._rescore_lock:
                if not self._rescore_wanted:
                    self._rescore_running = False
                    return
                self._rescore_wanted = False
            try:
                self.scores_for(frozenset(dismissed_ids(self.decisions()) & self.findings.keys()))
            except Exception as exc:  # noqa: BLE001 - the next page load computes (and reports) it again
                self.log(f"warning: could not recompute the scores in the background: {exc}")

    def wait_idle(self, timeout: float) -> bool:
        """Wait until no decision is being written; False if some still are after `timeout` seconds."""
        with self._busy_cond:
            return self._busy_cond.wait_for(lambda: self._busy == 0, timeout)

    # --- the report ---------------------------------------------------------------------------------

    def scores_for(self, dismissed: frozenset[str]) -> tuple:
        """The source scores with these findings left out (as `check --reviews` computes them)."""
        with self._pipeline_lock:
            cached = self._scores.get(dismissed)
            if cached is not None:
                self._scores.move_to_end(dismissed)
                return cached
            reviews = [Review(fid, "dismissed") for fid in sorted(dismissed)]
            report, _ = _check_corpus(self.paths, self.config, reviews=reviews, show_dismissed=True)
            if {f.id for f in report.findings} != set(self.findings):
                self.log("warning: the articles changed on disk since 'check serve' started; "
                         "restart it to check them again")
            self._scores[dismissed] = report.scores
            while len(self._scores) > SCORE_CACHE_SIZE:
                oldest = next(k for k in self._scores if k)  # keep the no-dismissal scores
                del self._scores[oldest]
            return report.scores

    def report(self) -> Report:
        """The start-up report with the current decisions applied and scores to match."""
        reviews = self.decisions()
        dismissed = frozenset(dismissed_ids(reviews) & self.findings.keys())
        base = replace(self.base, scores=self.scores_for(dismissed)) if dismissed else self.base
        return apply_reviews(base, reviews, show_dismissed=self.show_dismissed, path=str(self.store_path))


# --- the Flask app ----------------------------------------------------------------------------------


def decision_json(r: Review) -> dict:
    return {"finding_id": r.finding_id, "state": r.state, "note": r.note, "reviewer": r.reviewer,
            "decided_at": r.decided_at, "rule": r.rule, "summary": r.summary}


def security_headers() -> dict[str, str]:
    return {"Content-Security-Policy": content_security_policy(True), "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "same-origin", "X-Frame-Options": "DENY", "Cache-Control": "no-store"}


def allowed_hosts_for(host: str, port: int) -> set[str] | None:
    """The `Host` values this server answers to, or None (no check) when bound to every interface.

    Loopback names always; the bound address too when it is another one. Checking `Host` stops DNS
    rebinding (evil.example resolving to 127.0.0.1 and then reading the page with its token).
    """
    name = host.strip("[]")
    try:
        if ipaddress.ip_address(name).is_unspecified:
            return None
    except ValueError:
        if name == "":
            return None
    shown = f"[{name}]" if ":" in name else name
    names = (*LOOPBACK_NAMES, shown)
    hosts = {f"{h}:{port}".lower() for h in names}
    if port == 80:  # browsers leave the default port out of Host
        hosts |= {h.lower() for h in names}
    return hosts


def _error(status: int, message: str) -> Response:
    response = jsonify({"error": message})
    response.status_code = status
    return response


class _Refused(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status, self.message = status, message


def create_app(session: ReviewSession, *, token: str | None = None,
               allowed_hosts: set[str] | None = None) -> Flask:
    """The review app for `session`. `allowed_hosts` (see `allowed_hosts_for`) may be set or replaced
    later in `app.config["ALLOWED_HOSTS"]`, once the port is known; None switches the Host check off."""
    app = Flask(__name__)
    app.config.update(MAX_CONTENT_LENGTH=MAX_BODY, ALLOWED_HOSTS=allowed_hosts,
                      CSRF_TOKEN=token or secrets.token_urlsafe(32))
    app.json.sort_keys = False
    app.extensions["claimcheck_session"] = session

    def own_origin() -> str:
        return f"{request.scheme}://{request.host}".lower()

    @app.before_request
    def check_host():
        # werkzeug takes the host of an absolute-form target (`GET http://127.0.0.1:PORT/`) over the
        # Host header, and makes one up from the bound address when there is none (HTTP/1.0): both
        # would pass the check below with a foreign or no Host, so both are refused first
        target = request.environ.get("RAW_URI") or request.environ.get("REQUEST_URI") or "/"
        if not target.startswith("/"):
            return _error(400, "absolute-form request target refused: send the path and a Host header")
        if not request.headers.get("Host"):
            return _error(400, "a Host header is required")
        allowed = app.config["ALLOWED_HOSTS"]
        if allowed is not None and request.host.lower() not in allowed:
            return _error(400, "unexpected Host header: open the address 'check serve' printed")
        return None

    @app.after_request
    def add_headers(response: Response) -> Response:
        for key, value in security_headers().items():
            response.headers[key] = value
        return response

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        return _error(exc.code or 500, exc.description or exc.name)

    @app.errorhandler(_Refused)
    def refused(exc: _Refused):
        return _error(exc.status, exc.message)

    @app.errorhandler(ReviewStoreError)
    def store_error(exc: ReviewStoreError):
        session.log(f"error: {exc}")
        return _error(503, f"review store unavailable: {exc}")

    @app.get("/")
    def index():
        report = session.report()
        html = render_html(report, app={"csrf_token": app.config["CSRF_TOKEN"], "post_url": POST_URL})
        return Response(html, mimetype="text/html")

    @app.get("/healthz")
    def healthz():
        return Response("ok", mimetype="text/plain")

    @app.get("/favicon.ico")
    def favicon():
        return Response(status=204)

    @app.get(POST_URL)
    def list_decisions():
        return jsonify({"reviews_path": str(session.store_path),
                        "decisions": [decision_json(r) for r in session.decisions()]})

    def check_origin() -> None:
        """Origin/Referer must be this server when present; Sec-Fetch-Site must be same-origin when present."""
        fetch_site = request.headers.get("Sec-Fetch-Site")
        if fetch_site is not None and fetch_site != "same-origin":
            raise _Refused(403, f"cross-site request refused (Sec-Fetch-Site: {fetch_site})")
        origin = request.headers.get("Origin")
        if origin is not None:
            if origin == "null" and fetch_site == "same-origin":
                pass  # a same-origin form from a no-referrer page: the browser vouches for it
            elif origin.rstrip("/").lower() != own_origin():
                raise _Refused(403, "cross-origin request refused (Origin does not match)")
        referer = request.headers.get("Referer")
        if referer is not None:
            parts = urlsplit(referer)
            if f"{parts.scheme}://{parts.netloc}".lower() != own_origin():
                raise _Refused(403, "cross-origin request refused (Referer does not match)")

    def check_token(given: str | None) -> None:
        expected = app.config["CSRF_TOKEN"].encode()
        if not given or not hmac.compare_digest(given.encode("utf-8", "replace"), expected):
            raise _Refused(403, "missing or wrong CSRF token: reload the page")

    @app.post(POST_URL)
    def post_decision():
        mimetype = request.mimetype
        if mimetype == "application/json":
            is_form = False
        elif mimetype in FORM_TYPES:
            is_form = True
        else:
            raise _Refused(415, "send the decision as application/json (or as the page's form)")
        check_origin()
        check_token(request.form.get("csrf_token") if is_form else request.headers.get("X-CSRF-Token"))
        if is_form:
            data = request.form.to_dict()
        else:
            try:
                data = request.get_json(silent=True)
            except RecursionError:  # the JSON decoder recurses: a deeply nested body
                raise _Refused(400, "the body is nested too deeply") from None
            if not isinstance(data, dict):
                raise _Refused(400, "the body must be a JSON object {finding_id, state, note, reviewer}")
        finding_id, state, note, reviewer = (_field(data, k) for k in ("finding_id", "state", "note", "reviewer"))
        if finding_id not in session.findings:
            raise _Refused(400, f"unknown finding id {finding_id!r}: not among this report's findings")
        if state not in REVIEW_STATES:
            raise _Refused(400, f"unknown review state {state!r}; expected one of {', '.join(REVIEW_STATES)}")
        if len(note) > MAX_NOTE or len(reviewer) > MAX_REVIEWER:
            raise _Refused(400, f"note (at most {MAX_NOTE} characters) or reviewer (at most {MAX_REVIEWER}) "
                                "too long")
        decision = session.decide(finding_id, state, note.strip(), reviewer.strip())
        session.log(f"{decision.finding_id}: {decision.state}"
                    + (f" by {decision.reviewer}" if decision.reviewer else ""))
        if is_form:
            return redirect(f"/#finding-{finding_id}", code=303)
        return jsonify(decision_json(decision))

    return app


def _field(data: dict, key: str) -> str:
    value = data.get(key, "")
    if value is None:
        return ""
    if not isinstance(value, str):
        raise _Refused(400, f"{key!r} must be a string")
    if _UNSTORABLE.search(value):
        raise _Refused(400, f"{key!r} holds a control character or half of a surrogate pair (not text)")
    return value


# NUL and other C0 controls except tab and line breaks, DEL, and lone surrogates (which no store can
# encode): refused in a decision's fields
_UNSTORABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


# --- running it -------------------------------------------------------------------------------------


class _QuietHandler(WSGIRequestHandler):
    """No line per request on stderr (errors are still logged)."""

    def log_request(self, code="-", size="-") -> None:
        pass


def is_loopback(host: str) -> bool:
    name = host.strip("[]")
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def url_for_host(host: str, port: int) -> str:
    """The URL to open; bound to every interface, the loopback address (0.0.0.0 is no address to visit)."""
    name = host.strip("[]")
    if name in ("", "0.0.0.0"):
        name = "127.0.0.1"
    elif name == "::" or (":" in name and _unspecified(name)):
        name = "::1"
    return f"http://[{name}]:{port}/" if ":" in name else f"http://{name}:{port}/"


def _unspecified(name: str) -> bool:
    try:
        return ipaddress.ip_address(name).is_unspecified
    except ValueError:
        return False


def bind(app: Flask, host: str, port: int) -> BaseWSGIServer:
    """A threaded werkzeug server on host:port (port 0: a free one); the app learns its Host names.

    The socket is bound here, not by werkzeug, so a taken port is one error line (exit 2) instead of
    werkzeug's own message and exit status."""
    name = host.strip("[]")
    family = socket.AF_INET6 if ":" in name else socket.AF_INET
    try:
        sock = socket.create_server((name, port), family=family, backlog=128)
    except OSError as exc:
        raise InputError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    try:
        server = make_server(name, sock.getsockname()[1], app, threaded=True, request_handler=_QuietHandler,
                             fd=sock.fileno())
    finally:
        sock.close()  # werkzeug works on its own duplicate of the descriptor
    # A browser keeps its connection open between requests, and the thread serving it waits for the
    # next one: stopping must neither wait for such threads (block_on_close) nor be kept alive by them.
    server.daemon_threads = True
    server.block_on_close = False
    app.config["ALLOWED_HOSTS"] = allowed_hosts_for(host, server.port)
    return server


def serve(session: ReviewSession, *, host: str = "127.0.0.1", port: int = 8765, out: TextIO | None = None,
          err: TextIO | None = None, stopping: threading.Event | None = None) -> int:
    """Listen, print the URL on `out` (flushed), serve until Ctrl-C or SIGTERM; 0 on a clean stop.

    `stopping`, when given and set (a stop was asked for while starting), means: do not serve."""
    out = out or sys.stdout
    err = err or sys.stderr
    app = create_app(session)
    server = bind(app, host, port)
    if stopping is not None and stopping.is_set():  # asked to stop while starting
        server.server_close()
        print("check: stopped", file=err, flush=True)
        return 0
    url = url_for_host(host, server.port)
    # warm the templates so the first page is as quick as the others
    render_html(session.base, app={"csrf_token": "", "post_url": POST_URL})
    if not is_loopback(host):
        print(f"check: warning: listening on {host}: anyone who can reach this machine on port "
              f"{server.port} can read the articles and record decisions (no login)", file=err, flush=True)
    print(f"check: serving {len(session.findings)} findings of {len(session.base.sources)} sources; decisions "
          f"go to {session.store_path}; Ctrl-C to stop", file=err, flush=True)
    print(url, file=out, flush=True)

    # Ctrl-C and SIGTERM ask the loop to stop (it looks every 0.5 s) rather than raise at an arbitrary
    # point of the main thread, where an `except Exception` in socketserver could swallow the exception.
    # A second signal gets the previous behaviour (KeyboardInterrupt, or termination).
    previous: dict[int, object] = {}

    def on_signal(signum, frame):
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        threading.Thread(target=server.shutdown, name="check-serve-stop", daemon=True).start()

    if threading.current_thread() is threading.main_thread():
        for sig in (signal.SIGINT, signal.SIGTERM):
            previous[sig] = signal.signal(sig, on_signal)
    try:
        if stopping is None or not stopping.is_set():
            server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        server.server_close()  # no new connections
        if not session.wait_idle(SHUTDOWN_WAIT):
            print("check: warning: stopped while a decision was still waiting for the review store; "
                  "it may not have been saved (its page got no answer)", file=err, flush=True)
    print("check: stopped", file=err, flush=True)
    return 0


def serve_in_thread(app: Flask, host: str = "127.0.0.1", port: int = 0) -> tuple[BaseWSGIServer, str]:
    """For tests and embedding: start `app` on a background thread; stop with `server.shutdown()`."""
    server = bind(app, host, port)
    threading.Thread(target=server.serve_forever, name="check-serve", daemon=True).start()
    return server, url_for_host(host, server.port)
