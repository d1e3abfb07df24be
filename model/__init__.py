"""The neutral bottom layer: records, vocabulary and store protocols.

Both the domain (``knowledge``) and the stores (``db``) import from here, and this
package imports neither, so the two never import each other.
"""

from model.instruments import (
    INSTRUMENT_COLUMNS,
    METHOD_REQUIRED,
    Instrument,
    InstrumentTable,
    instrument_from,
)
from model.protocols import InstrumentSource, KnowledgeReader
from model.records import Band, Body, ResultRow

__all__ = [
    "INSTRUMENT_COLUMNS",
    "METHOD_REQUIRED",
    "Band",
    "Body",
    "Instrument",
    "InstrumentSource",
    "InstrumentTable",
    "KnowledgeReader",
    "ResultRow",
    "instrument_from",
]
