"""Excel: formatted workbooks for superiors, collection templates for towns, and the
importer of towns' own ledgers. No Qt here; the window's wizard lives in ui/excel."""
