"""Run a function in a forked child process that is killed when its time is up.

A SPARQL engine cannot be interrupted from outside: a query abandoned in a thread keeps
running, and one that sorts a cross product grows until the machine runs out of memory.
A forked child shares the loaded graph copy-on-write, answers through a pipe, and is
killed (SIGKILL) at the deadline, which frees everything it took.

The parent of such children never evaluates queries itself, so no engine lock can be
held by another of its threads when it forks (what makes forking a threaded server safe).
"""
from __future__ import annotations

import os
import pickle
import select
import signal
import time
from collections.abc import Callable


class TimedOut(Exception):
    """The child was still running at the deadline and has been killed."""


class ChildFailed(Exception):
    """The child died without an answer (killed by a signal, out of memory)."""


def available() -> bool:
    """True where fork() exists (POSIX)."""
    return hasattr(os, "fork")


def run(fn: Callable[[], object], timeout: float) -> object:
    """fn() evaluated in a forked child; its value, or its exception raised here.

    Raises TimedOut after `timeout` seconds (the child is killed first) and ChildFailed
    when the child dies without answering. The value and exception must pickle.
    """
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: answer, then leave without running the parent's clean-up
        os.close(read_end)
        code = 0
        try:
            _answer(write_end, fn)
        except BaseException:  # noqa: BLE001  (nothing to report to: the parent sees no answer)
            code = 1
        finally:
            os._exit(code)
    os.close(write_end)
    try:
        data = _read_until(read_end, time.monotonic() + timeout)
    except TimedOut:
        _kill(pid)
        raise
    finally:
        os.close(read_end)
    _, status = os.waitpid(pid, 0)
    if not data:
        raise ChildFailed(_describe(status))
    ok, value = pickle.loads(data)
    if not ok:
        raise value
    return value


def _answer(fd: int, fn: Callable[[], object]) -> None:
    try:
        payload = pickle.dumps((True, fn()), protocol=pickle.HIGHEST_PROTOCOL)
    except Exception as e:  # noqa: BLE001  (raised again in the parent)
        e.__traceback__ = None
        try:
            payload = pickle.dumps((False, e), protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:  # noqa: BLE001  (an exception that does not pickle)
            payload = pickle.dumps((False, RuntimeError(f"{type(e).__name__}: {e}")))
    view = memoryview(payload)
    while view:
        view = view[os.write(fd, view):]


def _read_until(fd: int, deadline: float) -> bytes:
    """Everything written to `fd` until the writer closes it; TimedOut at the deadline."""
    chunks = []
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimedOut()
        poller = select.poll()  # not select(): a busy server's descriptors pass 1024
        poller.register(fd, select.POLLIN | select.POLLHUP)
        if not poller.poll(max(1, int(left * 1000))):
            continue
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    os.waitpid(pid, 0)


def _describe(status: int) -> str:
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        name = signal.Signals(sig).name if sig in signal.Signals._value2member_map_ else str(sig)
        return f"the query process was killed by {name}" + (" (out of memory?)" if sig == signal.SIGKILL else "")
    return f"the query process exited with code {os.WEXITSTATUS(status)} without an answer"
