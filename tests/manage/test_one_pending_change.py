"""One change per part of a listing waits for review, even when two saves race."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

from sqlalchemy import event, select

from directory.db import session_factory
from directory.manage import actions, queries
from directory.manage.actions import EditRefused, Proposal
from directory.manage.sections import read_details
from directory.models import ChangeRequest, ChangeStatus, Service, User


def test_two_saves_of_one_part_at_the_same_moment_queue_only_one(app, session, world):
    """Both saves pass every check before either writes; the database keeps only one."""
    service = session.get(Service, world.service_a.id)
    before, version = read_details(service), service.version
    both_ready = threading.Barrier(2, timeout=20)

    def wait_for_the_other(*_args: object) -> None:
        both_ready.wait()

    outcomes: list[str] = []

    def save(name: str) -> None:
        with session_factory(app)() as own:
            editor = own.get(User, world.editor_a.id)
            proposal = Proposal(world.org_a.id, world.service_a.id, "details", None, version,
                                before, {**before, "name": name})  # fmt: skip
            try:
                actions.propose(own, editor, proposal, datetime.now(UTC))
                outcomes.append("queued")
            except EditRefused as refused:
                outcomes.append(refused.message)

    event.listen(ChangeRequest, "before_insert", wait_for_the_other)
    try:
        threads = [threading.Thread(target=save, args=(n,)) for n in ("First", "Second")]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    finally:
        event.remove(ChangeRequest, "before_insert", wait_for_the_other)

    assert sorted(outcomes) == sorted(["queued", actions.WAITING])
    pending = session.scalars(
        select(ChangeRequest).where(ChangeRequest.status == ChangeStatus.PENDING)
    ).all()
    assert len(pending) == 1
    assert queries.waiting_change(session, "details", world.service_a.id) is not None
