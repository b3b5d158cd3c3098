"""Old home of :class:`ForkedCall`, kept so that imports written before the move still work: new
code imports from ``policy_audit.processes.forked_call``."""

from policy_audit.processes.forked_call import ForkedCall, ForkedCallFailed, can_fork

__all__ = ["ForkedCall", "ForkedCallFailed", "can_fork"]
