"""Sentence segmentation: `segment(text) -> list[Segment]`."""

from transbench.segment.records import Segment
from transbench.segment.rules import SegmenterRules
from transbench.segment.segmenter import segment

__all__ = ["Segment", "SegmenterRules", "segment"]
