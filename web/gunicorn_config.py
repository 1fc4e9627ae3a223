"""gunicorn settings that ``news-search serve`` passes with ``--config``.

gunicorn reads this file in its master process, so it imports nothing at the top: the
hook below runs in each worker, which has loaded the app (``web:create_app()``) already.
"""


def post_worker_init(worker: object) -> None:
    """Warm the worker's caches before it accepts a connection (``web.warmup``)."""
    from web.warmup import warm_worker

    warm_worker(worker)
