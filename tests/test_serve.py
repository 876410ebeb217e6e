"""The local review app (`check serve`) without a browser: routes, CSRF, security headers, and that
decisions survive `kill -9` of the server. tests/test_browser.py drives the same app in Chromium.

Most tests use Flask's test client on a session built from the shared seed report; the process tests
start `python -m checker serve seeds --port 0` and read the URL it prints.
"""

from __future__ import annotations

import http.client
import json
import random
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from checker import cli
from checker.config import Config
from checker.model import REVIEW_STATES
from checker.render.html import content_security_policy
from checker.serve import ReviewSession, allowed_hosts_for, create_app
from checker.storage.reviews import ReviewStore
from conftest import ROOT, SEEDS

TOKEN = "test-token-Zx9"
CC101 = "CC101-57fac499e3f2"  # Seoul vs Yokosuka in the seeds
URL = "http://localhost/"
ORIGIN = "http://localhost"


@pytest.fixture
def session(seed_report, tmp_path) -> ReviewSession:
    return ReviewSession([SEEDS], Config(), tmp_path / "store" / "reviews.sqlite", report=seed_report,
                         default_reviewer="server-user")


@pytest.fixture
def client(session):
    app = create_app(session, token=TOKEN, allowed_hosts={"localhost"})
    return app.test_client()


def post_json(client, body: dict, *, token: str | None = TOKEN, **headers):
    if token is not None:
        headers["X-CSRF-Token"] = token
    return client.post("/api/decisions", data=json.dumps(body), content_type="application/json", headers=headers)


def stored(session) -> list:
    if not session.store_path.exists():
        return []
    with ReviewStore.open(session.store_path, create=False) as store:
        return store.all()


# --- pages and headers ------------------------------------------------------------------------------


def test_index_has_policy_headers_token_and_forms(client, seed_report):
    response = client.get("/")
    assert response.status_code == 200 and response.mimetype == "text/html"
    assert response.headers["Content-Security-Policy"] == content_security_policy(True)
    assert "connect-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Cache-Control"] == "no-store"
    html = response.get_data(as_text=True)
    assert f'name="csrf_token" value="{TOKEN}"' in html
    assert html.count('<form class="decide"') == len(seed_report.findings)
    assert 'action="/api/decisions"' in html


@pytest.mark.parametrize("path", ["/healthz", "/api/decisions", "/nowhere"])
def test_every_response_has_the_security_headers(client, path):
    response = client.get(path)
    assert response.headers["Content-Security-Policy"] == content_security_policy(True)
    assert response.headers["X-Frame-Options"] == "DENY"


def test_healthz_and_empty_decisions(client, session):
    assert client.get("/healthz").get_data(as_text=True) == "ok"
    assert client.get("/api/decisions").get_json() == {"reviews_path": str(session.store_path), "decisions": []}
    assert not session.store_path.exists()  # reading never creates the store


# --- recording decisions ----------------------------------------------------------------------------


def test_post_with_token_records_and_answers_the_decision(client, session):
    response = post_json(client, {"finding_id": CC101, "state": "dismissed", "note": "the port visit",
                                  "reviewer": "ana"}, Origin=ORIGIN)
    assert response.status_code == 200, response.get_data(as_text=True)
    answer = response.get_json()
    assert answer["finding_id"] == CC101 and answer["state"] == "dismissed"
    assert answer["note"] == "the port visit" and answer["reviewer"] == "ana"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", answer["decided_at"])
    assert answer["rule"] == "CC101" and "Seoul" in answer["summary"]  # the finding's snapshot
    [decision] = stored(session)
    assert (decision.finding_id, decision.state, decision.note, decision.reviewer) == (CC101, "dismissed",
                                                                                       "the port visit", "ana")
    listed = client.get("/api/decisions").get_json()["decisions"]
    assert [d["finding_id"] for d in listed] == [CC101]


def test_empty_reviewer_is_the_servers_user(client, session):
    assert post_json(client, {"finding_id": CC101, "state": "confirmed"}).status_code == 200
    assert stored(session)[0].reviewer == "server-user"


