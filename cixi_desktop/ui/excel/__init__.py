"""The window's Excel dialogs: the import wizard and the export with progress."""
