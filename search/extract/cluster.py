"""Extraction on a Dask cluster: the model runs on many machines, the index is written here.

A big first index is mostly NER (bench/README.md); the work is a pure function over
batches of texts, so it spreads over the workers of a Dask distributed cluster
(``news-search index --scheduler tcp://HOST:8786``, or the ``scheduler`` setting) while
the one writing process keeps the extraction cache and the index.

- Each worker loads the model once, on its first batch, and keeps it in its
  :class:`ModelPlugin` (the worker's own state, registered by the run): a later run on
  the same cluster finds it loaded.
- Batches go out in a bounded window (:func:`window_size` batches from the oldest one not
  back yet), so neither the cluster nor this process holds more than that many batches
  of texts or results, however large the archive.
- Results come back as they finish, each with the digest of its text, and are paired
  with articles by hash (:func:`~search.extract.pipeline.extract_articles`), never by
  arrival order.
- A worker that dies mid-batch loses nothing: the scheduler gives its batches to
  another worker (and gives up with ``KilledWorker`` after a batch has killed several,
  ``distributed.scheduler.allowed-failures``). An error raised by our code is not
  retried: extraction is deterministic, so it would fail the same way again.

Needs the optional extra ``cluster`` (``pip install news-search[cluster]``) here and on
every worker, with the spaCy model installed there too.
"""

from __future__ import annotations

import logging
import socket
import threading
import uuid
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import distributed
from distributed import Client, WorkerPlugin, as_completed
from distributed.comm import get_address_host_port

from ..config import Settings
from ..errors import ExtractionError, NewsSearchError
from ..models import Article
from .entities import load_nlp
from .pipeline import analyse_batch, ner_text

log = logging.getLogger(__name__)

#: Seconds to wait for the scheduler to answer before saying it cannot be reached.
CONNECT_TIMEOUT = 10
#: Seconds to wait for at least one worker to join a scheduler that has none.
WORKERS_TIMEOUT = 60
#: Batches in flight per worker thread: one running, one ready to start.
BATCHES_PER_THREAD = 2
#: The name our plugin has on every worker.
PLUGIN_NAME = "news-search-model"
#: Prefix of the keys of our tasks on the scheduler.
TASK_PREFIX = "news-search-ner"


class ModelPlugin(WorkerPlugin):
    """Holds the spaCy pipelines of one worker, each loaded once, on first use.

    Registered by every run under :data:`PLUGIN_NAME`; ``idempotent`` keeps the one a
    worker already has (and its loaded model) when another run registers it again.
    """

    idempotent = True

    def __init__(self) -> None:
        self.models: dict[str, Any] = {}
        self.lock = threading.Lock()

    def __getstate__(self) -> dict[str, Any]:
        # Sent to the workers empty: a lock cannot be pickled, a model should not be.
        return {}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.models = {}
        self.lock = threading.Lock()

    def nlp(self, model: str) -> Any:
        """The pipeline of ``model``, loaded by the first batch that needs it (a worker
        with several threads loads it once)."""
        with self.lock:
            if model not in self.models:
                log.info("loading %s on this worker", model)
                self.models[model] = load_nlp(model)
            return self.models[model]


def analyse_on_worker(
    model: str, batch: list[tuple[str, str, date | None]]
) -> list[tuple[str, dict[str, Any]]]:
    """A task: :func:`~search.extract.pipeline.analyse_batch` with the worker's model."""
    plugin = distributed.get_worker().plugins.get(PLUGIN_NAME)
    if not isinstance(plugin, ModelPlugin):  # each run registers it before any batch
        plugin = ModelPlugin()
    return analyse_batch(plugin.nlp(model), batch)


