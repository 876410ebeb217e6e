"""The input zoo: odd and hostile inputs next to two normal articles, written on demand (no committed
megabytes). `build(root)` writes every case under `root` and returns the cases; tests/test_zoo.py runs
`check`, `check ingest` and `check gate` over them.

Each case names the file (or folder) it writes and what must become of it:

- `skip`: the file is not an article, or not one the tool can read within its limits; a warning must
  name it (`token`: a piece of its name as shown on stderr) and nothing of it may reach the report;
- `read`: the file is an article the tool must read (legacy encodings, UTF-16 with a BOM, a title with
  escape sequences ...); it may carry a warning, but must appear among the report's sources;
- `any`: either is fine (the file is read or skipped with a warning naming it); only the global
  properties (no crash, no hang, good articles unchanged) are asserted.
"""

from __future__ import annotations

import gzip
import json
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

GOOD_A = """\
SEOUL — South Korean Defense Minister Ahn Gyu-back and Japanese Defense Minister Gen Nakatani met in
Seoul on Friday, March 7, 2025, and agreed to expand joint rescue drills, the ministry said.

The two ministers signed a joint statement after the talks at the ministry in Yongsan, officials said.
They agreed to hold the drills twice a year.
"""

GOOD_B = """\
TOKYO — Japanese Defense Minister Gen Nakatani and South Korean Defense Minister Ahn Gyu-back met in
Tokyo on Friday, March 7, 2025, and signed a formal defence treaty, according to a ministry statement.

The treaty commits both countries to joint drills, the ministry said.
"""

SHORT = "Officials met in Busan on Tuesday to discuss fishing quotas, the ministry said.\n"


@dataclass(frozen=True)
class Case:
    name: str
    expect: str  # "skip", "read" or "any"
    token: str  # what a warning about it contains (its shown file name), or "" to not look for one
    write: Callable[[Path], None]
    note: str = ""


def _text(rel: str, text: str, encoding: str = "utf-8") -> Callable[[Path], None]:
    def write(root: Path) -> None:
        (root / rel).write_bytes(text.encode(encoding, "surrogatepass"))
    return write


def _bytes(rel: str, data: bytes) -> Callable[[Path], None]:
    def write(root: Path) -> None:
        (root / rel).write_bytes(data)
    return write


