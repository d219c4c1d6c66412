"""Ranking helpers, kept here for old imports: the one fusion lives in ``index.fusion``."""

from __future__ import annotations

from index.fusion import diversify, reciprocal_rank_fusion

__all__ = ["diversify", "reciprocal_rank_fusion"]
