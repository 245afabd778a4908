"""Atomic file writes: the old file or the new one, never half of either."""

from __future__ import annotations

from pathlib import Path

import pytest

from cixi_desktop.store.files import atomic_path, write_atomically, write_with


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
