"""Page plans -> PDF bytes: the press stage, PDF/X keys, overlays."""
