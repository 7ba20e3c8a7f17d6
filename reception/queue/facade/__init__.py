"""The parts of `reception.queue.service.HallService`, one module per job.

Each part is a mixin over the state `HallService` holds (`ServicePart` names
it); `HallService` is their sum. Front ends never import these modules: they
use `reception.queue.service`.
"""
