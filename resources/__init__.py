"""Fonts, icons and translations; shipped inside the wheel as cixi_desktop.resources."""
