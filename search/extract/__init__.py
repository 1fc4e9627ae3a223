"""Extract: entities and dates of articles, with the spaCy model in worker processes.

:func:`extract_articles` gives each article its :class:`~search.models.Extraction`,
paired by content hash; raw NER results are cached in an :class:`ExtractionCache`.
With the ``scheduler`` setting the model runs on a Dask cluster instead
(:mod:`search.extract.cluster`, imported only then: it needs news-search[cluster]).
"""

from .dates import infer_published, resolve_date_span, resolve_mentioned_dates
from .entities import (
    LABEL_TYPES,
    RESOLVER_VERSION,
    load_nlp,
    mentions_from_doc,
    resolve_article,
)
from .mentions import Mention, is_junk
from .pipeline import (
    EXTRACTOR_VERSION,
    ExtractionCache,
    analyse_batch,
    check_scheduler,
    content_hash,
    extract_articles,
    extract_raw,
    ner_text,
)

__all__ = [
    "EXTRACTOR_VERSION",
    "LABEL_TYPES",
    "RESOLVER_VERSION",
    "ExtractionCache",
    "Mention",
    "analyse_batch",
    "check_scheduler",
    "content_hash",
    "extract_articles",
    "extract_raw",
    "infer_published",
    "is_junk",
    "load_nlp",
    "mentions_from_doc",
    "ner_text",
    "resolve_article",
    "resolve_date_span",
    "resolve_mentioned_dates",
]
