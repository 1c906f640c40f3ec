"""principles: print-ready materials for the "What matters to me?" service principles."""

__version__ = "0.1.0"
