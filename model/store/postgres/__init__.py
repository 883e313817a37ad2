"""PostgreSQL as the server backend (`--store postgresql://…`): the same records and rules as
the folder store, on real transactions and row locks instead of lock files."""

from .store import PostgresStore

__all__ = ["PostgresStore"]