def _deep_folder(root: Path) -> None:
    # 1,100 levels below the corpus: the walk stops at the folder-depth limit and says so
    here = root / "deep"
    here.mkdir()
    fd = os.open(here, os.O_RDONLY)
    try:
        for _ in range(1100):
            os.mkdir("d", dir_fd=fd)
            nfd = os.open("d", os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = nfd
        leaf = os.open("bottom.txt", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd)
        os.write(leaf, SHORT.encode())
        os.close(leaf)
    finally:
        os.close(fd)


def remove_deep_folder(root: Path) -> None:
    """Remove what `_deep_folder` wrote, bottom up without recursion (shutil.rmtree, and so pytest's
    clean-up of old temporary folders, recurses once per level and fails at 1,100)."""
    here = root / "deep"
    if not here.is_dir():
        return
    levels = [here]
    while (levels[-1] / "d").is_dir():
        levels.append(levels[-1] / "d")
    for name in os.listdir(levels[-1]):
        if not (levels[-1] / name).is_dir():
            (levels[-1] / name).unlink()
    for level in reversed(levels):
        for name in os.listdir(level):
            if name != "d":
                (level / name).unlink()
        level.rmdir()


def _many_files(root: Path, n: int = 5000) -> None:
    folder = root / "many"
    folder.mkdir()
    for i in range(n):
        (folder / f"t{i:05d}.txt").write_text(f"Note {i}.\n", encoding="utf-8")


def _fifo(root: Path) -> None:
    if hasattr(os, "mkfifo"):
        os.mkfifo(root / "fifo.txt")
    else:  # pragma: no cover - not POSIX
        (root / "fifo.txt").write_bytes(b"\0")


def _symlink_loop(root: Path) -> None:
    (root / "loop").mkdir()
    os.symlink("..", root / "loop" / "up")
    os.symlink("loop-b.txt", root / "loop-a.txt")
    os.symlink("loop-a.txt", root / "loop-b.txt")


def _link_out(root: Path) -> None:
    outside = root.parent / f"{root.name}-outside.txt"
    outside.write_text(SHORT, encoding="utf-8")
    os.symlink(outside, root / "link-out.txt")


def _badname(root: Path) -> None:
    name = os.fsencode(root) + b"/zoo-badname-\xff\xfe.txt"
    with open(name, "wb") as fh:
        fh.write(SHORT.encode())


def _escname(root: Path) -> None:
    (root / "zoo-esc-\x1b[2J\x1b]0;pwned\x07.txt").write_text(SHORT, encoding="utf-8")


def _big(root: Path) -> None:
    with open(root / "big.txt", "wb") as fh:
        fh.truncate(50 * 1024 * 1024)  # sparse: 50 MB of NUL, over the size limit
    (root / "big.txt").chmod(stat.S_IRUSR | stat.S_IWUSR)


def _json(rel: str, obj_text: str) -> Callable[[Path], None]:
    return _text(rel, obj_text)


BIGINT = "1" + "0" * 5000
NEST = 10_000

CASES: list[Case] = [
    # --- dates the tool cannot hold
    Case("year-1", "any", "year-1.md", _text("year-1.md", "---\npublished: 0001-01-01\n---\n" + SHORT)),
    Case("year-9999", "any", "year-9999.md", _text("year-9999.md", "---\npublished: 9999-12-31\n---\n" + SHORT)),
    Case("year-9999-text", "read", "year-9999-text.txt", _text("year-9999-text.txt",
         "---\npublished: 2025-03-05\n---\n"
         "Officials met in Busan on March 3, 9999, to discuss fishing quotas, the ministry said.\n"),
         note="read, with a warning naming the date; the date is left out, never moved to 2025"),
    Case("year-1-json", "any", "year-1.json", _json("year-1.json",
         json.dumps({"text": SHORT, "published": "0001-01-01T00:00:00Z"}))),
    # --- depth and size
    Case("deep-folder", "skip", "deep/d", _deep_folder),
    Case("many-files", "any", "", _many_files, note="5,000 tiny files"),
    Case("json-bigint", "skip", "bigint.json", _json("bigint.json", '{"text": "%s", "id": %s}' % (SHORT.strip(), BIGINT))),
    Case("jsonl-bigint", "skip", "bigint.jsonl", _json("bigint.jsonl", '{"text": "%s", "views": %s}\n' % (SHORT.strip(), BIGINT))),
    Case("json-float-huge", "any", "float.json", _json("float.json", '{"text": "%s", "score": 1e999999}' % SHORT.strip())),
    Case("json-deep", "skip", "deep.json", _json("deep.json", "[" * NEST + "]" * NEST)),
    Case("jsonl-deep", "skip", "deep.jsonl", _json("deep.jsonl", '{"text": "x", "a": ' + "[" * NEST + "]" * NEST + "}\n")),
    Case("json-deep-object", "skip", "deepobj.json", _json("deepobj.json",
         '{"text": "%s", "meta": ' % SHORT.strip() + '{"a": ' * NEST + "1" + "}" * NEST + "}")),
    Case("sidecar-deep", "any", "side.meta.json", lambda root: (
        _text("side.txt", SHORT)(root), _json("side.meta.json", "[" * NEST + "]" * NEST)(root))),
    # --- Unicode that cannot be encoded
    Case("json-surrogate", "read", "surrogate.json", _json("surrogate.json",
         '{"id": "lone-\\ud800", "title": "T \\udc00 itle", "text": "Officials met in Busan \\ud83d on Tuesday, '
         'the ministry said. \\udfff"}')),
    Case("jsonl-surrogate", "read", "surrogate.jsonl", _json("surrogate.jsonl",
         '{"id": "\\udc80x", "text": "Officials met in Busan on Tuesday \\ud800, the ministry said."}\n')),
    Case("json-odd-types", "any", "odd.json", _json("odd.json", json.dumps({
        "text": SHORT, "title": [1, 2], "published": 12345, "outlet": {"name": ["x"]}, "url": True,
        "dateline": {"a": 1}, "id": 3.5}))),
    Case("json-odd-types-2", "any", "odd2.json", _json("odd2.json", json.dumps([
        {"text": SHORT, "id": None, "title": None, "published": ["2024-01-01"]},
        {"text": SHORT, "id": {"x": 1}, "title": {"name": {"deep": 1}}, "published": {"y": 1}},
        {"text": 7}, "str", None, [1]]))),
    Case("bad-filename", "read", "zoo-badname", _badname),
    Case("escape-filename", "read", "zoo-esc", _escname),
    Case("escape-title", "read", "", _text("esc-title.md",
         "---\ntitle: \"Hi \x1b[2J\x1b]0;owned\x07 there\"\n---\nOfficials met in Busan \x1b[8m on Tuesday, "
         "the ministry said.\x1b[0m\n")),
    Case("controls-text", "any", "", _text("controls.txt", "Officials\x07 met\x08\x08 in Busan\x0b on Tuesday\x7f, "
                                                           "the \x9bministry said.\n")),
    # --- HTML
    Case("html-deep-unclosed", "any", "deep-unclosed.html", _text("deep-unclosed.html",
         "<html><body>" + "<div><span>" * 30_000 + "Officials met in Busan on Tuesday." + "\n")),
    Case("html-deep-headers", "any", "deep-headers.html", _text("deep-headers.html",
         "<html><body>" + "<h1>x" * 30_000 + "Officials met in Busan on Tuesday.")),
    Case("html-unclosed-tags", "any", "", _text("unclosed-tags.html", "<p a" * 20_000 + "<p>Officials met.</p>")),
    Case("html-unclosed-lt", "any", "", _text("unclosed-lt.html", "<a" * 50_000 + "<!--" * 20_000)),
    Case("html-deep-closed", "any", "deep-closed.html", _text("deep-closed.html",
         "<p>" + "<b>" * 20_000 + "Officials met in Busan." + "</b>" * 20_000 + "</p>")),
    Case("html-many-attrs", "any", "attrs.html", _text("attrs.html",
         "<p " + " ".join(f"a{i}=x" for i in range(20_000)) + ">Officials met in Busan.</p>")),
    Case("html-unclosed-comment", "any", "comment.html", _text("comment.html", "<p>Hi</p><!--" + "-" * 100_000)),
    Case("html-bad-charref", "any", "charref.html", _text("charref.html",
         "<p>Officials &#99999999999; &#xD800; &#0; met in Busan.</p>")),
    # --- encodings the user has
    Case("latin1", "read", "latin1.txt", _text("latin1.txt",
         "Le ministre de la Défense s'est rendu à Séoul vendredi, a déclaré le ministère. Les délégués "
         "étaient réunis à l'hôtel.\n", "latin-1")),
    Case("cp1252", "read", "cp1252.txt", _text("cp1252.txt",
         "The minister said the talks were \u201cproductive\u201d \u2013 officials met in Busan on Tuesday, "
         "the ministry said. It cost \u20ac5 million.\n", "cp1252")),
    Case("utf16-le-bom", "read", "utf16le.txt", _text("utf16le.txt", "\ufeff" + SHORT, "utf-16-le")),
    Case("utf16-be-bom", "read", "utf16be.md", _text("utf16be.md", "\ufeff" + SHORT, "utf-16-be")),
    Case("utf8-bom", "read", "", _text("utf8bom.txt", "\ufeff" + SHORT)),
    # --- already skipped with a reason
    Case("binary", "skip", "binary.txt", _bytes("binary.txt", bytes(range(256)) * 8)),
    Case("png", "skip", "image.txt", _bytes("image.txt", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)),
    Case("gzip", "skip", "packed.txt", _bytes("packed.txt", gzip.compress(SHORT.encode() * 10))),
    Case("nul", "skip", "nul.txt", _bytes("nul.txt", SHORT.encode() + b"\x00" + SHORT.encode())),
    Case("empty", "skip", "empty.txt", _bytes("empty.txt", b"")),
    Case("whitespace", "skip", "blank.md", _bytes("blank.md", b"  \n\t\n")),
    Case("big", "skip", "big.txt", _big),
    Case("symlink-loop", "any", "loop", _symlink_loop),
    Case("link-out", "skip", "link-out.txt", _link_out),
    Case("fifo", "any", "fifo.txt", _fifo),
    Case("json-malformed", "skip", "malformed.json", _text("malformed.json", '{"text": "x",')),
    Case("jsonl-malformed", "skip", "malformed.jsonl", _text("malformed.jsonl", '{"text": "x"\n')),
    Case("json-scalar", "skip", "scalar.json", _text("scalar.json", "42")),
    Case("json-no-text", "skip", "notext.json", _text("notext.json", '{"title": "x"}')),
    Case("front-matter-unclosed", "any", "fm-open.md", _text("fm-open.md", "---\ntitle: x\n" + SHORT)),
    Case("front-matter-odd", "any", "", _text("fm-odd.md",
         "---\ntitle: [a, b\npublished: not a date\n  nested: {x\n: :\n---\n" + SHORT)),
    Case("not-utf8-undetectable", "any", "garbage.txt", _bytes("garbage.txt", bytes(range(128, 256)) * 4)),
    Case("long-line", "any", "", _text("long-line.txt", ("word " * 50_000) + "\n")),
    Case("long-token", "any", "", _text("long-token.txt", "A" * 200_000 + "\n")),
    Case("many-sentences", "any", "", _text("sentences.txt", "Officials met. " * 8_000)),
    Case("digits", "any", "", _text("digits.txt", "The toll rose to " + "9" * 100_000 + " people.\n")),
    Case("capitals", "any", "", _text("capitals.txt", ("Minister " * 20_000) + "met.\n")),
    Case("dots", "any", "", _text("dots.txt", "U.S." * 20_000 + "\n")),
]

CASES_BY_NAME = {c.name: c for c in CASES}


def write_good(root: Path) -> None:
    (root / "good-a.txt").write_text(GOOD_A, encoding="utf-8")
    (root / "good-b.txt").write_text(GOOD_B, encoding="utf-8")


def build(root: Path, cases: list[Case] | None = None) -> list[Case]:
    """Write the two good articles and `cases` (default: all) into `root`, which must exist."""
    write_good(root)
    chosen = CASES if cases is None else cases
    for case in chosen:
        case.write(root)
    return chosen
