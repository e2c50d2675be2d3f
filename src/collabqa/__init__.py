"""collabqa: ask questions about a folder of documents; every answer cites its passages."""

from .answer import Answer, Citation
from .api import Engine, ask, ask_stream
from .errors import CollabQAError

__all__ = ["Answer", "Citation", "CollabQAError", "Engine", "ask", "ask_stream"]
__version__ = "0.1.0"
