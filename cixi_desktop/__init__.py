"""慈溪智能化技改项目台账 (cixi-desktop)."""

__version__ = "0.1.0"
