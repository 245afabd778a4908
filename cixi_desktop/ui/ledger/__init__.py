"""The project ledger in the window: paging model, frozen-column view, column chooser."""
