"""The newsroom's own lines: who reported, wrote and edited a story ("Reporting by Howard
Schneider; Editing by Andrea Ricci", "Associated Press writer Jill Colvin contributed to
this report") and whose copyright it is ("Copyright 2023 The Associated Press. All
rights reserved."). They name the people and the publisher who made the story, not what
it is about, and wire services put them under every story: on a real archive the
editors would top the person facet. Their mentions are dropped; the lines stay in the
text, where a search for a reporter's name finds them. A step of
:func:`search.extract.framing.framed_mentions`, in its own module as one concept.
"""

from __future__ import annotations

import re

from .mentions import Mention

_CREDIT_WORDS = (
    r"(?:additional |further )?(?:reporting|writing|editing|edited|compiled|"
    r"fact-checked) by\b"
)
_PHOTO_WORDS = r"(?:photo|photograph|picture|image)s? (?:by|credit|courtesy)\b"
#: Agencies and libraries a photographer's credit names after a slash.
_PICTURE_DESKS = r"(?:AFP|AP|EPA|Getty Images|Reuters|Bloomberg|Shutterstock|PA|Xinhua)"
#: A line or bracket that credits the newsroom: "Reporting by ...; Editing by ...",
#: "(Writing by ...)", "... contributed to this report", "--With assistance from ...",
#: "(Photo by ...)", "Jane Doe/Getty Images", "Image copyright ...", "Copyright 2023
#: ...", "© 2023 ...", "All rights reserved", Reuters' "Our Standards: The Thomson
#: Reuters Trust Principles.", and the agency's tag that opens a line ("(CNN) —",
#: "(Bloomberg) --").
_CREDITS = re.compile(
    rf"\((?i:{_CREDIT_WORDS}|{_PHOTO_WORDS})[^()\n]*\)"
    r"|^[ \t]*(?:--|—|–)?[ \t]*With (?:assistance|additional reporting) from\b[^\n]*"
    r"|^[ \t]*\([A-Z][\w.&' ]{0,30}\)[ \t]*(?:--|—|–|-)"
    rf"|(?:[A-Z][\w.'-]+ ){{1,2}}[A-Z][\w.'-]+ ?/ ?{_PICTURE_DESKS}\b"
    r"|^[ \t]*(?:Image|Photo|Picture) (?:copyright|source|credit)\b[^\n]*"
    rf"|^[ \t]*(?i:{_CREDIT_WORDS})[^\n]*"
    r"|^[^\n]{0,120}\bcontributed (?:reporting )?to this (?:report|story|article)[^\n]*"
    r"|^[ \t]*(?:Copyright\s*(?:©|\([cC]\))?|©|\([cC]\))\s*\d{4}\b[^\n]{0,160}"
    r"|^[^\n]{0,120}\b[Aa]ll rights reserved\b[^\n]*"
    r"|^[ \t]*Our Standards:[^\n]*",
    re.MULTILINE,
)


def without_credits(text: str, mentions: list[Mention]) -> list[Mention]:
    """``mentions`` without those inside the newsroom's lines (module docstring)."""
    spans = [(c.start(), c.end()) for c in _CREDITS.finditer(text)]
    if not spans:
        return mentions
    return [
        m for m in mentions if not any(start <= m.start < end for start, end in spans)
    ]
