"""The window side of offline exchanges: held merge conflicts, resolved field by field."""

from cixi_desktop.ui.exchange.conflicts_dialog import ExchangeDialog, open_exchange_dialog

__all__ = ["ExchangeDialog", "open_exchange_dialog"]
