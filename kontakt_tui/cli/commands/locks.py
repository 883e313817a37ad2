"""`kontakt unlock DATEI | --all-stale`: break a lock explicitly, audited.

`unlock DATEI` breaks the lock on one store file whoever holds it (an administrator's
decision: a holder that is still alive finds its lock gone and its save refused, nothing is
overwritten). `--all-stale` breaks only markers this PC has seen unchanged for a whole lease
(or whose holder on this PC is dead); markers seen for less are watched until the lease is
over, at most 30 s, and broken only if still unchanged. Every break is one audit entry
(kind "lock", action "unlock") naming the file and the holder.
"""

from __future__ import annotations

import time

from kontakt_tui.cli.context import Context, InputError
from model.german import counted
from model.store import StoreError
from model.store import transaction as transaction_mod
from model.store.leases import LockState, break_lock, inspect, lock_files, marker_key
from model.store.transaction import lock_path


def register(cmds) -> None:
    p = cmds.add("unlock", "eine Sperre lösen (Absturz, zugeklappter Laptop); wird protokolliert", cmd_unlock)
    p.add_argument("file", nargs="?", metavar="DATEI", help="gesperrte Datei, z. B. master/groups-05.json")
    p.add_argument("--all-stale", action="store_true", help="alle Sperren lösen, die eine ganze Lease lang unverändert waren")


def _audit(store, state: LockState) -> None:
    holder = {"user": state.user, "host": state.host, "pid": state.pid, "observed_s": round(state.observed)}
    store._audit([store._entry("lock", "unlock", state.file, None, holder, None)])


def cmd_unlock(ctx: Context) -> int:
    store, args = ctx.store, ctx.args
    lease = transaction_mod.LEASE_SECONDS
    locks = store.root / "locks"
    if args.all_stale == bool(args.file):
        raise InputError("Entweder DATEI oder --all-stale angeben.")
    ctx.require("unlock")  # README „Rollen und Rechte“: an Administrator's step
    if args.file:
        path = store.resolve_file(args.file.removesuffix(".lock").replace("--", "/"))
        lock = lock_path(locks, path.relative_to(store.root).as_posix())
        state = inspect(lock, lease)
        if state is None:
            print(f"{path.relative_to(store.root).as_posix()} ist nicht gesperrt.")
            return 0
        if not break_lock(lock, lease, marker_key(lock)):
            raise StoreError(
                f"Sperre auf {state.file} hat sich eben geändert (Inhaber aktiv); nicht gelöst. Bitte erneut prüfen."
            )
        _audit(store, state)
        print(f"Gelöst: {state.describe()}")
        return 0
    states = [s for s in (inspect(m, lease) for m in lock_files(locks)) if s is not None]
    waiting = [s for s in states if not s.stale]
    if waiting:
        longest = max(lease - s.observed for s in waiting)
        print(f"Beobachte {counted(len(waiting), 'Sperre', 'Sperren')} noch {longest:.0f} s, ob ihr Inhaber sie erneuert …")
        time.sleep(max(0.0, longest) + 0.5)
        states = [s for s in (inspect(m, lease) for m in lock_files(locks)) if s is not None]
    broken = 0
    for state in states:
        if not state.stale:
            print(f"Aktiv, nicht gelöst: {state.describe()}")
            continue
        if break_lock(state.lock, lease, marker_key(state.lock)):
            _audit(store, state)
            print(f"Gelöst: {state.describe()}")
            broken += 1
    print(f"{counted(broken, 'verwaiste Sperre', 'verwaiste Sperren')} gelöst." if broken else "Keine verwaiste Sperre.")
    return 0
