"""A process that cannot open network sockets: where the endpoint's queries run.

Oxigraph evaluates ``SERVICE <url>`` by connecting to that URL itself (pyoxigraph is built with its
HTTP client). The endpoint refuses SERVICE on the parsed query before anything runs; on top of that,
its query workers run under a seccomp filter that makes ``socket(AF_INET | AF_INET6, …)`` fail with
EACCES, so whatever a query says, the engine has no way to reach another machine, or this one over
TCP. Unix sockets and pipes (how workers talk to the server) still work.

Linux only (x86-64 and arm64); elsewhere ``deny_network`` says it could not and the parse-tree check
alone stands. The filter is inherited by every thread and every child started afterwards.
"""
from __future__ import annotations

import ctypes
import errno
import platform
import socket
import sys

# audit architecture and socket()'s system call number (the filter must know both)
_ARCH = {"x86_64": (0xC000003E, 41), "aarch64": (0xC00000B7, 198)}
_PR_SET_NO_NEW_PRIVS, _PR_SET_SECCOMP, _SECCOMP_MODE_FILTER = 38, 22, 2
_PR_SET_PDEATHSIG = 1
_LD_W_ABS, _JEQ_K, _RET_K = 0x20, 0x15, 0x06  # BPF_LD|BPF_W|BPF_ABS, BPF_JMP|BPF_JEQ|BPF_K, BPF_RET|BPF_K
_ALLOW, _ERRNO = 0x7FFF0000, 0x00050000


class _Filter(ctypes.Structure):
    _fields_ = [("code", ctypes.c_ushort), ("jt", ctypes.c_ubyte), ("jf", ctypes.c_ubyte), ("k", ctypes.c_uint32)]


class _Program(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.POINTER(_Filter))]


def _program(arch: int, nr_socket: int) -> list[tuple[int, int, int, int]]:
    """seccomp_data: nr at offset 0, arch at 4, args[0] (the socket's domain) at 16."""
    return [
        (_LD_W_ABS, 0, 0, 4),
        (_JEQ_K, 0, 5, arch),                  # another ABI: allow
        (_LD_W_ABS, 0, 0, 0),
        (_JEQ_K, 0, 3, nr_socket),             # not socket(): allow
        (_LD_W_ABS, 0, 0, 16),
        (_JEQ_K, 2, 0, socket.AF_INET),
        (_JEQ_K, 1, 0, socket.AF_INET6),
        (_RET_K, 0, 0, _ALLOW),
        (_RET_K, 0, 0, _ERRNO | errno.EACCES),
    ]


def _libc():
    return ctypes.CDLL(None, use_errno=True)


def deny_network() -> bool:
    """Forbid this process (and all it starts from now on) to open IPv4/IPv6 sockets. True when the
    filter is in place; False where the system cannot do it (not Linux, another architecture)."""
    if not sys.platform.startswith("linux") or platform.machine() not in _ARCH:
        return False
    arch, nr = _ARCH[platform.machine()]
    prog = _program(arch, nr)
    table = (_Filter * len(prog))(*[_Filter(*p) for p in prog])
    fprog = _Program(len(prog), table)
    libc = _libc()
    if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        return False
    if libc.prctl(_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, ctypes.byref(fprog), 0, 0) != 0:
        return False
    return True


def die_with_parent() -> None:
    """Ask Linux to kill this process when its parent ends (a worker never outlives the server)."""
    if sys.platform.startswith("linux"):
        import signal
        _libc().prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
