"""Preflight of any PDF, scanning its pages, previews."""
