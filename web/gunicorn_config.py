"""gunicorn settings that ``news-search serve`` passes with ``--config``.

gunicorn reads this file in its master process, so it imports nothing at the top: the
hook below runs in each worker, which has loaded the app (``web:create_app()``) already.
"""

#: The threaded worker keeps idle connections (a browser's preconnects) in its poller;
#: gunicorn's sync worker sat on each one until its timeout, and a page whose sockets
#: outnumbered the workers hung. The app still answers one request at a time per
#: process (``web.serial``).
worker_class = "gthread"
threads = 16  # a waiting thread costs little; 6 sockets a browser tab, a few tabs


def post_worker_init(worker: object) -> None:
    """Warm the worker's caches before it accepts a connection (``web.warmup``), then
    have it answer one request at a time (``web.serial``)."""
    from web.serial import OneAtATime
    from web.warmup import warm_worker

    warm_worker(worker)
    worker.wsgi = OneAtATime(worker.wsgi)  # type: ignore[attr-defined]
