"""Warm kernels: each chapter's kernel is forked from a process that has already imported what chapters import.

A fresh kernel spends most of a short chapter importing: ipykernel and
IPython to start, then pandas, Altair and the package's views in the
chapter's first cell, about a second of CPU that every chapter paid again.
A build that executes chapters starts one server for them first (while the
release is validated and the tables are built); the server imports
ipykernel and every module the chapters' code cells import, and each
chapter's kernel is then a fork of it: an ordinary ipykernel kernel, started
with the arguments, folder, environment and standard streams jupyter_client
gave it, whose imports are already done.

Three parts:

- :class:`KernelServer`, in the build: binds a Unix socket in a private
  temporary folder and starts the server on it (``python -m
  release_figures.book.warm_kernels serve DESCRIPTOR FOLDER NOTEBOOK...``)
  for the chapters' folder, with the environment their kernels get; it stops the
  server when the build ends (the server also stops when the build's end of
  its standard input closes, so it never outlives the build).
- :func:`kernel_manager_class`, in the process that runs papermill:
  jupyter_client's kernel manager, except that the command it starts is the
  launcher, given jupyter_client's own command for an ordinary kernel.
- the launcher (``python -P -m release_figures.book.warm_kernels launch
  ADDRESS -- COMMAND...``): what jupyter_client starts and watches as the
  kernel (``-P``: it starts in the kernel's folder, which must not shadow
  the modules it imports).
  It hands its arguments, folder, environment and standard streams to the
  server and stands for the forked kernel until the kernel ends: a signal
  it receives is passed on, it exits with the kernel's status, and if it is
  killed the server kills the kernel.

A forked kernel must be the kernel a fresh start would give, so the server
refuses (and the launcher then starts an ordinary kernel, saying why on its
standard error) whenever it cannot promise that: when the kernel would run
another interpreter, in another folder (a module there could shadow one the
server imported) or with another environment (jupyter_client's own
variables aside); when the folder holds a module or package named like one
the server imported; or when one of the chapters' imports failed in the
server (the chapter's own kernel then fails with the error where it
belongs). Nothing but imports runs in the server before a fork, so no state
of a chapter (Altair's chart counters, options, random numbers) can pass to
another.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import struct
import sys

__all__ = ["KernelServer", "kernel_manager_class", "chapter_imports", "serve", "launch"]

# Variables jupyter_client sets for each kernel: they differ from kernel to kernel, and the server's.
JUPYTER_VARIABLES = frozenset({"JPY_PARENT_PID", "JPY_SESSION_NAME", "JPY_INTERRUPT_EVENT", "IPY_INTERRUPT_EVENT"})
# What jupyter_client runs for an ordinary Python kernel, after the interpreter.
IPYKERNEL_LAUNCHER = ["-m", "ipykernel_launcher"]
# Signals the launcher passes on to the kernel it stands for (jupyter_client interrupts and stops kernels by them).
FORWARDED_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT, signal.SIGUSR1, signal.SIGUSR2)
HEADER = struct.Struct("!I")  # a request's length, before its JSON
MAX_REQUEST = 4 * 1024 * 1024  # arguments, folder and environment: far less in practice
# How long the build waits for the server to end after SIGTERM before killing it, in seconds.
STOP_WAIT = 5


def chapter_imports(notebooks) -> list[tuple[str, tuple[str, ...]]]:
    """The imports of the chapters' code cells, in order, once each: (module, names imported from it).

    ``import a.b`` gives ``("a.b", ())``; ``from a import b, c`` gives
    ``("a", ("b", "c"))``. Read from the notebooks' JSON with :mod:`ast`;
    a cell that is not plain Python (a magic) is skipped, as are relative
    imports.
    """
    import ast

    found: dict[tuple[str, tuple[str, ...]], None] = {}
    for path in notebooks:
        cells = json.loads(open(path, encoding="utf-8").read()).get("cells", [])
        for cell in cells:
            if cell.get("cell_type") != "code":
                continue
            source = cell.get("source", "")
            try:
                tree = ast.parse("".join(source) if isinstance(source, list) else source)
            except SyntaxError:
                continue
            for node in ast.walk(tree):
                if isinstance(node, ast.Import):
                    for alias in node.names:
                        found[(alias.name, ())] = None
                elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                    found[(node.module, tuple(alias.name for alias in node.names if alias.name != "*"))] = None
    return list(found)


# The server.


def _preload(notebooks) -> str | None:
    """Import ipykernel and the chapters' modules; None, or why a forked kernel would not be a fresh one."""
    import importlib

    try:
        importlib.import_module("ipykernel.kernelapp")
        for module, names in chapter_imports(notebooks):
            # As the import statement does: a name imported from a package may be one of its modules.
            __import__(module, fromlist=list(names))
    except BaseException as error:  # noqa: BLE001 - any failure: the chapter's own kernel reports it
        return f"importing the chapters' modules failed in the server ({type(error).__name__}: {error})"
    return _shadowing(os.getcwd())


