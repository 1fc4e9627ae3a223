"""Names: keys that make written names one entity, the word lists behind them, aliases.

Pure functions and data, no model and no index: extraction uses them to key what NER
finds, the query side to turn what a user types into the key it stands for.
"""

from .aliases import Aliases, load_aliases
from .keys import HYPHENS, clean_surface, name_key, normalise_text

__all__ = [
    "HYPHENS",
    "Aliases",
    "clean_surface",
    "load_aliases",
    "name_key",
    "normalise_text",
]
