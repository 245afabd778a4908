"""``python -m cixi_desktop`` is the same as the ``cixi-desktop`` command."""

import sys

from cixi_desktop.cli import main

sys.exit(main())
