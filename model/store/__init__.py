"""The shared-drive store: atomic TinyDB JSON files, lease locks, change detection."""

from .files import SCHEMA_VERSION, ConflictError, StoreError, StoreFileError
from .merge import FieldConflict, MergeResult, apply_choice, merge_group
from .store import GROUP_SHARDS, MARKER, Store, valid_code
from .transaction import StoreBusyError

__all__ = [
    "GROUP_SHARDS",
    "MARKER",
    "SCHEMA_VERSION",
    "ConflictError",
    "FieldConflict",
    "MergeResult",
    "Store",
    "StoreBusyError",
    "StoreError",
    "StoreFileError",
    "apply_choice",
    "merge_group",
    "valid_code",
]
