"""The shared-drive store: atomic TinyDB JSON files, lease locks, change detection."""

from .files import SCHEMA_VERSION, ConflictError, StoreError, StoreFileError
from .store import GROUP_SHARDS, MARKER, Store, valid_code
from .transaction import StoreBusyError

__all__ = [
    "GROUP_SHARDS",
    "MARKER",
    "SCHEMA_VERSION",
    "ConflictError",
    "Store",
    "StoreBusyError",
    "StoreError",
    "StoreFileError",
    "valid_code",
]