def _shadowing(folder: str) -> str | None:
    """Why a kernel started in ``folder`` could import other modules than the server did, or None.

    A kernel puts its folder on ``sys.path``; a module or package there
    named like one the server imported could take its place.
    """
    from importlib.machinery import all_suffixes

    names = {name.partition(".")[0] for name in sys.modules}
    try:
        entries = os.listdir(folder)
    except OSError as error:
        return f"cannot list the kernels' folder ({error})"
    suffixes = tuple(all_suffixes())
    shadows = sorted(entry for entry in entries
                     if (entry.endswith(suffixes) and entry.partition(".")[0] in names)
                     or (entry in names and os.path.isfile(os.path.join(folder, entry, "__init__.py"))))
    if shadows:
        return f"the kernels' folder holds {', '.join(shadows[:5])}, named like modules the server imported"
    return None


def _refusal(request: dict, refused: str | None) -> str | None:
    """Why this request cannot have a forked kernel, or None."""
    if refused:
        return refused
    if request.get("executable") != sys.executable:
        return f"the kernel runs {request.get('executable')!r}, the server {sys.executable!r}"
    if request.get("cwd") != os.getcwd():
        return f"the kernel starts in {request.get('cwd')!r}, the server in {os.getcwd()!r}"
    theirs = {k: v for k, v in request.get("env", {}).items() if k not in JUPYTER_VARIABLES}
    ours = {k: v for k, v in os.environ.items() if k not in JUPYTER_VARIABLES}
    differing = sorted(set(theirs.items()) ^ set(ours.items()))
    if differing:
        return f"the kernel's environment differs from the server's in {', '.join(sorted({k for k, _ in differing})[:5])}"
    return None


def _receive_request(connection: socket.socket) -> tuple[dict, list[int]]:
    """A launcher's request (length, JSON) and the three standard streams it sent with it."""
    data, fds, _, _ = socket.recv_fds(connection, MAX_REQUEST, 3)
    try:
        if len(data) < HEADER.size or len(fds) != 3:
            raise ValueError("a request is a length, JSON and three file descriptors")
        (length,) = HEADER.unpack_from(data)
        if length > MAX_REQUEST:
            raise ValueError(f"a request of {length} bytes")
        while len(data) < HEADER.size + length:
            more = connection.recv(HEADER.size + length - len(data))
            if not more:
                raise ValueError("the launcher closed its connection mid-request")
            data += more
        return json.loads(data[HEADER.size:HEADER.size + length]), fds
    except BaseException:
        for fd in fds:
            os.close(fd)
        raise


def _send(connection: socket.socket, message: dict) -> None:
    """One JSON line to a launcher; a launcher that is gone is no error of the server's."""
    try:
        connection.sendall(json.dumps(message).encode() + b"\n")
    except OSError:
        pass


