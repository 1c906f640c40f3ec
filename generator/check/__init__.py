"""Preflight of any PDF, scanning its pages, previews."""

from __future__ import annotations


class quiet_libraries:
    """pypdf and pdfminer log and warn about damaged files; the report says what matters, so
    nothing of theirs reaches stderr (not with -q, not with --json).
    """

    NAMES = ("pypdf", "pdfminer", "pdfplumber", "PIL")

    def __enter__(self):
        import logging
        import warnings

        self._warnings = warnings.catch_warnings()
        self._warnings.__enter__()
        warnings.simplefilter("ignore")
        self._levels = {}
        for name in self.NAMES:
            logger = logging.getLogger(name)
            self._levels[name] = (logger.level, logger.propagate)
            logger.setLevel(logging.CRITICAL + 1)
            logger.propagate = False
        return self

    def __exit__(self, *exc) -> None:
        import logging

        for name, (level, propagate) in self._levels.items():
            logging.getLogger(name).setLevel(level)
            logging.getLogger(name).propagate = propagate
        self._warnings.__exit__(*exc)
