"""The maintenance operations every store offers, on the folder store: a mixin of `Store`
that wraps the file code (erasure.py, privacy.py, merge_groups.py), so the CLI and the app
call `store.erase_group`, `store.merge_groups` … whatever keeps the data. The PostgreSQL
store has the same methods in `postgres/maintenance.py`."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .erasure import Erasure
    from .merge_groups import MergeReport


class MaintenanceMixin:
    def find_erasure(self, number: str) -> tuple[str, str] | None:
        """(group id, number) of an erasure begun or done for Verbund-Nr `number`, else None."""
        from .erasure import find_erasure

        return find_erasure(self, number)

    def erase_group(self, group_id: str, number: str) -> Erasure:
        """DSGVO erasure (Art. 17) of the group everywhere; repeatable until finished."""
        from .erasure import erase_group

        return erase_group(self, group_id, number)

    def export_group(self, group_id: str) -> dict:
        """DSGVO information (Art. 15): everything stored about the group, audited."""
        from .privacy import export_group

        return export_group(self, group_id)

    def merge_groups(self, keep_ref: str, drop_ref: str) -> MergeReport:
        """Merge group `drop_ref` into `keep_ref` (numbers or ids), all files or none."""
        from .merge_groups import merge_groups

        return merge_groups(self, keep_ref, drop_ref)