def _become_kernel(request: dict, fds: list[int], inherited: list) -> None:
    """In the forked child: become the kernel jupyter_client asked for, as a fresh start would give it."""
    import time

    signal.set_wakeup_fd(-1)
    for signum in (signal.SIGCHLD, signal.SIGTERM):  # the server's handlers; a fresh kernel has the defaults
        signal.signal(signum, signal.SIG_DFL)
    for thing in inherited:  # the server's sockets, selector and pipe are no business of a kernel's
        thing.close() if hasattr(thing, "close") else os.close(thing)
    for target, fd in zip((0, 1, 2), fds):
        os.dup2(fd, target)
    for fd in fds:
        if fd > 2:
            os.close(fd)
    os.setsid()  # jupyter_client starts a kernel in a session of its own
    os.environ.clear()
    os.environ.update(request["env"])
    os.environ["JPY_PARENT_PID"] = str(os.getppid())  # its parent is the server: if the server ends, so does it
    time.tzset()
    launcher_file = getattr(sys.modules.get("ipykernel_launcher"), "__file__", None) or "ipykernel_launcher"
    sys.argv = [launcher_file, *request["args"]]
    from ipykernel import kernelapp

    kernelapp.launch_new_instance(argv=request["args"])


def serve(listening: int, folder: str, notebooks: list[str]) -> int:
    """Run the server on the listening socket ``listening`` (a descriptor the build passed on).

    Imports, then forks a kernel for each launcher that asks, until the build
    stops it. The server starts in a folder of its own (``python -m`` put that
    one first on the path, and nothing in it can shadow a module) and moves to
    ``folder``, the kernels' folder, once it is off the path: as
    ipykernel_launcher takes the kernel's folder off the path before importing.
    """
    # The build stops the server with SIGTERM: leave through ``finally``, which kills any kernel left.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    if sys.path and sys.path[0] in ("", os.getcwd()):
        del sys.path[0]
    os.chdir(folder)
    listener = socket.socket(fileno=listening)
    kernels: dict[int, socket.socket | None] = {}  # kernel's pid: its launcher's connection (None: launcher gone)
    try:
        return _serve(listener, notebooks, kernels)
    finally:
        for pid in list(kernels):
            _kill(pid)
        listener.close()


def _serve(listener: socket.socket, notebooks: list[str], kernels: dict) -> int:
    """The server's work after binding: the imports, then one fork a request until the build ends."""
    import selectors
    import warnings

    refused = _preload(notebooks)
    wakeup_read, wakeup_write = os.pipe()
    os.set_blocking(wakeup_read, False)
    os.set_blocking(wakeup_write, False)
    signal.set_wakeup_fd(wakeup_write)
    signal.signal(signal.SIGCHLD, lambda *_: None)  # a handler, so that the wakeup pipe hears of each ended kernel
    selector = selectors.DefaultSelector()
    selector.register(listener, selectors.EVENT_READ, "accept")
    selector.register(wakeup_read, selectors.EVENT_READ, "ended")
    selector.register(sys.stdin.fileno(), selectors.EVENT_READ, "build")
    launchers: set[socket.socket] = set()

    def forget(connection: socket.socket) -> None:
        selector.unregister(connection)
        launchers.discard(connection)
        connection.close()

    while True:
        for key, _ in selector.select():
            if key.data == "build":
                if not os.read(sys.stdin.fileno(), 4096):
                    return 0  # the build ended
            elif key.data == "accept":
                connection, _ = listener.accept()
                connection.settimeout(10)  # a request arrives in one piece; a silent client is dropped
                launchers.add(connection)
                selector.register(connection, selectors.EVENT_READ, "request")
            elif key.data == "request":
                connection = key.fileobj
                try:
                    request, fds = _receive_request(connection)
                except (OSError, ValueError) as error:
                    _send(connection, {"refused": f"unreadable request ({error})"})
                    forget(connection)
                    continue
                reason = _refusal(request, refused)
                if reason:
                    for fd in fds:
                        os.close(fd)
                    _send(connection, {"refused": reason})
                    forget(connection)
                    continue
                with warnings.catch_warnings():
                    # Python 3.12+ warns of a fork with threads alive: here only BLAS's idle pool,
                    # which prepares itself for a fork.
                    warnings.simplefilter("ignore", DeprecationWarning)
                    pid = os.fork()
                if pid == 0:
                    status = 1
                    try:
                        _become_kernel(request, fds, [selector, listener, *launchers, wakeup_read, wakeup_write])
                        status = 0
                    except SystemExit as stop:
                        status = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
                    except BaseException:  # noqa: BLE001 - reported on the kernel's own standard error
                        import traceback

                        traceback.print_exc()
                    finally:
                        # Never back into the server's code (its clean-up would kill the other kernels):
                        # a kernel ends as a fresh one would, its exit handlers run, then leaves at once.
                        try:
                            _run_exit_handlers()
                        finally:
                            os._exit(status)
                for fd in fds:
                    os.close(fd)
                kernels[pid] = connection
                selector.modify(connection, selectors.EVENT_READ, "launcher")
                _send(connection, {"pid": pid})
            elif key.data == "launcher":
                connection = key.fileobj
                try:
                    gone = not connection.recv(4096)
                except OSError:
                    gone = True
                if gone:  # the launcher was killed: so is its kernel
                    for pid, owner in list(kernels.items()):
                        if owner is connection:
                            _kill(pid)
                            kernels[pid] = None
                    forget(connection)
            elif key.data == "ended":
                while True:
                    try:
                        if not os.read(wakeup_read, 4096):
                            break
                    except BlockingIOError:
                        break
                _reap(kernels, forget)