def test_page_reflects_decisions_and_scores_like_the_cli(client, session):
    from checker.running.pipeline import check_corpus

    before = client.get("/").get_data(as_text=True)
    assert f'id="finding-{CC101}"' in before and 'id="dismissed"' not in before
    assert post_json(client, {"finding_id": CC101, "state": "dismissed", "note": "n"}).status_code == 200
    after = client.get("/").get_data(as_text=True)
    assert 'id="dismissed"' in after  # hidden among the findings, listed as dismissed
    expected, _ = check_corpus([SEEDS], reviews=stored(session))
    assert session.report().scores == expected.scores  # a false alarm lowers nobody's score
    assert session.report().scores != session.base.scores
    top = expected.scores[0]
    assert f"{top.score:.2f}" in after


@pytest.mark.parametrize("token", [None, "", "wrong", TOKEN + "x", "ü"])
def test_missing_or_wrong_token_is_refused(client, session, token):
    response = post_json(client, {"finding_id": CC101, "state": "confirmed"}, token=token)
    assert response.status_code == 403
    assert "CSRF" in response.get_json()["error"]
    assert stored(session) == [] and not session.store_path.exists()


@pytest.mark.parametrize("headers", [
    {"Origin": "http://evil.example"},
    {"Origin": "http://localhost:9999"},
    {"Origin": "https://localhost"},
    {"Origin": "null"},  # a sandboxed or file:// page
    {"Referer": "http://evil.example/page"},
    {"Origin": ORIGIN, "Referer": "http://evil.example/"},
    {"Sec-Fetch-Site": "cross-site"},
    {"Sec-Fetch-Site": "same-site", "Origin": ORIGIN},
])
def test_foreign_origin_is_refused_even_with_the_token(client, session, headers):
    response = post_json(client, {"finding_id": CC101, "state": "confirmed"}, **headers)
    assert response.status_code == 403, headers
    assert stored(session) == []


@pytest.mark.parametrize("headers", [
    {},  # a client that sends neither (curl, an old browser): the token is the check
    {"Origin": ORIGIN},
    {"Referer": URL + "#finding-x", "Sec-Fetch-Site": "same-origin"},
    {"Origin": "null", "Sec-Fetch-Site": "same-origin"},  # Chromium's form post from a no-referrer page
])
def test_own_origin_is_accepted(client, headers):
    assert post_json(client, {"finding_id": CC101, "state": "follow-up"}, **headers).status_code == 200


def test_json_must_be_sent_as_json(client, session):
    body = json.dumps({"finding_id": CC101, "state": "confirmed"})
    for content_type in ("text/plain", "application/x-json", None):
        response = client.post("/api/decisions", data=body, content_type=content_type,
                               headers={"X-CSRF-Token": TOKEN})
        assert response.status_code == 415, content_type
    assert stored(session) == []


@pytest.mark.parametrize("body, message", [
    ({"finding_id": "CC101-000000000000", "state": "confirmed"}, "unknown finding id"),
    ({"finding_id": "", "state": "confirmed"}, "unknown finding id"),
    ({"finding_id": CC101, "state": "approved"}, "unknown review state"),
    ({"finding_id": CC101, "state": "undecided"}, "unknown review state"),
    ({"finding_id": CC101}, "unknown review state"),
    ({"finding_id": CC101, "state": "confirmed", "note": 5}, "must be a string"),
    ({"finding_id": CC101, "state": "confirmed", "note": "x" * 10_001}, "too long"),
    (["not", "an", "object"], "JSON object"),
])
def test_invalid_decisions_are_400_with_a_json_error(client, session, body, message):
    response = post_json(client, body)
    assert response.status_code == 400
    assert message in response.get_json()["error"]
    assert stored(session) == []


def test_malformed_json_is_400(client):
    response = client.post("/api/decisions", data="{not json", content_type="application/json",
                           headers={"X-CSRF-Token": TOKEN})
    assert response.status_code == 400 and "error" in response.get_json()


def test_form_post_redirects_back_to_the_finding(client, session):
    form = {"finding_id": CC101, "state": "follow-up", "note": "ask the desk", "reviewer": "bo", "csrf_token": TOKEN}
    response = client.post("/api/decisions", data=form, headers={"Origin": "null", "Sec-Fetch-Site": "same-origin"})
    assert response.status_code == 303
    assert response.headers["Location"] == f"/#finding-{CC101}"
    assert [(d.state, d.note, d.reviewer) for d in stored(session)] == [("follow-up", "ask the desk", "bo")]


