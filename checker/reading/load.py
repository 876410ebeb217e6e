"""Read articles from files and folders into `Source` records.

Why this module exists: every later stage works on character offsets into `Source.text`, so this is
the one place that decides what the text *is* (decoding, newline normalisation, HTML to visible
text, front matter removed) and what is known about it (metadata from the file, a sidecar or a
folder-level `metadata.json`). Problems with single files become warnings so one bad file does not
stop a run; only a missing path or an empty result raises `InputError`. Formats are described in
docs/input-formats.md.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field, replace
from datetime import date
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from typing import Any, Sequence

from checker.model import InputError, LoadResult, Metadata, Source
from checker.reading.decode import Decoded, DecodeError, decode_bytes
from checker.reading.limits import DocumentTimeout, time_limit
from checker.reading.webpage import keep_main_lines, main_content, page_date, parse_date

TEXT_SUFFIXES = {".txt", ".text"}
MARKDOWN_SUFFIXES = {".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSON_SUFFIXES = {".json"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
ARTICLE_SUFFIXES = TEXT_SUFFIXES | MARKDOWN_SUFFIXES | HTML_SUFFIXES | JSON_SUFFIXES | JSONL_SUFFIXES

# Files in a folder with these suffixes are clearly not articles (media, fonts, archives, build
# junk) and are skipped without a warning; any other unsupported file in a folder is warned about,
# because it may be an article the user expected to be read (.pdf, .docx, .rtf, .csv, ...).
QUIET_SUFFIXES = {
    ".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".bmp", ".tif", ".tiff", ".ico", ".heic",
    ".avif", ".mp3", ".wav", ".ogg", ".m4a", ".flac", ".mp4", ".mov", ".avi", ".mkv", ".webm",
    ".woff", ".woff2", ".ttf", ".otf", ".eot", ".css", ".js", ".map", ".zip", ".gz", ".tgz",
    ".bz2", ".xz", ".7z", ".tar", ".pyc", ".pyo", ".swp", ".tmp", ".bak", ".lock",
}

SIDECAR_SUFFIX = ".meta.json"
FOLDER_METADATA = "metadata.json"
TEXT_FIELDS = ("text", "body", "content")

# Limits that keep a run bounded whatever the input (docs/input-formats.md, "Limits"); each one hit is
# a warning naming the file or folder.
MAX_FOLDER_DEPTH = 64  # folders below an input folder; deeper ones are not walked
MAX_FILES = 100_000  # files found under the inputs; the walk stops there
MAX_JSON_DEPTH = 64  # nesting of arrays and objects in a JSON article or metadata file
MAX_JSON_DIGITS = 100  # digits of one number in JSON (a 5,000-digit integer is not an article's field)
MAX_HTML_DEPTH = 256  # open elements; tags nested deeper are ignored (their text is kept)
PUBLISHED_YEARS = (1000, 8999)  # a publication date outside these years is ignored with a warning

# Metadata field -> accepted keys, first present wins. Shared by front matter, sidecars and JSON.
FIELD_KEYS = {
    "title": ("title", "headline"),
    "outlet": ("outlet", "source", "publisher", "site_name", "site"),
    "url": ("url", "link", "canonical_url"),
    "published": ("published", "date", "published_at", "publication_date", "datePublished"),
    "dateline": ("dateline",),
}


@dataclass
class _Candidate:
    """A file found on disk, before it is read."""

    display: str  # the path as the user would recognise it (POSIX form)
    real: str  # resolved path, for de-duplication
    is_link: bool
    root: Path | None  # the input folder it was found in (None when given directly)
    direct: bool  # named on the command line rather than found in a folder


@dataclass
class _Article:
    base_id: str
    display: str
    text: str
    meta: dict[str, Any]
    meta_origin: str  # file name to blame for a bad date
    order: int = 0  # record number inside a JSON file, for stable sorting
    overrides: list[tuple[dict[str, Any], str]] = field(default_factory=list)
    encoding: Decoded | None = None  # how the file was decoded, when it was not plain UTF-8


def load_corpus(paths: Sequence[str | Path], *, max_bytes: int = 5_000_000, stdin: str | None = None) -> LoadResult:
    """Read every article under `paths`; return sources sorted by id plus warnings. A path `-` is the
    text `stdin`: one article in any input format, or JSON Lines (see `read_stdin`).

    Raises InputError for a missing path or when nothing readable remains.
    """
    if not paths:
        raise InputError("no input paths given")
    warnings: list[str] = []
    candidates: list[_Candidate] = []
    for given in paths:
        if str(given) != "-":
            candidates.extend(_expand(given, warnings))
    candidates = _dedupe(candidates)

    sidecars = {c.real for c in candidates if _is_sidecar(c.display)}
    articles: list[_Article] = []
    folder_meta_cache: dict[str, dict[str, Any] | None] = {}
    used_sidecars: set[str] = set()
    for cand in candidates:
        name = PurePosixPath(cand.display).name
        if _is_sidecar(cand.display):
            if cand.direct:
                warnings.append(f"{cand.display}: skipped: metadata sidecar, not an article")
            continue
        suffix = _suffix(name)
        if suffix not in ARTICLE_SUFFIXES:
            if cand.direct or suffix not in QUIET_SUFFIXES:
                shown = suffix or "no extension"
                warnings.append(f"{cand.display}: skipped: unsupported format ({shown})")
            continue
        try:  # one bad file never costs the others, whatever goes wrong with it
            with time_limit():
                found = _read_file(cand, suffix, max_bytes, warnings)
            if suffix not in JSON_SUFFIXES | JSONL_SUFFIXES:
                for art in found:
                    _attach_sidecars(art, cand, folder_meta_cache, used_sidecars, warnings)
        except DocumentTimeout as exc:
            warnings.append(f"{cand.display}: skipped: reading it {exc}")
            continue
        except Exception as exc:  # noqa: BLE001
            warnings.append(f"{cand.display}: skipped: could not be read ({type(exc).__name__}: {exc})")
            continue
        articles.extend(found)

    if any(str(given) == "-" for given in paths):
        articles.extend(read_stdin(stdin or "", warnings))
    _warn_orphans(candidates, sidecars, used_sidecars, folder_meta_cache, warnings)
    sources = _finish(articles, warnings)
    # grouped by file, so the order does not depend on the order of `paths`
    warnings.sort(key=lambda w: w.split(": ", 1)[0])
    if not sources:
        shown = ", ".join(str(p) for p in paths)
        detail = f" ({'; '.join(warnings[:3])}{'; ...' if len(warnings) > 3 else ''})" if warnings else ""
        raise InputError(f"no readable articles in {shown}{detail}")
    return LoadResult(sources=tuple(sources), warnings=tuple(warnings))


def load_jsonl_text(text: str, display: str = "<stdin>") -> LoadResult:
    """Articles from JSON Lines text that did not come from a file (a pipeline's stdin): one object per
    line, as in a .jsonl file; ids come from each record's `id`, else `<display>-<line number>`."""
    warnings: list[str] = []
    stem = display.strip("<>") or "stdin"
    sources = _finish(_read_records(display, stem, text, True, warnings), warnings)
    if not sources:
        detail = f" ({'; '.join(warnings[:3])}{'; ...' if len(warnings) > 3 else ''})" if warnings else ""
        raise InputError(f"no readable articles in {display}{detail}")
    return LoadResult(sources=tuple(sources), warnings=tuple(warnings))


def read_stdin(text: str, warnings: list[str], display: str = "<stdin>") -> list[_Article]:
    """Standard input is one article whose format is told by its content, since it has no suffix:
    JSON Lines when every line is a JSON object, a JSON article when it is one object, HTML when it
    starts like a page, Markdown with front matter when it starts with `---`, plain text otherwise."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        warnings.append(f"{display}: skipped: empty")
        return []
    lines = [line for line in text.split("\n") if line.strip()]
    head = text.lstrip()[:200].lower()
    if all(line.lstrip().startswith("{") for line in lines) and len(lines) > 1:
        return _read_records(display, "stdin", text, True, warnings)
    if head.startswith("{"):
        return _read_records(display, "stdin", text, False, warnings)
    meta: dict[str, Any] = {}
    if head.startswith(("<!doctype html", "<html", "<head", "<body", "<article", "<?xml")):
        meta, text = _html_to_text(text)
    elif head.startswith("---"):
        meta, text = _front_matter(text, display, warnings)
    if not text.strip():
        warnings.append(f"{display}: skipped: no visible text")
        return []
    return [_Article("stdin", display, text, meta, display)]


# --- finding files ------------------------------------------------------------------------------


def _expand(given: str | Path, warnings: list[str]) -> list[_Candidate]:
    """Files named by one input path: the file itself, or a folder walked recursively."""
    shown = Path(given).as_posix()
    path = Path(given)
    if not path.exists():  # also true for a dangling symlink
        raise InputError(f"{shown}: no such file or directory")
    if path.is_file():
        return [_Candidate(_shown(shown), os.path.realpath(path), path.is_symlink(), None, True)]
    if not path.is_dir():
        raise InputError(f"{shown}: not a regular file or directory")
    root = Path(os.path.realpath(path))
    found: list[_Candidate] = []
    _walk(path, PurePosixPath(shown), root, shown, {str(root)}, found, warnings)
    if len(found) >= MAX_FILES:
        warnings.append(f"{_shown(shown)}: stopped after {MAX_FILES} files (the limit); later files are not read")
    return found


def _walk(folder: Path, shown: PurePosixPath, root: Path, root_shown: str, seen_dirs: set[str],
          found: list[_Candidate], warnings: list[str], depth: int = 0) -> None:
    """Recursive walk that follows only symlinks staying inside `root`; `seen_dirs` stops loops.
    At most MAX_FOLDER_DEPTH folders deep and MAX_FILES files, each limit a warning when hit."""
    if depth > MAX_FOLDER_DEPTH:
        warnings.append(f"{_shown(shown.as_posix())}: skipped: folder more than {MAX_FOLDER_DEPTH} levels "
                        f"below {root_shown} (the limit)")
        return
    if len(found) >= MAX_FILES:
        return
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        warnings.append(f"{shown.as_posix()}: skipped: cannot list folder ({exc.strerror})")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if len(found) >= MAX_FILES:
            return  # _expand says so, once
        display = _shown((shown / entry.name).as_posix())
        link = entry.is_symlink()
        real = os.path.realpath(entry.path)
        if link:
            if not os.path.exists(real):
                warnings.append(f"{display}: skipped: dangling symbolic link")
                continue
            if not _inside(real, root):
                warnings.append(f"{display}: skipped: symbolic link leads outside {root_shown}")
                continue
        if os.path.isdir(real):
            if real in seen_dirs:
                continue  # a link back into a folder already walked: a loop or a duplicate
            seen_dirs.add(real)
            _walk(Path(entry.path), shown / entry.name, root, root_shown, seen_dirs, found, warnings, depth + 1)
        elif os.path.isfile(real):
            found.append(_Candidate(display, real, link, root, False))


def _shown(path: str) -> str:
    """A path as text that can be printed and stored: bytes of a file name that are not UTF-8 (which
    Python keeps as lone surrogates) are written as `\\xff`."""
    try:
        return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:
        return path.encode("utf-8", "backslashreplace").decode("utf-8")


def _inside(real: str, root: Path) -> bool:
    try:
        Path(real).relative_to(root)
        return True
    except ValueError:
        return False


def _dedupe(cands: list[_Candidate]) -> list[_Candidate]:
    """One candidate per real file: prefer the non-link path, then the smallest display path."""
    best: dict[str, _Candidate] = {}
    for c in sorted(cands, key=lambda c: (c.is_link, c.display)):
        if c.real not in best:
            best[c.real] = c
        elif c.direct and not best[c.real].direct:
            best[c.real].direct = True  # named explicitly: keep warnings about it
    return sorted(best.values(), key=lambda c: c.display)


def _suffix(name: str) -> str:
    return PurePosixPath(name).suffix.lower()


def _is_sidecar(display: str) -> bool:
    name = PurePosixPath(display).name.lower()
    return name.endswith(SIDECAR_SUFFIX) or name == FOLDER_METADATA


# --- reading one file ---------------------------------------------------------------------------


def _read_file(cand: _Candidate, suffix: str, max_bytes: int, warnings: list[str]) -> list[_Article]:
    """Decode one file and parse it by format; problems become warnings and an empty list."""
    decoded_as: list[Decoded] = []
    text = _read_text(cand.display, cand.real, max_bytes, warnings, decoded_as)
    if text is None:
        return []
    if decoded_as:
        return [replace(a, encoding=decoded_as[0]) for a in _parse_file(cand, suffix, text, warnings)]
    return _parse_file(cand, suffix, text, warnings)


def _parse_file(cand: _Candidate, suffix: str, text: str, warnings: list[str]) -> list[_Article]:
    stem = PurePosixPath(cand.display).name[: -len(suffix)] if suffix else cand.display
    if suffix in JSON_SUFFIXES | JSONL_SUFFIXES:
        return _read_records(cand.display, stem, text, suffix in JSONL_SUFFIXES, warnings)
    meta: dict[str, Any] = {}
    if suffix in MARKDOWN_SUFFIXES:
        meta, text = _front_matter(text, cand.display, warnings)
    elif suffix in HTML_SUFFIXES:
        meta, text = _html_to_text(text, warnings, cand.display)
    if not text.strip():
        reason = "no visible text" if suffix in HTML_SUFFIXES else "empty"
        warnings.append(f"{cand.display}: skipped: {reason}")
        return []
    return [_Article(stem, cand.display, text, meta, cand.display)]


def _read_text(display: str, real: str, max_bytes: int, warnings: list[str],
               decoded_as: list[Decoded] | None = None) -> str | None:
    """The file's text with newlines normalised, or None after a warning; a file that was not plain
    UTF-8 appends how it was decoded to `decoded_as` (checker.reading.decode)."""
    try:
        size = os.path.getsize(real)
        if size > max_bytes:
            warnings.append(f"{display}: skipped: {size} bytes is over the {max_bytes}-byte limit")
            return None
        with open(real, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        warnings.append(f"{display}: skipped: cannot read ({exc.strerror})")
        return None
    try:
        decoded = decode_bytes(data)  # UTF-8, a byte-order mark's encoding, or a detected legacy one
    except DecodeError as exc:
        warnings.append(f"{display}: skipped: {exc}")
        return None
    if decoded.noted and decoded_as is not None:
        decoded_as.append(decoded)
    text = decoded.text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        warnings.append(f"{display}: skipped: empty")
        return None
    return text


def _read_records(display: str, stem: str, text: str, lines: bool,
                  warnings: list[str]) -> list[_Article]:
    """JSON (one object or a list) or JSON Lines: one article per object with a text field."""
    records: list[tuple[int, int, Any]] = []  # (position for messages, ordinal for ids, value)
    replaced = [0]  # lone surrogates replaced in the file's strings
    if lines:
        ordinal = 0
        for lineno, line in enumerate(text.split("\n"), 1):
            if not line.strip():
                continue
            ordinal += 1  # counts malformed lines too, so later ids do not shift when one is fixed
            try:
                records.append((lineno, ordinal, _bounded_json(line, replaced)))
            except json.JSONDecodeError as exc:
                warnings.append(f"{display}: line {lineno}: skipped: malformed JSON ({exc.msg})")
            except JSONLimit as exc:
                warnings.append(f"{display}: line {lineno}: skipped: {exc}")
        where = "line"
    else:
        try:
            data = _bounded_json(text, replaced)
        except json.JSONDecodeError as exc:
            warnings.append(f"{display}: skipped: malformed JSON ({exc.msg} at line {exc.lineno})")
            return []
        except JSONLimit as exc:
            warnings.append(f"{display}: skipped: {exc}")
            return []
        if isinstance(data, dict):
            records = [(0, 0, data)]
        elif isinstance(data, list):
            records = [(i, i, rec) for i, rec in enumerate(data, 1)]
        else:
            warnings.append(f"{display}: skipped: JSON is neither an object nor a list of objects")
            return []
        where = "record"
    out: list[_Article] = []
    for pos, n, rec in records:
        label = f"{display}: {where} {pos}" if pos else display
        if not isinstance(rec, dict):
            warnings.append(f"{label}: skipped: not a JSON object")
            continue
        body = next((rec[k] for k in TEXT_FIELDS if isinstance(rec.get(k), str) and rec[k].strip()), None)
        if body is None:
            warnings.append(f"{label}: skipped: no text field ({'|'.join(TEXT_FIELDS)})")
            continue
        body = body.replace("\r\n", "\n").replace("\r", "\n")
        rid = rec.get("id")
        if isinstance(rid, (str, int)) and not isinstance(rid, bool) and str(rid).strip():
            base = str(rid).strip()
        else:
            base = stem if pos == 0 else f"{stem}-{n}"
        out.append(_Article(base, display, body, rec, label, order=n))
    if replaced[0]:
        warnings.append(f"{display}: {replaced[0]} lone surrogate escape(s) (half of a UTF-16 pair, not a "
                        "character) replaced with U+FFFD")
    return out


class JSONLimit(ValueError):
    """JSON beyond the loader's limits (MAX_JSON_DEPTH, MAX_JSON_DIGITS); the message says which."""


_SURROGATE = re.compile("[\ud800-\udfff]")


def _bounded_json(text: str, replaced: list[int] | None = None) -> Any:
    """`json.loads` within the limits: numbers of at most MAX_JSON_DIGITS digits (Python refuses to
    convert over 4,300 and the conversion is quadratic), nesting of at most MAX_JSON_DEPTH levels (the
    decoder recurses), and lone surrogates from `\\ud800` escapes replaced with U+FFFD (they cannot be
    written as UTF-8); `replaced[0]` counts them."""
    try:
        data = json.loads(text, parse_int=_json_int, parse_float=_json_float)
    except RecursionError:
        raise JSONLimit(f"JSON nested deeper than {MAX_JSON_DEPTH} levels (the limit)") from None
    return _json_clean(data, 0, replaced if replaced is not None else [0])


def _json_int(s: str) -> int:
    if len(s) > MAX_JSON_DIGITS + 1:
        raise JSONLimit(f"a number of {len(s.lstrip('-'))} digits in JSON (the limit is {MAX_JSON_DIGITS})")
    return int(s)


def _json_float(s: str) -> float:
    if len(s) > MAX_JSON_DIGITS + 8:  # sign, point and exponent besides the digits
        raise JSONLimit(f"a number of {len(s)} characters in JSON (the limit is {MAX_JSON_DIGITS} digits)")
    return float(s)


def _json_clean(value: Any, depth: int, replaced: list[int]) -> Any:
    if depth > MAX_JSON_DEPTH:
        raise JSONLimit(f"JSON nested deeper than {MAX_JSON_DEPTH} levels (the limit)")
    if isinstance(value, str):
        return _no_surrogates(value, replaced)
    if isinstance(value, list):
        return [_json_clean(v, depth + 1, replaced) for v in value]
    if isinstance(value, dict):
        return {_no_surrogates(k, replaced): _json_clean(v, depth + 1, replaced) for k, v in value.items()}
    return value


def _no_surrogates(s: str, replaced: list[int]) -> str:
    if s.isascii():
        return s
    s, n = _SURROGATE.subn("\ufffd", s)
    replaced[0] += n
    return s


# --- metadata sources ---------------------------------------------------------------------------



def _front_matter(text: str, display: str, warnings: list[str]) -> tuple[dict[str, Any], str]:
    """YAML front matter between a leading `---` line and the next `---` (or `...`) line; the text
    returned has it removed. Read with PyYAML's safe loader, so folded and quoted titles, lists and
    dates are what YAML says they are (libyaml's C loader where PyYAML was built with it: the pure-Python
    one took most of the load stage's time, 0.4 ms per file). What cannot be read is named in a warning: front matter that is
    not valid YAML or not a mapping (its metadata is ignored, the article is still read), and a metadata
    field whose value is not text or a date (that field is ignored)."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return {}, text
    for end in range(1, len(lines)):
        if lines[end].strip() in ("---", "..."):
            break
    else:
        warnings.append(f"{display}: front matter has no closing '---'; read as text")
        return {}, text
    body = "\n".join(lines[end + 1:]).lstrip("\n")
    import yaml

    try:
        data = yaml.load("\n".join(lines[1:end]), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 2})" if mark is not None else ""
        problem = getattr(exc, "problem", None) or "cannot be parsed"
        warnings.append(f"{display}: front matter is not valid YAML{where}: {problem}; its metadata is ignored")
        return {}, body
    if data is None:
        return {}, body
    if not isinstance(data, dict):
        warnings.append(f"{display}: front matter is a YAML {type(data).__name__}, not a mapping of fields; "
                        f"its metadata is ignored")
        return {}, body
    meta: dict[str, Any] = {}
    known = {k for keys in FIELD_KEYS.values() for k in keys}
    for key, value in data.items():
        key = str(key)
        if key in known and value is not None and not isinstance(value, (str, int, float, date)):
            warnings.append(f"{display}: front matter field {key!r} is a YAML {type(value).__name__}, not text "
                            f"or a date; ignored")
            continue
        meta[key] = value
    return meta, body


def _attach_sidecars(art: _Article, cand: _Candidate, cache: dict[str, dict[str, Any] | None],
                     used: set[str], warnings: list[str]) -> None:
    """Sidecar `<stem>.meta.json` beats the nearest folder `metadata.json`, which beats the file."""
    real = Path(cand.real)
    shown = PurePosixPath(cand.display)
    name = real.name
    # folder-level files, from the outermost (input root) to the file's own folder
    folders: list[tuple[Path, PurePosixPath]] = []
    folder, sfolder = real.parent, shown.parent
    while True:
        folders.append((folder, sfolder))
        if cand.root is None or folder == cand.root or folder.parent == folder:
            break
        folder, sfolder = folder.parent, sfolder.parent
    for folder, sfolder in reversed(folders):
        key = os.path.realpath(folder / FOLDER_METADATA)
        table = _load_json_object(key, (sfolder / FOLDER_METADATA).as_posix(), cache, warnings)
        if not table:
            continue
        rel = real.relative_to(folder).as_posix()
        stem_rel = rel[: -len(real.suffix)] if real.suffix else rel
        for k in (rel, stem_rel, name, art.base_id):
            entry = table.get(k)
            if entry is not None:
                used.add(f"{key}\0{k}")
                if isinstance(entry, dict):
                    art.overrides.append((entry, (sfolder / FOLDER_METADATA).as_posix()))
                else:
                    shown_table = (sfolder / FOLDER_METADATA).as_posix()
                    warnings.append(f"{shown_table}: entry '{k}' is not an object; ignored")
                break
    for sidecar_name in (f"{art.base_id}{SIDECAR_SUFFIX}", f"{name}{SIDECAR_SUFFIX}"):
        path = real.parent / sidecar_name
        if path.is_file():
            used.add(os.path.realpath(path))
            shown_side = (shown.parent / sidecar_name).as_posix()
            entry = _load_json_object(str(path), shown_side, cache, warnings)
            if entry is not None:
                art.overrides.append((entry, shown_side))


def _load_json_object(real: str, shown: str, cache: dict[str, dict[str, Any] | None],
                      warnings: list[str]) -> dict[str, Any] | None:
    """A metadata JSON object, read once; a malformed one is warned about once and ignored."""
    if real in cache:
        return cache[real]
    result: dict[str, Any] | None = None
    if os.path.isfile(real):
        try:
            with open(real, "rb") as fh:
                data = _bounded_json(fh.read().decode("utf-8-sig"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError, JSONLimit) as exc:
            reason = exc.msg if isinstance(exc, json.JSONDecodeError) else \
                str(exc) if isinstance(exc, JSONLimit) else "unreadable"
            warnings.append(f"{shown}: malformed metadata JSON ({reason}); ignored")
        else:
            if isinstance(data, dict):
                result = data
            else:
                warnings.append(f"{shown}: metadata JSON is not an object; ignored")
    cache[real] = result
    return result


def _warn_orphans(cands: list[_Candidate], sidecars: set[str], used: set[str],
                  cache: dict[str, dict[str, Any] | None], warnings: list[str]) -> None:
    """Sidecars that describe no article are probably misnamed; say so."""
    for c in cands:
        if c.real not in sidecars or c.direct:
            continue
        if PurePosixPath(c.display).name.lower() == FOLDER_METADATA:
            table = cache.get(c.real)
            if table is None and c.real not in cache:
                table = _load_json_object(c.real, c.display, cache, warnings)
            for k in sorted(table or {}):
                if f"{c.real}\0{k}" not in used:
                    warnings.append(f"{c.display}: no article matches entry '{k}'")
        elif c.real not in used:
            warnings.append(f"{c.display}: no article file matches this sidecar")


def _metadata(art: _Article, warnings: list[str]) -> Metadata:
    """Merge the article's own metadata with sidecar overrides, field by field."""
    layers = [(art.meta, art.meta_origin)] + art.overrides
    values: dict[str, Any] = {}
    for layer, origin in layers:
        for fname, keys in FIELD_KEYS.items():
            raw = next((layer[k] for k in keys if layer.get(k) not in (None, "")), None)
            if raw is None:
                continue
            if fname == "published":
                parsed = _parse_date(raw)
                if parsed is None:
                    warnings.append(f"{origin}: malformed date {raw!r}; ignored")
                    continue
                if not PUBLISHED_YEARS[0] <= parsed.year <= PUBLISHED_YEARS[1]:
                    warnings.append(f"{origin}: publication date {parsed.isoformat()} is outside the years "
                                    f"{PUBLISHED_YEARS[0]}-{PUBLISHED_YEARS[1]} the checker handles; ignored")
                    continue
                values[fname] = parsed
            else:
                text = _as_text(raw)
                if text:
                    values[fname] = text
    return Metadata(**values)


def _as_text(raw: Any) -> str | None:
    if isinstance(raw, dict):  # e.g. {"id": "x", "name": "The Outlet"} from news APIs
        raw = raw.get("name") or raw.get("title")
    if isinstance(raw, (str, int, float)) and not isinstance(raw, bool):
        return " ".join(str(raw).split()) or None
    return None


def _parse_date(raw: Any) -> date | None:
    """A date in any common form (`2024-06-03`, `2024-06-03T10:00:00Z`, `3 June 2024`, `June 3, 2024`,
    `20240603`; checker.reading.webpage.parse_date); anything else is None."""
    return parse_date(raw)


# --- ids and final order ------------------------------------------------------------------------


def _finish(articles: list[_Article], warnings: list[str]) -> list[Source]:
    """Assign unique ids in path order (so renames do not depend on argument order); sort by id."""
    articles = sorted(articles, key=lambda a: (a.display, a.order))
    taken: dict[str, str] = {}
    sources: list[Source] = []
    for art in articles:
        sid = art.base_id
        if sid in taken:
            n = 2
            while f"{art.base_id}-{n}" in taken:
                n += 1
            sid = f"{art.base_id}-{n}"
            warnings.append(f"{art.meta_origin}: id '{art.base_id}' already used by "
                            f"{taken[art.base_id]}; renamed to '{sid}'")
        taken[sid] = art.meta_origin
        metadata = _metadata(art, warnings)
        if art.encoding is not None:
            metadata = replace(metadata, encoding=art.encoding.encoding,
                               encoding_confidence=art.encoding.confidence)
        sources.append(Source(id=sid, path=art.display, text=art.text, metadata=metadata))
    return sorted(sources, key=lambda s: s.id)


# --- HTML -----------------------------------------------------------------------------------------

_DROP = {"script", "style", "nav", "footer", "aside", "noscript", "template", "svg", "iframe",
         "object", "canvas", "button", "select", "head"}
_BLOCK = {"p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li",
          "ul", "ol", "dl", "dt", "dd", "blockquote", "pre", "figure", "figcaption", "table",
          "tr", "caption", "hr", "address", "details", "summary", "body", "header", "fieldset",
          "legend", "center"}
_VOID = {"br", "hr", "img", "meta", "link", "input", "area", "base", "col", "embed", "source",
         "track", "wbr", "param"}
_META_KEYS = {
    "title": ("og:title", "twitter:title"),
    "outlet": ("og:site_name", "application-name"),
    "url": ("og:url",),
    "published": ("article:published_time", "date", "pubdate", "publishdate", "publish-date",
                  "dc.date", "dc.date.issued", "dcterms.created", "datepublished", "og:published_time"),
}


class _Visible(HTMLParser):
    """Collects visible text and head metadata.

    <header> is dropped only outside <article>/<main>: inside an article it usually holds the
    headline and byline, which the cleaner wants to see.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.too_deep = 0  # start tags ignored because MAX_HTML_DEPTH elements were open
        self.skip_depth = 0  # >0 while inside a dropped element
        self.pre = 0
        self.parts: list[str] = []
        self.meta: dict[str, str] = {}
        self.title_parts: list[str] = []
        self.in_title = False
        self.canonical: str | None = None

    def _dropped(self, tag: str, attrs: dict[str, str | None]) -> bool:
        if tag in _DROP:
            return True
        if tag == "header" and not ({"article", "main"} & set(self.stack)):
            return True
        if "hidden" in attrs or (attrs.get("aria-hidden") or "").lower() == "true":
            return True
        style = (attrs.get("style") or "").replace(" ", "").lower()
        return "display:none" in style or "visibility:hidden" in style

    def handle_starttag(self, tag: str, attrs_list: list[tuple[str, str | None]]) -> None:
        attrs = {k.lower(): v for k, v in attrs_list}
        if tag == "meta":
            self._meta(attrs)
            return
        if tag == "link" and "canonical" in (attrs.get("rel") or "").lower().split():
            self.canonical = attrs.get("href") or self.canonical
            return
        if tag == "title" and "svg" not in self.stack and not self.title_parts:
            self.in_title = True
        if tag in _VOID:
            if tag == "br" and not self.skip_depth:
                self.parts.append("\n")
            elif tag == "hr" and not self.skip_depth:
                self.parts.append("\n\n")
            return
        if len(self.stack) >= MAX_HTML_DEPTH:  # the stack is searched per tag: keep it bounded
            self.too_deep += 1
            return
        self.stack.append(tag)
        if self.skip_depth or self._dropped(tag, attrs):
            self.skip_depth += 1
            return
        if tag in _BLOCK:
            self.parts.append("\n\n")
        elif tag in ("td", "th"):
            self.parts.append(" ")
        if tag == "pre":
            self.pre += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if tag in _VOID or tag not in self.stack:
            return
        while self.stack:  # close unclosed children too (tolerant of sloppy markup)
            top = self.stack.pop()
            if self.skip_depth:
                self.skip_depth -= 1
            else:
                if top in _BLOCK:
                    self.parts.append("\n\n")
                if top == "pre":
                    self.pre -= 1
            if top == tag:
                break

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title_parts.append(data)
            return
        if self.skip_depth:
            return
        self.parts.append(data if self.pre else re.sub(r"[ \t\n\r\f\v]+", " ", data))

    def _meta(self, attrs: dict[str, str | None]) -> None:
        key = (attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or "").lower()
        content = attrs.get("content")
        if key and content and key not in self.meta:
            self.meta[key] = content.strip()

    def result(self) -> tuple[dict[str, Any], str]:
        meta: dict[str, Any] = {}
        for fname, keys in _META_KEYS.items():
            value = next((self.meta[k] for k in keys if self.meta.get(k)), None)
            if value:
                meta[fname] = value
        title = " ".join("".join(self.title_parts).split())
        if "title" not in meta and title:
            meta["title"] = title
        if "url" not in meta and self.canonical:
            meta["url"] = self.canonical
        raw = "".join(self.parts)
        lines = [ln.strip(" \t") for ln in raw.split("\n")]
        text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")
        return meta, text


MAX_HTML_TAG = 4096  # characters of one start tag with its attributes
# A `<` whose tag is not closed by `>` before the next `<` (or the end) is text: html.parser would
# rescan the rest of the page for each one (quadratic; 80 KB of "<p a" took 34 s), so it is escaped first.
_UNCLOSED_LT = re.compile(r"<(?=[^<>]*(?:<|\Z))")
_LONG_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9:-]{0,63})[\s/][^<>]{%d,}>" % MAX_HTML_TAG)


def _html_to_text(html: str, warnings: list[str] | None = None, display: str = "") -> tuple[dict[str, Any], str]:
    """Visible text of an HTML page (blocks on their own lines) and metadata from <head>; elements
    nested deeper than MAX_HTML_DEPTH are read as text only, and start tags longer than MAX_HTML_TAG
    characters lose their attributes (html.parser slows down super-linearly on them), with a warning."""
    html, long_tags = _LONG_TAG.subn(r"<\1>", html)
    html = _UNCLOSED_LT.sub("&lt;", html)
    parser = _Visible()
    parser.feed(html)
    parser.close()
    if parser.too_deep and warnings is not None:
        warnings.append(f"{display}: elements nested deeper than {MAX_HTML_DEPTH} levels (the limit): "
                        f"{parser.too_deep} tags ignored, their text kept")
    if long_tags and warnings is not None:
        warnings.append(f"{display}: {long_tags} tag(s) longer than {MAX_HTML_TAG} characters (the limit): "
                        "their attributes ignored")
    meta, text = parser.result()
    # The article, not the page: comments, cookie banners and related links are no claims of it
    # (checker.reading.webpage); a page the extractor finds nothing in keeps its visible text.
    main = None if parser.too_deep else main_content(html)
    kept = keep_main_lines(text, main) if main else ""
    if kept.strip():
        text = kept
    if "published" not in meta:
        found = None if parser.too_deep else page_date(html)
        if found is not None:
            meta["published"] = found.isoformat()
    return meta, text

