"""A training worker process: runs one entity-model training job and writes its result.

``entity_model.validate_and_train`` starts it as ``python -m
annotator.core.suggest.train_worker JOB RESULT``: a fresh interpreter that imports only the
entity model (about 22 MB before it trains, where the command's own process holds the
database layer and the command line), reads the pickled job ``(documents, test, keep)``
from the file JOB, trains, and writes the pickled ``(model bytes, report, held-out
predictions)`` to the file RESULT. Both files are the starting process's own, in a
temporary folder only it and this process use.
"""

from __future__ import annotations

import os
import pickle
import sys


def main(argv: list[str] | None = None) -> int:
    """Run the job in ``argv[0]``, write the result to ``argv[1]``."""
    job_path, result_path = argv if argv is not None else sys.argv[1:3]
    from annotator.core.suggest import entity_model

    with open(job_path, "rb") as fh:
        documents, test, keep = pickle.load(fh)
    result = entity_model.run_job(documents, test, keep)
    del documents, test
    with open(result_path + ".part", "wb") as fh:
        pickle.dump(result, fh, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(result_path + ".part", result_path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