def test_form_post_without_the_token_field_is_refused(client, session):
    form = {"finding_id": CC101, "state": "confirmed"}
    assert client.post("/api/decisions", data=form).status_code == 403
    # the JSON header does not stand in for the form field
    assert client.post("/api/decisions", data=form, headers={"X-CSRF-Token": TOKEN}).status_code == 403
    assert stored(session) == []


def test_unexpected_host_is_refused(client):
    """DNS rebinding: a page on evil.example resolved to 127.0.0.1 sends Host: evil.example."""
    response = client.get("/", headers={"Host": "evil.example:8765"})
    assert response.status_code == 400 and TOKEN not in response.get_data(as_text=True)
    assert post_json(client, {"finding_id": CC101, "state": "confirmed"},
                     Host="evil.example").status_code == 400


def test_allowed_hosts():
    assert allowed_hosts_for("127.0.0.1", 8765) == {"127.0.0.1:8765", "localhost:8765", "[::1]:8765"}
    assert "192.168.1.5:80" in allowed_hosts_for("192.168.1.5", 80)
    assert "[::1]:1" in allowed_hosts_for("::1", 1)
    assert allowed_hosts_for("0.0.0.0", 8765) is None and allowed_hosts_for("::", 8765) is None


def test_oversized_body_is_refused(client, session):
    response = post_json(client, {"finding_id": CC101, "state": "confirmed", "note": "x" * 100_000})
    assert response.status_code == 413
    assert stored(session) == []


