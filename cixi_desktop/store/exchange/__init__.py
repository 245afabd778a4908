"""Offline copies that merge: a package (.cixi) of the rows changed on one ledger,
merged into another by UUID and version, with conflicts held for a person."""
