"""Write a file so that readers see the old content or the new content, never half of the new.

A plain write interrupted by a crash or `kill -9` leaves a truncated report that a CI step may then
parse. Instead: write a temp file in the same folder (so the rename stays on one file system), flush
and fsync it, then `os.replace` it over the target, which is atomic on POSIX and Windows. On any
failure the temp file is removed; temp files orphaned by a killed process are swept on the next write.
"""

from __future__ import annotations

import os
import stat
import tempfile
import time
from pathlib import Path
from typing import Iterable

STALE_AFTER = 3600.0  # seconds; an older temp file of ours cannot belong to a live write


def _temp_prefix(target: Path) -> str:
    return f".{target.name}."


def write_atomic(path: str | os.PathLike[str], text: str | Iterable[str], *, encoding: str = "utf-8") -> None:
    """Replace `path` with `text` atomically; the target keeps its permission bits if it existed.

    `text` may be an iterable of pieces (a large report rendered as it is written): an error while
    producing them leaves the target as it was."""
    target = Path(path)
    folder = target.parent
    refuse_non_regular(target)
    sweep_stale(target)
    mode = _target_mode(target)
    fd, tmp_name = tempfile.mkstemp(prefix=_temp_prefix(target), suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding=encoding, newline="") as fh:
            if isinstance(text, str):
                fh.write(text)
            else:
                fh.writelines(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp_name, mode)
        os.replace(tmp_name, target)
    except BaseException:  # includes KeyboardInterrupt: never leave the temp file behind
        _remove_quietly(tmp_name)
        raise
    _fsync_folder(folder)


class NotARegularFile(OSError):
    """The target exists and is not a regular file (a symbolic link, a device, a pipe, a socket)."""


def refuse_non_regular(target: Path) -> None:
    """Replacing a symbolic link or a device with a regular file is never what the user meant (as root,
    `-o /dev/null` would replace the device): raise NotARegularFile for anything but a regular file or
    nothing. A folder is refused by the rename itself."""
    try:
        st = os.lstat(target)
    except OSError:
        return
    if stat.S_ISREG(st.st_mode) or stat.S_ISDIR(st.st_mode):
        return
    kind = ("a symbolic link" if stat.S_ISLNK(st.st_mode) else "a device" if stat.S_ISCHR(st.st_mode)
            or stat.S_ISBLK(st.st_mode) else "a named pipe" if stat.S_ISFIFO(st.st_mode)
            else "a socket" if stat.S_ISSOCK(st.st_mode) else "not a regular file")
    raise NotARegularFile(f"it is {kind}, not a regular file; refusing to replace it")


def _target_mode(target: Path) -> int:
    """The existing file's permission bits, else what a plain open() would give (0o666 minus umask)."""
    try:
        return target.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable; not possible (nor needed) on every platform."""
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _remove_quietly(name: str) -> None:
    try:
        os.unlink(name)
    except OSError:
        pass


def sweep_stale(target: Path, *, max_age: float = STALE_AFTER) -> list[Path]:
    """Remove this target's temp files left by a killed writer; only ones older than `max_age`."""
    removed = []
    now = time.time()
    try:
        candidates = list(target.parent.glob(f"{_glob_escape(_temp_prefix(target))}*.tmp"))
    except OSError:
        return removed
    for stray in candidates:
        try:
            if now - stray.stat().st_mtime > max_age:
                stray.unlink()
                removed.append(stray)
        except OSError:
            continue
    return removed


def _glob_escape(text: str) -> str:
    return "".join(f"[{c}]" if c in "*?[" else c for c in text)
