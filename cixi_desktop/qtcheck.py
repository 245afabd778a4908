"""Can Qt start here? Checked before PySide6 is imported, so a missing system library
or a missing display is one clear sentence instead of a crash inside Qt.

No Qt import in this module. Only Linux needs it: Windows and macOS wheels carry
everything the window needs.
"""

from __future__ import annotations

import ctypes
import os
import sys
from collections.abc import Callable, Mapping

from cixi_desktop import settings

# (shared library, Debian/Ubuntu package) that PySide6's QtGui/QtWidgets load on Linux.
BASE_LIBRARIES: tuple[tuple[str, str], ...] = (
    ("libEGL.so.1", "libegl1"),
    ("libGL.so.1", "libgl1"),
    ("libxkbcommon.so.0", "libxkbcommon0"),
    ("libfontconfig.so.1", "libfontconfig1"),
    ("libdbus-1.so.3", "libdbus-1-3"),
    ("libglib-2.0.so.0", "libglib2.0-0"),
)
# What Qt's xcb platform plugin (an X11 display) needs in addition.
XCB_LIBRARIES: tuple[tuple[str, str], ...] = (
    ("libxcb-cursor.so.0", "libxcb-cursor0"),
    ("libxkbcommon-x11.so.0", "libxkbcommon-x11-0"),
    ("libxcb-icccm.so.4", "libxcb-icccm4"),
    ("libxcb-image.so.0", "libxcb-image0"),
    ("libxcb-keysyms.so.1", "libxcb-keysyms1"),
    ("libxcb-render-util.so.0", "libxcb-render-util0"),
    ("libxcb-shape.so.0", "libxcb-shape0"),
    ("libX11-xcb.so.1", "libx11-xcb1"),
)
HEADLESS_PLATFORMS = ("offscreen", "minimal", "vnc")


def can_load(library: str) -> bool:
    """True if the dynamic loader finds ``library`` (as Qt's own dlopen would)."""
    try:
        ctypes.CDLL(library)
    except OSError:
        return False
    return True


def _t(zh: str, en: str) -> str:
    return en if settings.language() == "en" else zh


def _platform(env: Mapping[str, str]) -> str:
    return env.get("QT_QPA_PLATFORM", "").split(":", 1)[0].strip().lower()


def uses_xcb(env: Mapping[str, str]) -> bool:
    """Whether Qt will pick its X11 (xcb) plugin: asked for, or an X display outside a
    Wayland session."""
    platform = _platform(env)
    if platform:
        return platform == "xcb"
    wayland_session = bool(env.get("WAYLAND_DISPLAY")) and (
        env.get("XDG_SESSION_TYPE", "").lower() == "wayland" or not env.get("DISPLAY")
    )
    return bool(env.get("DISPLAY")) and not wayland_session


def needed_libraries(env: Mapping[str, str]) -> tuple[tuple[str, str], ...]:
    return BASE_LIBRARIES + XCB_LIBRARIES if uses_xcb(env) else BASE_LIBRARIES


def check_system(
    env: Mapping[str, str] | None = None,
    *,
    platform: str | None = None,
    loader: Callable[[str], bool] = can_load,
) -> str | None:
    """None when Qt can start; otherwise one sentence saying what is missing and how to fix it."""
    env = os.environ if env is None else env
    platform = sys.platform if platform is None else platform
    if not platform.startswith("linux"):
        return None
    qpa = _platform(env)
    headless = qpa in HEADLESS_PLATFORMS
    if not headless and not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
        return _t(
            "没有可用的图形显示（未设置 DISPLAY 或 WAYLAND_DISPLAY）：请在桌面环境中启动，"
            "远程登录请使用 ssh -X，或改用命令行功能（cixi-desktop --help）",
            "No graphical display is available (neither DISPLAY nor WAYLAND_DISPLAY is set): "
            "start it from a desktop session, use ssh -X when remote, or use the command line "
            "(cixi-desktop --help)",
        )
    missing = [(lib, pkg) for lib, pkg in needed_libraries(env) if not loader(lib)]
    if not missing:
        return None
    libraries = "、".join(lib for lib, _ in missing)
    command = "sudo apt-get install " + " ".join(dict.fromkeys(pkg for _, pkg in missing))
    return _t(
        f"无法打开窗口：系统缺少 Qt 需要的库 {libraries}；在 Debian/Ubuntu 上请运行：{command}",
        f"Cannot open the window: the system lacks libraries Qt needs "
        f"({', '.join(lib for lib, _ in missing)}); on Debian/Ubuntu run: {command}",
    )