def _run_exit_handlers() -> None:
    """What a normal interpreter exit runs: the ``atexit`` handlers, then flushing the standard streams."""
    import atexit

    try:
        atexit._run_exitfuncs()
    finally:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):
                pass


def _kill(pid: int) -> None:
    """Kill a kernel and everything in its session, if still there."""
    try:
        os.killpg(pid, signal.SIGKILL)
    except OSError:
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass


def _reap(kernels: dict[int, socket.socket], forget) -> None:
    """Collect every ended kernel and tell its launcher the kernel's exit status."""
    while kernels:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        connection = kernels.pop(pid, None)
        if connection is not None:
            _send(connection, {"exit": os.waitstatus_to_exitcode(status)})
            forget(connection)


# The launcher.


def launch(address: str, command: list[str]) -> int:
    """Stand for a kernel forked by the server at ``address``; ``command`` starts an ordinary kernel.

    When the server refuses or does not answer, says why on standard error
    and becomes the ordinary kernel (``exec`` of ``command``).
    """
    if command[1:3] != IPYKERNEL_LAUNCHER:
        os.execv(command[0], command)
    try:
        connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        connection.connect(address)
        payload = json.dumps({"executable": command[0], "args": command[3:], "cwd": os.getcwd(),
                              "env": dict(os.environ)}).encode()
        socket.send_fds(connection, [HEADER.pack(len(payload)) + payload], [0, 1, 2])
        replies = connection.makefile("rb")
        reply = json.loads(replies.readline() or b"{}")
    except (OSError, ValueError) as error:
        reply = {"refused": f"the server did not answer ({error})"}
    if "pid" not in reply:
        print(f"warm kernels: {reply.get('refused', 'the server ended')}; this kernel starts afresh",
              file=sys.stderr, flush=True)
        os.execv(command[0], command)
    pid = reply["pid"]

    def forward(signum, _frame):
        try:
            os.killpg(pid, signum)  # the kernel leads a session of its own, as a fresh kernel does
        except OSError:
            try:
                os.kill(pid, signum)  # not yet: it has only just been forked
            except OSError:
                pass

    for signum in FORWARDED_SIGNALS:
        signal.signal(signum, forward)
    try:
        line = replies.readline()
    except OSError:
        line = b""
    if not line:  # the server ended before the kernel did (it kills its kernels as it ends)
        return 1
    code = json.loads(line)["exit"]
    return code if code >= 0 else 128 - code


