"""PDF documents for leaders and files: the 工作简报 and one-page project cards (reportlab,
no Qt). Every figure comes from store.summaries; every user text goes through ``text``."""
