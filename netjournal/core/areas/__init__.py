"""The areas of the journal, one file each; `Journal` is made of them (see core/journal.py)."""
