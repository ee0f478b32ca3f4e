"""A training worker process: runs one entity-model training job and writes its result.

``entity_model.validate_and_train`` starts it as ``python -m
annotator.core.suggest.train_worker JOB RESULT``: a fresh interpreter that imports only the
entity model (about 22 MB before it trains, where the command's own process holds the
database layer and the command line), reads the pickled job ``(documents, test, keep)``
from the file JOB, trains, and writes the pickled ``(model bytes, report, held-out
predictions)`` to the file RESULT. Both files are the starting process's own, in a
temporary folder only it and this process use.

A third argument, the starting process's id, ties the worker to it: on Linux the kernel
kills the worker when the thread that started it ends (``PR_SET_PDEATHSIG``), so a command
killed with ``kill -9`` leaves no training running on without it; and the job file is
deleted once read, so no copy of the corpus outlives the run in the temporary folder.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import pickle
import signal
import sys

PR_SET_PDEATHSIG = 1
"""Linux ``prctl`` option: the signal this process gets when its parent thread ends."""


def die_with(parent: int) -> None:
    """End this process when ``parent`` does (Linux; elsewhere only a parent already gone
    is seen), so a killed command leaves no orphan training."""
    if sys.platform.startswith("linux"):
        # No libc to ask (AttributeError, OSError): the check below remains.
        with contextlib.suppress(AttributeError, OSError):
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # it ended before the tie was made
        os._exit(1)


def main(argv: list[str] | None = None) -> int:
    """Run the job in ``argv[0]``, write the result to ``argv[1]`` (``argv[2]``: the
    starting process's id, see the module)."""
    args = argv if argv is not None else sys.argv[1:]
    job_path, result_path = args[0], args[1]
    if len(args) > 2:
        die_with(int(args[2]))
    from annotator.core.suggest import entity_model

    with open(job_path, "rb") as fh:
        documents, test, keep = pickle.load(fh)
    os.unlink(job_path)
    result = entity_model.run_job(documents, test, keep)
    del documents, test
    with open(result_path + ".part", "wb") as fh:
        pickle.dump(result, fh, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(result_path + ".part", result_path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