# The build's side.


class KernelServer:
    """The server of one build: started with :meth:`start`, stopped by :meth:`stop` (or leaving ``with``).

    ``notebooks`` are the chapters whose imports the server makes; ``cwd``
    the folder their kernels start in; ``env`` the environment they get
    (jupyter_client's own variables aside). ``address`` is what
    :func:`kernel_manager_class` needs; it is None when the platform cannot
    fork or pass file descriptors, and chapters then get ordinary kernels.
    """

    def __init__(self, notebooks, cwd, env: dict[str, str]):
        self.notebooks = [str(path) for path in notebooks]
        self.cwd = str(cwd)
        self.env = dict(env)
        self.address: str | None = None
        self._folder: str | None = None
        self._process = None

    def start(self) -> "KernelServer":
        """Start the server (its imports run while the caller goes on); return self."""
        import subprocess
        import tempfile

        if self._process is not None or not os.path.isdir(self.cwd):
            return self  # started already; or the folder is made later (the chapters then start the server)
        if not (hasattr(os, "fork") and hasattr(socket, "send_fds") and hasattr(socket, "AF_UNIX")):
            return self  # ordinary kernels
        # A folder of its own (mode 0700) for the socket: never in the output folder, whose files are the run's.
        self._folder = tempfile.mkdtemp(prefix="release-figures-kernels-")
        address = os.path.join(self._folder, "kernels.sock")
        # Bound and listening before the server starts: a launcher that comes while the server's
        # interpreter starts or imports waits in the queue.
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as listener:
            listener.bind(address)
            listener.listen(64)
            # The server's own output is discarded: each kernel writes to the streams its launcher passes on.
            # Its standard input is the build's: when the build ends, however it ends, so does the server.
            self._process = subprocess.Popen(
                [sys.executable, "-m", "release_figures.book.warm_kernels", "serve", str(listener.fileno()),
                 self.cwd, *self.notebooks],
                cwd=self._folder, env=self.env, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL, pass_fds=[listener.fileno()])
        self.address = address
        return self

    def stop(self) -> None:
        """Stop the server at once (it kills any kernel still running) and remove its folder."""
        import shutil
        import subprocess

        process, self._process, self.address = self._process, None, None
        if process is not None:
            process.terminate()
            try:
                process.wait(timeout=STOP_WAIT)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            process.stdin.close()
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None

    def __enter__(self) -> "KernelServer":
        return self.start()

    def __exit__(self, *_exc) -> None:
        self.stop()


def kernel_manager_class(address: str):
    """jupyter_client's kernel manager whose kernels are forked by the server at ``address`` (for papermill)."""
    from jupyter_client.manager import AsyncKernelManager

    class WarmKernelManager(AsyncKernelManager):
        """Starts the launcher, given the command an ordinary kernel would have been started with."""

        def format_kernel_cmd(self, extra_arguments=None):
            command = super().format_kernel_cmd(extra_arguments)
            return [sys.executable, "-P", "-m", "release_figures.book.warm_kernels", "launch", address, "--",
                    *command]

    return WarmKernelManager


def main(argv: list[str]) -> int:
    """``serve DESCRIPTOR FOLDER NOTEBOOK...`` or ``launch ADDRESS -- COMMAND...``."""
    if len(argv) >= 3 and argv[0] == "serve" and argv[1].isdigit():
        return serve(int(argv[1]), argv[2], argv[3:])
    if len(argv) >= 4 and argv[0] == "launch" and argv[2] == "--":
        return launch(argv[1], argv[3:])
    print("usage: python -m release_figures.book.warm_kernels serve DESCRIPTOR FOLDER NOTEBOOK... | "
          "launch ADDRESS -- COMMAND...", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
