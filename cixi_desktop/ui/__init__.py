"""The Qt window. Importing the package first repairs a PySide6 reference-count bug
(see pyside_fixes), before any signal is emitted."""

from cixi_desktop.ui import pyside_fixes as _pyside_fixes  # noqa: F401
