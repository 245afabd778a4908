"""The system check that runs before Qt is imported (no Qt needed for these tests)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from cixi_desktop import qtcheck
from cixi_desktop.qtcheck import BASE_LIBRARIES, XCB_LIBRARIES, check_system

X11 = {"DISPLAY": ":0"}


def loader_without(*missing: str):  # type: ignore[no-untyped-def]
    return lambda library: library not in missing


def test_all_present_on_x11_is_fine() -> None:
    assert check_system(X11, platform="linux", loader=lambda lib: True) is None


def test_missing_libraries_are_named_with_the_apt_command() -> None:
    problem = check_system(
        X11, platform="linux", loader=loader_without("libxcb-cursor.so.0", "libEGL.so.1")
    )
    assert problem is not None
    assert "libxcb-cursor.so.0" in problem and "libEGL.so.1" in problem
    assert "sudo apt-get install libegl1 libxcb-cursor0" in problem
    assert "\n" not in problem, "one sentence"


def test_xcb_libraries_only_matter_for_an_x_display() -> None:
    no_xcb = loader_without(*(lib for lib, _ in XCB_LIBRARIES))
    assert check_system({"QT_QPA_PLATFORM": "offscreen"}, platform="linux", loader=no_xcb) is None
    wayland = {"WAYLAND_DISPLAY": "wayland-0", "XDG_SESSION_TYPE": "wayland", "DISPLAY": ":0"}
    assert check_system(wayland, platform="linux", loader=no_xcb) is None
    assert check_system(X11, platform="linux", loader=no_xcb) is not None
    assert check_system({"QT_QPA_PLATFORM": "xcb", **X11}, platform="linux", loader=no_xcb)


def test_base_libraries_matter_even_offscreen() -> None:
    problem = check_system(
        {"QT_QPA_PLATFORM": "offscreen"},
        platform="linux",
        loader=loader_without("libfontconfig.so.1"),
    )
    assert problem is not None and "libfontconfig1" in problem


def test_no_display_is_said_plainly() -> None:
    problem = check_system({}, platform="linux", loader=lambda lib: True)
    assert problem is not None and "DISPLAY" in problem and "图形显示" in problem


def test_other_systems_are_not_checked() -> None:
    assert check_system({}, platform="win32", loader=lambda lib: False) is None
    assert check_system({}, platform="darwin", loader=lambda lib: False) is None


def test_english_when_the_interface_is_english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CIXI_DESKTOP_LANG", "en")
    problem = check_system({}, platform="linux", loader=lambda lib: True)
    assert problem is not None and problem.startswith("No graphical display")


def test_every_library_has_a_package() -> None:
    for library, package in BASE_LIBRARIES + XCB_LIBRARIES:
        assert library.startswith("lib") and ".so." in library
        assert package and " " not in package


def test_real_loader_finds_libc_and_not_nonsense() -> None:
    if not sys.platform.startswith("linux"):
        pytest.skip("dlopen names are Linux names")
    assert qtcheck.can_load("libc.so.6")
    assert not qtcheck.can_load("libdefinitely-not-here.so.9")


def test_module_does_not_import_qt() -> None:
    code = (
        "import sys, cixi_desktop.qtcheck; print(any(m.startswith('PySide6') for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_gui_command_reports_instead_of_crashing(run_cli, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    if not sys.platform.startswith("linux"):
        pytest.skip("the check runs on Linux only")
    result = run_cli("gui")
    assert result.returncode == 3
    assert "图形显示" in result.stderr
    assert "Traceback" not in result.stderr
