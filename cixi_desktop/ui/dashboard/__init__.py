"""The dashboard tab: the summaries' figures as charts, with year and town selectors;
clicking a bar or a slice asks the window to filter the ledger (``filter_requested``)."""

from cixi_desktop.ui.dashboard.widget import DashboardWidget

__all__ = ["DashboardWidget"]
