"""What every part of the facade reads from `HallService`."""

from __future__ import annotations

from reception.config import HallConfig
from reception.queue.accounts import Accounts
from reception.queue.clock import Clock
from reception.queue.hall import Hall
from reception.queue.registration import Registrations
from reception.queue.store.location import DbLocation
from reception.queue.store.threads import PerThreadDatabase
from reception.queue.talks import Talks


class ServicePart:
    """The state `HallService.__init__` sets; a part only reads it."""

    db_path: DbLocation
    config: HallConfig
    clock: Clock
    _db: PerThreadDatabase
    _hall: Hall
    _registrations: Registrations
    _talks: Talks
    _accounts: Accounts
