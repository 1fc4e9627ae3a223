"""Query, the read side: a :class:`~search.models.Query` in, our dataclasses out.

Opening the index and its caches, query translation, ranking, facets, hits, articles,
similar articles, export, did-you-mean, stats, and the dates a user types. Never loads
the model or the writer.
"""

from .articles import get_article, more_like_this
from .facets import FACETS, facet_values, iter_hits, similar_articles
from .index import Index, open_index
from .periods import parse_period
from .searcher import FACET_NAMES, search
from .serialize import (
    article_to_json,
    extraction_to_json,
    hit_to_json,
    result_to_json,
)
from .stats import index_stats
from .translation import MAX_PAGE, MAX_QUERY_CHARS, validate

__all__ = [
    "FACETS",
    "FACET_NAMES",
    "MAX_PAGE",
    "MAX_QUERY_CHARS",
    "Index",
    "article_to_json",
    "extraction_to_json",
    "facet_values",
    "get_article",
    "hit_to_json",
    "index_stats",
    "iter_hits",
    "more_like_this",
    "open_index",
    "parse_period",
    "result_to_json",
    "search",
    "similar_articles",
    "validate",
]
