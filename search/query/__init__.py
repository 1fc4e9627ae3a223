"""Query, the read side: a :class:`~search.models.Query` in, our dataclasses out.

Opening an index (:func:`open_index`, whose :class:`Index` owns every cache), searching
(:func:`search`), facets, articles and similar articles, entity profiles
(:func:`entity_profile`) and co-occurrence graphs (:func:`cooccurrence_graph`), export,
stats, the dates a user types (:func:`parse_period`) and the JSON shapes shared by the
CLI and the web API.
Imports only the core, ``search.names`` and ``search.store``: never the model or the
writer. :class:`WhooshSearchBackend` is the read side of the backend seam
(:class:`~search.store.SearchBackend`) on Whoosh.
"""

from .articles import get_article, similar_articles
from .backend import WhooshSearchBackend
from .batch import (
    BATCH_COLUMNS,
    BATCH_FORMATS,
    RESULT_COLUMNS,
    BatchAnswer,
    BatchRow,
    batch_filename,
    iter_batch_csv,
    read_batch,
    run_batch,
)
from .entity_profile import (
    CO_OCCURRING_LIMIT,
    EntityProfile,
    entity_profile,
    profile_to_json,
)
from .export import export_filename, iter_hits, plain_snippet, spreadsheet_safe
from .facets import FACETS, facet_values
from .graph import (
    MAX_EDGES,
    MAX_NODES,
    CooccurrenceGraph,
    cooccurrence_graph,
    graph_to_gexf,
    graph_to_json,
)
from .index import Index, open_index
from .periods import parse_period
from .searcher import search
from .serialize import (
    article_to_json,
    extraction_to_json,
    facet_value_to_json,
    hit_to_json,
    result_to_json,
)
from .stats import index_stats
from .translation import MAX_PAGE, MAX_QUERY_CHARS, check_text_length, validate

__all__ = [
    "BATCH_COLUMNS",
    "BATCH_FORMATS",
    "CO_OCCURRING_LIMIT",
    "FACETS",
    "MAX_EDGES",
    "MAX_NODES",
    "MAX_PAGE",
    "MAX_QUERY_CHARS",
    "BatchAnswer",
    "BatchRow",
    "CooccurrenceGraph",
    "EntityProfile",
    "Index",
    "RESULT_COLUMNS",
    "WhooshSearchBackend",
    "article_to_json",
    "batch_filename",
    "check_text_length",
    "cooccurrence_graph",
    "entity_profile",
    "extraction_to_json",
    "facet_value_to_json",
    "facet_values",
    "get_article",
    "graph_to_gexf",
    "graph_to_json",
    "hit_to_json",
    "index_stats",
    "export_filename",
    "iter_batch_csv",
    "iter_hits",
    "plain_snippet",
    "spreadsheet_safe",
    "profile_to_json",
    "open_index",
    "parse_period",
    "read_batch",
    "result_to_json",
    "run_batch",
    "search",
    "similar_articles",
    "validate",
]