def connect(address: str) -> Client:
    """A client of the Dask scheduler at ``address`` that has at least one worker.

    :raises ExtractionError: the scheduler does not answer within
        :data:`CONNECT_TIMEOUT` seconds, or no worker joins it within
        :data:`WORKERS_TIMEOUT`.
    """
    if "://" not in address:  # as Dask reads it: tcp unless said otherwise
        address = f"tcp://{address}"
    try:
        host, port = get_address_host_port(address, strict=True)
    except ValueError as exc:
        raise ExtractionError(
            f"{address!r} is not the address of a Dask scheduler: give it as "
            "tcp://HOST:PORT (a scheduler listens on port 8786 unless told otherwise)"
        ) from exc
    try:
        # A plain connection first: a refused one fails at once, where the client
        # would retry until its timeout (and leave a half-made client to clean up).
        socket.create_connection((host, port), timeout=CONNECT_TIMEOUT).close()
        client = Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise ExtractionError(
            f"cannot reach the Dask scheduler at {address} ({exc}): start one there "
            "with `dask scheduler`, or leave out --scheduler to extract on this machine"
        ) from exc
    try:
        client.wait_for_workers(1, timeout=WORKERS_TIMEOUT)
    except (OSError, TimeoutError) as exc:
        client.close()
        raise ExtractionError(
            f"The Dask scheduler at {address} has no workers after {WORKERS_TIMEOUT} s; "
            f"start some with `dask worker {address}`"
        ) from exc
    return client


def check_scheduler(address: str) -> None:
    """Connect to the scheduler at ``address`` and leave: a run checks it can reach the
    cluster before it writes anything.

    :raises ExtractionError: see :func:`connect`.
    """
    connect(address).close()


def window_size(client: Client) -> int:
    """How many batches may be out at once: :data:`BATCHES_PER_THREAD` per worker
    thread of the cluster now (asked again as the run goes, so workers that join are
    used)."""
    threads = sum(client.nthreads().values())
    return max(2, BATCHES_PER_THREAD * threads)


def extract_on_cluster(
    todo: list[tuple[str, Article]],
    settings: Settings,
    progress: Callable[[int], None] | None = None,
) -> Iterator[tuple[str, dict[str, Any]]]:
    """(digest, raw extraction) of each (digest, article) of ``todo``, computed on the
    cluster at ``settings.scheduler``, in the order batches finish.

    What :func:`~search.extract.pipeline.extract_raw` yields locally, batch by batch of
    ``settings.batch_size``. Closing the iterator cancels the batches still out.

    :raises ExtractionError: the cluster cannot be reached, has no workers, or a batch
        failed there (a worker's :class:`~search.errors.NewsSearchError`, such as a model
        that is not installed, keeps its own message).
    """
    if not todo:
        return
    address = settings.scheduler or ""
    size = settings.batch_size
    starts = range(0, len(todo), size)
    run = uuid.uuid4().hex[:12]
    client = connect(address)
    out: dict[distributed.Future, int] = {}  # future -> number of its batch
    finished = as_completed(loop=client.loop)
    submitted = 0
    try:
        client.register_plugin(ModelPlugin(), name=PLUGIN_NAME)
        oldest = 0  # the first batch not back yet: the window starts there
        window = window_size(client)
        while oldest < len(starts):
            while submitted < len(starts) and submitted < oldest + window:
                start = starts[submitted]
                batch = [
                    (digest, ner_text(article), article.published)
                    for digest, article in todo[start : start + size]
                ]
                future = client.submit(
                    analyse_on_worker,
                    settings.model,
                    batch,
                    key=f"{TASK_PREFIX}-{run}-{submitted}",
                    pure=False,
                )
                out[future] = submitted
                finished.add(future)
                submitted += 1
            future = next(finished)
            raws = _result(future, address)
            del out[future]  # the scheduler forgets the batch once no client holds it
            oldest = min(out.values(), default=submitted)
            if progress:
                progress(len(raws))
            yield from raws
            if oldest < len(starts) and submitted < oldest + window:
                window = window_size(client)
    finally:
        finished.clear()
        if out:
            client.cancel(list(out))
        out.clear()
        client.close()


def _result(future: Any, address: str) -> list[tuple[str, dict[str, Any]]]:
    """The results of a finished batch; its failure as an :class:`ExtractionError`."""
    try:
        raws: list[tuple[str, dict[str, Any]]] = future.result()
    except NewsSearchError:
        raise
    except Exception as exc:  # whatever failed on the worker, said in one line
        raise ExtractionError(
            f"A batch of entity extraction failed on the Dask cluster at {address}: "
            f"{type(exc).__name__}: {exc}"
        ) from exc
    return raws
