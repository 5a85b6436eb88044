"""Extraction helpers shared by every source: dates, text, page metadata, generic articles."""
