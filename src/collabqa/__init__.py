"""collabqa: ask questions about a folder of documents; every answer cites its passages."""

from .answer import Answer, Citation
from .api import Engine, ask
from .errors import CollabQAError

__all__ = ["Answer", "Citation", "CollabQAError", "Engine", "ask"]
__version__ = "0.1.0"
