"""Atomic file writes: the old file or the new one, never half of either."""

from __future__ import annotations

import errno
import os
import time
from pathlib import Path

import pytest

from cixi_desktop.store import files
from cixi_desktop.store.errors import EnvironmentProblem
from cixi_desktop.store.files import DiskFull, atomic_path, write_atomically, write_with


def _leftovers(folder: Path, keep: set[str]) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name not in keep)


def test_write_atomically_creates_and_replaces(tmp_path: Path) -> None:
    target = tmp_path / "out" / "报表.xlsx"
    write_atomically(target, b"first")
    assert target.read_bytes() == b"first"
    write_atomically(target, b"second")
    assert target.read_bytes() == b"second"
    assert _leftovers(target.parent, {"报表.xlsx"}) == []


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "简报.pdf"
    target.write_bytes(b"old")

    def broken(tmp: Path) -> None:
        tmp.write_bytes(b"half a new fi")
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError):
        write_with(target, broken)
    assert target.read_bytes() == b"old"
    assert _leftovers(tmp_path, {"简报.pdf"}) == []


def test_a_failed_first_write_leaves_nothing(tmp_path: Path) -> None:
    target = tmp_path / "new.csv"
    with pytest.raises(RuntimeError), atomic_path(target) as tmp:
        tmp.write_text("a,b\n", encoding="utf-8")
        raise RuntimeError("cancelled")
    assert list(tmp_path.iterdir()) == []


def test_the_temporary_is_beside_the_target(tmp_path: Path) -> None:
    target = tmp_path / "out.bin"
    with atomic_path(target) as tmp:
        assert tmp.parent == tmp_path  # same folder, so the final rename is atomic
        assert tmp != target
        assert not target.exists()  # nothing visible under the final name until done
        tmp.write_bytes(b"done")
    assert target.read_bytes() == b"done"


def test_a_writer_that_replaces_the_temporary_file_is_fine(tmp_path: Path) -> None:
    """Libraries such as openpyxl write their own file at the path they are given."""
    target = tmp_path / "book.xlsx"

    def writer(tmp: Path) -> None:
        tmp.unlink()
        tmp.write_bytes(b"PK\x03\x04")

    write_with(target, writer)
    assert target.read_bytes() == b"PK\x03\x04"
    assert _leftovers(tmp_path, {"book.xlsx"}) == []


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EFBIG, errno.EDQUOT])
def test_a_full_disk_is_one_sentence_and_the_old_file_stays(tmp_path: Path, code: int) -> None:
    target = tmp_path / "台账.xlsx"
    target.write_bytes(b"old")

    def broken(tmp: Path) -> None:
        tmp.write_bytes(b"half")
        raise OSError(code, os.strerror(code))

    with pytest.raises(DiskFull) as caught:
        write_with(target, broken)
    # Still an OSError for the dialogs that catch one, and an EnvironmentProblem (CLI exit 3).
    assert isinstance(caught.value, OSError) and isinstance(caught.value, EnvironmentProblem)
    assert caught.value.errno == code and caught.value.strerror == "磁盘空间不足"
    assert str(caught.value) == f"磁盘空间不足，未能写入 {target}；原文件未改动"
    assert target.read_bytes() == b"old"
    assert _leftovers(tmp_path, {"台账.xlsx"}) == []


def test_lxml_reporting_a_full_disk_is_the_same_sentence(tmp_path: Path) -> None:
    # openpyxl streams through lxml only where lxml is installed (it is no dependency).
    etree = pytest.importorskip("lxml.etree", reason="lxml is not installed here")

    target = tmp_path / "book.xlsx"

    def broken(tmp: Path) -> None:
        # What openpyxl's streaming writer raises when its file cannot grow.
        with etree.xmlfile(str(tmp)) as xf, xf.element("root"):
            raise etree.SerialisationError("IO_EFBIG")

    with pytest.raises(DiskFull) as caught:
        write_with(target, broken)
    assert str(caught.value) == f"磁盘空间不足，未能写入 {target}；原文件未改动"
    assert _leftovers(tmp_path, set()) == []


def test_other_write_errors_are_left_alone(tmp_path: Path) -> None:
    def denied(tmp: Path) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    with pytest.raises(PermissionError) as caught:
        write_with(tmp_path / "x.bin", denied)
    assert not isinstance(caught.value, DiskFull)


def test_what_a_killed_writer_left_is_cleared_once_it_is_old(tmp_path: Path) -> None:
    target = tmp_path / "台账.xlsx"
    old = tmp_path / ".台账.xlsx.abc123.partial"
    young = tmp_path / ".台账.xlsx.def456.partial"  # maybe another export still running
    other = tmp_path / ".别的.xlsx.abc123.partial"
    for leftover in (old, young, other):
        leftover.write_bytes(b"half")
    long_ago = time.time() - files.STALE_AFTER_SECONDS - 60
    os.utime(old, (long_ago, long_ago))
    os.utime(other, (long_ago, long_ago))
    write_atomically(target, b"whole")
    assert target.read_bytes() == b"whole"
    assert not old.exists()
    assert young.exists() and other.exists()  # too young, or another file's