def test_concurrent_decisions_from_threads_are_all_kept(session):
    """Threads of one server process, each with its own connection: nothing lost."""
    from checker.serve import serve_in_thread

    app = create_app(session, token=TOKEN)
    server, url = serve_in_thread(app)
    ids = list(session.findings)
    errors: list = []

    def worker(n: int) -> None:
        for i in range(15):
            body = {"finding_id": ids[(n + i) % len(ids)], "state": REVIEW_STATES[i % 3], "note": f"w{n}-{i}"}
            request = urllib.request.Request(url + "api/decisions", data=json.dumps(body).encode(),
                                             headers={"Content-Type": "application/json", "X-CSRF-Token": TOKEN})
            try:
                with urllib.request.urlopen(request, timeout=30) as response:
                    assert response.status == 200
            except Exception as exc:  # noqa: BLE001 - collected and reported below
                errors.append(exc)

    try:
        threads = [threading.Thread(target=worker, args=(n,)) for n in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        server.shutdown()
        server.server_close()
    assert errors == []
    with ReviewStore.open(session.store_path, create=False) as store:
        notes = {r.note for r in store.history()}
    assert notes == {f"w{n}-{i}" for n in range(6) for i in range(15)}


# --- the real process -------------------------------------------------------------------------------


def start_server(*args: str, log: Path) -> tuple[subprocess.Popen, str]:
    """`python -m checker serve ...` with its stderr in `log` (a pipe nobody reads could fill up)."""
    err = open(log, "ab")
    proc = subprocess.Popen([sys.executable, "-m", "checker", "serve", *args], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=err, text=True)
    err.close()
    line = proc.stdout.readline().strip()
    if not line.startswith("http://"):
        proc.kill()
        raise AssertionError(f"no URL from check serve: {line!r}; stderr: {log.read_text()}")
    return proc, line


def stop_server(proc: subprocess.Popen, sig: int = signal.SIGTERM) -> int:
    """Stop the server with `sig` and return its exit code; SIGKILL (and fail) if it does not stop."""
    proc.send_signal(sig)
    try:
        return proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        raise AssertionError(f"check serve did not stop on signal {sig}") from None


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read().decode()


def page_token(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def send(url: str, token: str, body: dict, timeout: float = 30) -> dict:
    request = urllib.request.Request(url + "api/decisions", data=json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json", "X-CSRF-Token": token})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        assert response.status == 200
        return json.loads(response.read())


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_server_prints_its_url_and_stops_cleanly(tmp_path, sig):
    store = tmp_path / "reviews.sqlite"
    proc, url = start_server("seeds", "--port", "0", "--reviews", str(store), log=tmp_path / "err.log")
    try:
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+/", url) and not url.endswith(":0/")
        with urllib.request.urlopen(url + "healthz", timeout=10) as response:
            assert response.read() == b"ok"
        started = time.perf_counter()
        with urllib.request.urlopen(url, timeout=10) as response:
            assert response.status == 200 and b"csrf_token" in response.read()
        assert time.perf_counter() - started < 1.0
        send(url, page_token(fetch(url)), {"finding_id": CC101, "state": "confirmed", "note": "n"})
        # a browser keeps its connection open: that must not keep the server from stopping
        kept = http.client.HTTPConnection(urlsplit(url).hostname, urlsplit(url).port, timeout=10)
        kept.request("GET", "/healthz")
        assert kept.getresponse().read() == b"ok"
    finally:
        code = stop_server(proc, sig)
        kept.close()
    assert code == 0
    log = (tmp_path / "err.log").read_text()
    assert "check: stopped" in log and "Traceback" not in log
    assert [r.state for r in ReviewStore.open(store, create=False).all()] == ["confirmed"]


def _wait_for_stop_handlers(proc: subprocess.Popen, timeout: float = 30.0) -> None:
    """Wait until the process catches SIGTERM, i.e. `serve` has installed its start-up handlers.

    A signal that lands while the interpreter is still importing reaches Python's defaults, not the
    command; a fixed sleep raced with the imports on a loaded machine. Linux shows the caught signals
    in /proc/PID/status (SigCgt, a hex mask; bit n-1 is signal n)."""
    status = Path(f"/proc/{proc.pid}/status")
    if not status.exists():
        time.sleep(2.0)
        return
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        caught = next((line.split()[1] for line in status.read_text().splitlines() if line.startswith("SigCgt:")), "0")
        if int(caught, 16) & (1 << (signal.SIGTERM - 1)):
            return
        time.sleep(0.01)
    pytest.fail("the server never installed its stop handlers")


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_while_starting_stops_cleanly_too(tmp_path, sig):
    proc = subprocess.Popen([sys.executable, "-m", "checker", "serve", "seeds", "--port", "0", "--reviews",
                             str(tmp_path / "reviews.sqlite")], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    _wait_for_stop_handlers(proc)  # then checking the articles still takes a second or more
    proc.send_signal(sig)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    assert out == "" and err.splitlines()[-1] == "check: stopped"
    assert not (tmp_path / "reviews.sqlite").exists()


def test_default_store_is_next_to_the_articles_and_created_on_first_decision(tmp_path):
    import shutil

    corpus = tmp_path / "stories"
    shutil.copytree(SEEDS, corpus)
    proc, url = start_server(str(corpus), "--port", "0", log=tmp_path / "err.log")
    try:
        assert not (corpus / ".claimcheck").exists()
        assert urllib.request.urlopen(url, timeout=10).status == 200
        assert not (corpus / ".claimcheck").exists()  # reading the page creates nothing
        send(url, page_token(fetch(url)), {"finding_id": CC101, "state": "confirmed"})
        assert (corpus / ".claimcheck" / "reviews.sqlite").is_file()
    finally:
        assert stop_server(proc) == 0


def test_missing_path_exits_2_with_one_line(tmp_path):
    result = subprocess.run([sys.executable, "-m", "checker", "serve", str(tmp_path / "nowhere"), "--port", "0"],
                            cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("check: error:") and "nowhere" in lines[0]


def test_port_in_use_exits_2_with_one_line(capsys):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert cli.main(["serve", str(SEEDS), "--port", str(port), "-q"]) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and err[0].startswith(f"check: error: cannot listen on 127.0.0.1:{port}")


def test_a_file_that_is_not_a_store_exits_2(tmp_path, capsys):
    bogus = tmp_path / "notes.sqlite"
    bogus.write_text("not a database")
    assert cli.main(["serve", str(SEEDS), "--reviews", str(bogus), "--port", "0"]) == 2
    assert "not a review store" in capsys.readouterr().err


def test_serve_is_a_subcommand():
    assert cli.app_for(["serve", "x"]) is cli.common.sub_app
    assert cli.app_for(["./serve"]) is cli.check.check_app


# --- kill -9 ----------------------------------------------------------------------------------------

KILL_ROUNDS = 10  # in two lanes of five, each lane with its own store, to halve the wall time
LANES = 2
KILL_CORPUS = {  # two short articles that conflict on the place: quick to start, one finding
    "a.txt": "Leaders meet\n\nSEOUL — South Korean President Lee Jae-myung met Japanese Prime Minister "
             "Shigeru Ishiba in Seoul on Tuesday, March 4, 2025.\n",
    "b.txt": "Leaders meet\n\nSouth Korean President Lee Jae-myung met Japanese Prime Minister Shigeru Ishiba "
             "in Busan on Tuesday, March 4, 2025.\n",
}


def kill_lane(folder: Path, rounds: int, seed: int) -> list[int]:
    """`rounds` times: start the server, fire decisions from a thread (recording every one answered
    200), SIGKILL the server at a random moment; each restart checks the store. Returns how many
    decisions were answered in each round."""
    store = folder / "reviews.sqlite"
    log = folder / "err.log"
    rng = random.Random(seed)
    acked: list[dict] = []  # every decision answered 200, in order
    counter = iter(range(10**9))
    answered = []

    def verify(url: str) -> None:
        with ReviewStore.open(store, create=False) as s:
            assert s.integrity_check() == "ok"
            history = {(r.finding_id, r.state, r.note) for r in s.history()}
            current = {r.finding_id: r for r in s.all()}
        missing = [a for a in acked if (a["finding_id"], a["state"], a["note"]) not in history]
        assert missing == [], f"{len(missing)} acknowledged decisions lost, e.g. {missing[:3]}"
        last = {a["finding_id"]: a for a in acked}
        for fid, a in last.items():  # the current decision is the last answered one, or one made after it
            assert int(current[fid].note.split("-")[1]) >= int(a["note"].split("-")[1])
        with urllib.request.urlopen(url + "api/decisions", timeout=10) as response:  # the restarted server
            served = {d["finding_id"]: d["note"] for d in json.load(response)["decisions"]}
        assert served == {fid: r.note for fid, r in current.items()}

    def fire(url, token, ids, rnd, first, stop, count) -> None:
        while not stop.is_set():
            n = next(counter)
            body = {"finding_id": ids[n % len(ids)], "state": REVIEW_STATES[n % 3], "note": f"r{rnd}-{n}",
                    "reviewer": "k"}
            try:
                answer = send(url, token, body, timeout=10)
            except (urllib.error.URLError, http.client.HTTPException, OSError):
                return  # the server is gone (no answer: the decision may or may not be kept)
            if answer.get("note") != body["note"]:
                return
            acked.append(body)
            count[0] += 1
            first.set()

    for rnd in range(rounds + 1):
        proc, url = start_server(str(folder / "corpus"), "--port", "0", "--reviews", str(store), "-q", log=log)
        try:
            if acked:
                verify(url)
            if rnd == rounds:
                break
            html = fetch(url)
            token = page_token(html)
            ids = list(dict.fromkeys(re.findall(r'data-finding="([^"]+)"', html)))
            assert ids, "the kill corpus must have a finding"
            first, stop, count = threading.Event(), threading.Event(), [0]
            thread = threading.Thread(target=fire, args=(url, token, ids, rnd, first, stop, count))
            thread.start()
            assert first.wait(30), log.read_text()
            time.sleep(rng.uniform(0.0, 0.4))
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=15)
            stop.set()
            thread.join(timeout=60)
            assert not thread.is_alive()
            answered.append(count[0])
        finally:
            if proc.poll() is None:
                assert stop_server(proc) == 0
            proc.stdout.close()
    return answered


def test_decisions_survive_kill_9_of_the_server(tmp_path):
    """Every decision the server answered 200 survives SIGKILL at a random moment, and the store
    passes PRAGMA integrity_check after every kill."""
    from concurrent.futures import ThreadPoolExecutor

    lanes = []
    for lane in range(LANES):
        corpus = tmp_path / f"lane{lane}" / "corpus"
        corpus.mkdir(parents=True)
        for name, text in KILL_CORPUS.items():
            (corpus / name).write_text(text, encoding="utf-8")
        lanes.append(corpus.parent)
    with ThreadPoolExecutor(LANES) as pool:
        futures = [pool.submit(kill_lane, folder, KILL_ROUNDS // LANES, 20261122 + i) for i, folder in enumerate(lanes)]
        answered = [n for f in futures for n in f.result()]
    assert len(answered) == KILL_ROUNDS and all(n >= 1 for n in answered)
    print(f"kill -9: {answered} decisions answered before each of {KILL_ROUNDS} kills; all present")
