"""Import and export: formats other than the journal file itself."""
